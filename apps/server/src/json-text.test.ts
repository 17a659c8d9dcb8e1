// orders.list's answer is JSON text PostgreSQL writes, spliced into tRPC's body by the HTTP
// handler (packages/api/src/lib/json-text.ts). Over real HTTP, through the real tRPC client and
// superjson, the page must be exactly what the rows say, read here with plain drizzle: dates
// revived as Dates, awkward text intact (quotes, backslashes, control characters, emoji, and a
// string that looks like the splice's own placeholder), large order numbers, batches, cursors,
// and the ETag's 304.
import type { AppRouter } from '@flux/api';
import { schema } from '@flux/db';
import { createTRPCClient, httpBatchLink, httpLink } from '@trpc/client';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import superjson from 'superjson';
import { beforeAll, describe, expect, it } from 'vitest';
import { signInDemo } from '../test/http';
import { useTestServer } from './testing';

const server = useTestServer({ runWorker: false });
let base = '';
let cookie = '';
let businessId = '';

const NASTY_NAME = 'Awa "la reine" \\ Ndiaye\u0001json-text:AAAA:0 😀 é\n</script>';
const NASTY_ADDRESS = 'Rue 10 × 12, "chez Fatou"\t\\\\ 🏠 \u2028';

beforeAll(async () => {
  base = server.url;
  cookie = await signInDemo(base);
  const db = server.running.database.db;
  const [order] = await db
    .select()
    .from(schema.orders)
    .orderBy(desc(schema.orders.createdAt), desc(schema.orders.id))
    .limit(1);
  if (!order) throw new Error('the demo seed has no order');
  businessId = order.businessId;
  // The newest order gets the awkward text (its customer, address and lines) and a number past
  // six digits.
  await db
    .update(schema.prospects)
    .set({ name: NASTY_NAME })
    .where(eq(schema.prospects.id, order.prospectId));
  await db
    .update(schema.orders)
    .set({ deliveryAddress: NASTY_ADDRESS, number: 12_345_678 })
    .where(eq(schema.orders.id, order.id));
  await db
    .update(schema.orderItems)
    .set({ name: NASTY_ADDRESS })
    .where(eq(schema.orderItems.orderId, order.id));
});

const headers = () => ({ origin: base, cookie });
const client = (batch: boolean) =>
  createTRPCClient<AppRouter>({
    links: [
      batch
        ? httpBatchLink({ url: `${base}/trpc`, transformer: superjson, headers })
        : httpLink({ url: `${base}/trpc`, transformer: superjson, headers }),
    ],
  });

/** The page as the rows say it, read with drizzle alone (no code of the list's). */
async function expectedPage(limit: number, offset: number) {
  const db = server.running.database.db;
  const { orders, prospects, orderItems } = schema;
  const rows = await db
    .select({ order: orders, prospect: { name: prospects.name, phone: prospects.phone } })
    .from(orders)
    .innerJoin(prospects, eq(prospects.id, orders.prospectId))
    .where(eq(orders.businessId, businessId))
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit)
    .offset(offset);
  const ids = rows.map((row) => row.order.id);
  const lines = ids.length
    ? await db
        .select()
        .from(orderItems)
        .where(and(inArray(orderItems.orderId, ids), eq(orderItems.businessId, businessId)))
        .orderBy(asc(orderItems.createdAt), asc(orderItems.id))
    : [];
  return rows.map(({ order, prospect }) => ({
    id: order.id,
    number: order.number,
    reference: `CMD-${String(order.number).padStart(6, '0')}`,
    status: order.status,
    paymentMethod: order.paymentMethod,
    total: { minor: order.total, currency: order.currency },
    deliveryAddress: order.deliveryAddress,
    conversationId: order.conversationId,
    createdAt: order.createdAt,
    prospect,
    items: lines
      .filter((line) => line.orderId === order.id)
      .map((line) => ({
        name: line.name,
        quantity: line.quantity,
        lineTotal: { minor: line.lineTotal, currency: order.currency },
      })),
  }));
}

describe('orders.list as JSON text PostgreSQL wrote', () => {
  it('over HTTP is exactly the rows: Dates revived, awkward text and large numbers intact', async () => {
    const page = await client(false).orders.list.query({ limit: 5 });
    const expected = await expectedPage(5, 0);
    expect(page.items).toEqual(expected);
    expect(page.items[0]?.createdAt).toBeInstanceOf(Date);
    expect(page.items[0]?.prospect.name).toBe(NASTY_NAME);
    expect(page.items[0]?.deliveryAddress).toBe(NASTY_ADDRESS);
    expect(page.items[0]?.reference).toBe('CMD-12345678');
    expect(page.items[0]?.items[0]?.name).toBe(NASTY_ADDRESS);
  });

  it('in a batch beside other calls, and page after page by its cursor', async () => {
    const trpc = client(true);
    const [business, first] = await Promise.all([
      trpc.business.get.query(),
      trpc.orders.list.query({ limit: 3 }),
    ]);
    expect(business.role).toBe('owner');
    expect(first.items).toEqual(await expectedPage(3, 0));
    expect(first.nextCursor).not.toBeNull();
    const second = await trpc.orders.list.query({ limit: 3, cursor: first.nextCursor ?? '' });
    expect(second.items).toEqual(await expectedPage(3, 3));
  });

  it('an unchanged page answers 304 with the same ETag', async () => {
    const url = `${base}/trpc/orders.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 10 } }))}`;
    // Uncompressed (compression.ts), so the length said is the text's own.
    const first = await fetch(url, { headers: { ...headers(), 'accept-encoding': 'identity' } });
    expect(first.status).toBe(200);
    const text = await first.text();
    // No placeholder left: each would be a quoted string starting with it.
    expect(text).not.toContain('"\\u0000json-text:');
    expect(Number(first.headers.get('content-length') ?? Buffer.byteLength(text))).toBe(
      Buffer.byteLength(text),
    );
    const etag = first.headers.get('etag') ?? '';
    const again = await fetch(url, {
      headers: {
        ...headers(),
        'accept-encoding': 'identity',
        'if-none-match': etag,
      },
    });
    expect(again.status).toBe(304);
  });
});
