// products.list answers JSON text written from PostgreSQL's text (presentProductJson), spliced
// into tRPC's body like orders.list's (json-text.test.ts). Over real HTTP, through the real tRPC
// client and superjson, every page of every sort must be exactly what the rows say, read here with
// plain drizzle and shaped by hand: Dates revived, awkward text intact (quotes, backslashes,
// control characters, emoji, a string like the splice's placeholder) in the name, description,
// synonyms and image link, inactive products, and the cursors walking the whole catalog.
import type { AppRouter } from '@flux/api';
import { money } from '@flux/contracts';
import { schema } from '@flux/db';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import superjson from 'superjson';
import { beforeAll, describe, expect, it } from 'vitest';
import { signInDemo } from '../test/http';
import { useTestServer } from './testing';

const server = useTestServer({ runWorker: false });
let base = '';
let cookie = '';
let businessId = '';

const NASTY = 'Pagne "royal" \\ wax\u0001json-text:AAAA:0 😀 é\n</script>\u2028';

beforeAll(async () => {
  base = server.url;
  cookie = await signInDemo(base);
  const db = server.running.database.db;
  const [product] = await db
    .select()
    .from(schema.products)
    .orderBy(asc(schema.products.name))
    .limit(1);
  if (!product) throw new Error('the demo seed has no product');
  businessId = product.businessId;
  await db
    .update(schema.products)
    .set({
      name: NASTY,
      description: NASTY,
      synonyms: [NASTY, 'tee', '"quoted"', 'back\\slash', '{braces,comma}'],
      imageUrl: 'https://cdn.example.test/a"b\\c.jpg',
      active: false,
    })
    .where(eq(schema.products.id, product.id));
  // Times of change unlike the times of creation, and prices and stocks shared by several
  // products: a cursor keyed on the wrong column, or ties not broken by id, shows as pages wrong.
  await db.execute(sql`update products set updated_at = created_at - (random() * interval '300 days'),
    price = 1000 * (1 + stock % 3), stock = stock % 4 where business_id = ${businessId}`);
});

const headers = () => ({ origin: base, cookie });
const trpc = () =>
  createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${base}/trpc`, transformer: superjson, headers })],
  });

const sorts = {
  newest: [desc(schema.products.createdAt), desc(schema.products.id)],
  name: [asc(schema.products.name), asc(schema.products.id)],
  price_asc: [asc(schema.products.price), asc(schema.products.id)],
  price_desc: [desc(schema.products.price), desc(schema.products.id)],
  stock_asc: [asc(schema.products.stock), asc(schema.products.id)],
} as const;

/** Every product of the business in the sort's order, as the catalog screen shows it. */
async function expectedCatalog(sort: keyof typeof sorts, active?: boolean) {
  const db = server.running.database.db;
  const { products } = schema;
  const rows = await db
    .select()
    .from(products)
    .where(
      and(
        eq(products.businessId, businessId),
        active === undefined ? undefined : eq(products.active, active),
      ),
    )
    .orderBy(...sorts[sort]);
  return rows.map((row) => ({
    id: row.id,
    sku: row.sku,
    name: row.name,
    description: row.description,
    synonyms: row.synonyms,
    imageUrl: row.imageUrl,
    price: money(row.price, row.currency, 'fr'),
    currency: row.currency,
    stock: row.stock,
    active: row.active,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}

describe('products.list as JSON text', () => {
  it('every sort, page after page by its cursor, is exactly the rows', async () => {
    const client = trpc();
    for (const sort of Object.keys(sorts) as (keyof typeof sorts)[]) {
      const seen = [];
      let cursor: string | undefined;
      do {
        const page = await client.products.list.query({ limit: 7, sort, cursor });
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      const expected = await expectedCatalog(sort);
      expect(expected.length).toBeGreaterThan(7);
      expect(seen).toEqual(expected);
    }
  });

  it('keeps awkward text, Dates and the active flag; filters and batches alike', async () => {
    const client = trpc();
    const [business, inactive, active] = await Promise.all([
      client.business.get.query(),
      client.products.list.query({ limit: 50, sort: 'name', active: false }),
      client.products.list.query({ limit: 50, sort: 'name', active: true }),
    ]);
    expect(business.role).toBe('owner');
    expect(inactive.items).toEqual(await expectedCatalog('name', false));
    expect(active.items).toEqual(await expectedCatalog('name', true));
    const nasty = inactive.items.find((item) => item.name === NASTY);
    expect(nasty?.description).toBe(NASTY);
    expect(nasty?.synonyms).toContain('{braces,comma}');
    expect(nasty?.active).toBe(false);
    expect(nasty?.createdAt).toBeInstanceOf(Date);
    expect(nasty?.updatedAt).toBeInstanceOf(Date);
    const found = await client.products.list.query({ limit: 5, q: 'royal' });
    expect(found.items.map((item) => item.id)).toEqual([nasty?.id]);
  });
});
