// A refusal as the clients receive it over HTTP (the errorFormatter, not a server-side caller):
// a reason key and its parameters for a domain refusal, zod's code, parameters and field path
// for bad input, and nothing of the server's insides (no stack, no SQL).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { sql } from 'drizzle-orm';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { appErrorFromDatabase, notFound } from './lib/errors';
import { appRouter } from './root';
import { type TestUser, useTestApp } from './testing';
import { createContext } from './trpc';

const app = useTestApp();

type Refusal = {
  error: {
    json: {
      message: string;
      data: {
        code: string;
        httpStatus: number;
        reason: string;
        params: Record<string, unknown>;
        stack?: string;
        zodError: { issues: { path: string; code: string; params: Record<string, unknown> }[] };
      };
    };
  };
};

/** One tRPC mutation over HTTP, as the dashboard sends it. */
async function mutate(user: TestUser, path: string, input: unknown): Promise<Refusal> {
  const response = await fetchRequestHandler({
    endpoint: '/trpc',
    router: appRouter,
    req: new Request(`http://localhost/trpc/${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(superjson.serialize(input)),
    }),
    createContext: ({ resHeaders }) =>
      createContext(app.services, {
        headers: new Headers({ authorization: `Bearer ${user.token}` }),
        resHeaders,
        ip: '127.0.0.1',
        secureCookies: false,
      }),
  });
  expect(response.status).toBeGreaterThanOrEqual(400);
  return (await response.json()) as Refusal;
}

describe('a refusal over tRPC', () => {
  it('confirming beyond stock carries stock.insufficient with the product, what is left and what was ordered', async () => {
    const owner = await app.signUp();
    const caller = await app.as(owner.token);
    const wax = await caller.products.create({
      sku: 'WAX',
      name: 'Pagne wax',
      price: 7500,
      stock: 2,
    });
    const prospect = await caller.prospects.create({ name: 'Awa', phone: '+221771112233' });
    const order = await caller.orders.create({
      prospectId: prospect.id,
      lines: [{ productId: wax.id, quantity: 3 }],
      status: 'draft',
    });
    await caller.orders.submit({ id: order.id });

    const refusal = (await mutate(owner, 'orders.confirm', { id: order.id })).error.json;
    expect(refusal.data).toMatchObject({
      code: 'CONFLICT',
      httpStatus: 409,
      reason: 'stock.insufficient',
      params: { product: 'Pagne wax', available: 2, ordered: 3 },
    });
    expect(refusal.data.stack).toBeUndefined();
  });

  it('bad input carries zod’s code, what it measured and the field’s path, per issue', async () => {
    const owner = await app.signUp();
    const refusal = (
      await mutate(owner, 'products.create', { sku: 'X', name: 'x'.repeat(201), price: 100 })
    ).error.json;
    expect(refusal.data).toMatchObject({ code: 'BAD_REQUEST', reason: 'bad_request', params: {} });
    expect(refusal.data.zodError.issues).toContainEqual(
      expect.objectContaining({
        path: 'name',
        code: 'too_big',
        params: expect.objectContaining({ maximum: 200, origin: 'string' }),
      }),
    );
  });

  it('an API key’s expiry: in the past, or beyond ten years (the year 275760 too), is refused with its reason', async () => {
    const owner = await app.signUp();
    const create = (expiresAt: unknown) =>
      mutate(owner, 'apiKeys.create', { name: 'Site', scopes: ['orders:read'], expiresAt });
    const day = 86_400_000;
    const cases: [unknown, string][] = [
      [new Date(Date.now() - day), 'api_key.expiry_past'],
      [new Date(Date.now() + 11 * 365 * day), 'api_key.expiry_too_far'],
      ['+275760-09-13T00:00:00.000Z', 'api_key.expiry_too_far'],
    ];
    for (const [expiresAt, reason] of cases) {
      const refusal = (await create(expiresAt)).error.json;
      expect(refusal.data).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400, reason });
    }
    expect((await create(new Date(Date.now() + 11 * 365 * day))).error.json.data.params).toEqual({
      years: 10,
    });
    const caller = await app.as(owner.token);
    const inNineYears = new Date(Date.now() + 9 * 365 * day);
    const made = await caller.apiKeys.create({
      name: 'Site',
      scopes: ['orders:read'],
      expiresAt: inNineYears,
    });
    expect(made.created.expiresAt?.getTime()).toBe(inNineYears.getTime());
  });

  it('a database refusal carries its own reason, without the SQL or the constraint’s insides', async () => {
    const caught = await app.services.db
      .transaction(async (tx) => {
        await tx.execute(sql`create temp table twice (id int primary key) on commit drop`);
        await tx.execute(sql`insert into twice values (1), (1)`);
      })
      .catch((error: unknown) => error);
    const refusal = appErrorFromDatabase(caught);
    expect(refusal).toMatchObject({ code: 'CONFLICT', reason: 'db.duplicate', params: {} });
  });
});

describe('notFound', () => {
  it('names the reason after its subject, or the generic one for a subject without texts', () => {
    expect(notFound('Quick reply').reason).toBe('quick_reply.not_found');
    expect(notFound('Spaceship').reason).toBe('not_found');
  });

  it('every subject the server names has a reason of its own (and so texts in both apps)', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const subjects = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) {
          for (const match of readFileSync(path, 'utf8').matchAll(/notFound\('([^']+)'/g)) {
            if (match[1]) subjects.add(match[1]);
          }
        }
      }
    };
    walk(join(root, 'src'));
    expect(subjects.size).toBeGreaterThan(10);
    const without = [...subjects].filter((subject) => notFound(subject).reason === 'not_found');
    expect(without).toEqual([]);
  });
});
