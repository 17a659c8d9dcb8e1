// Every list that pages with a cursor, fed cursors made up by a client: a 400 that says so, never
// a 500 (issue 14: `TypeError: value.toISOString is not a function`).
import { schema } from '@flux/db';
import { beforeAll, describe, expect, it } from 'vitest';
import { type TestUser, useTestApp } from '../testing';

const app = useTestApp({ platformAdmins: ['ops-cursor@fluxasync.test'] });

const cursor = (payload: unknown) => Buffer.from(JSON.stringify(payload)).toString('base64url');
const ID = '7d0b7c3e-3f0e-4c55-9d1a-0f7e6a3c2b11';

/** Cursors a client could send: wrong key types, dates out of range, garbage. */
const forged: [string, string][] = [
  ['a string key without the date flag', cursor({ k: 'not-a-date', id: ID })],
  ['a number key', cursor({ k: 12, id: ID })],
  ['an object key', cursor({ k: { toISOString: 1 }, id: ID })],
  ['a date flag on a number', cursor({ k: 5, d: true, id: ID })],
  ['a date before 2000', cursor({ k: '1969-12-31T00:00:00.000Z', d: true, id: ID })],
  ['a year PostgreSQL refuses', cursor({ k: '+275760-09-13T00:00:00.000Z', d: true, id: ID })],
  ['a huge number', cursor({ k: 1e300, id: ID })],
  ['a NUL in the key', cursor({ k: 'a\u0000b', id: ID })],
  ['an id that is not a uuid', cursor({ k: '2024-01-01T00:00:00.000Z', d: true, id: "1' or 1=1" })],
  ['no id', cursor({ k: '2024-01-01T00:00:00.000Z', d: true })],
  ['JSON that is not an object', cursor([1, 2])],
  ['not base64 JSON', '%%%not-a-cursor%%%'],
  ['empty JSON', cursor(null)],
];

let owner: TestUser;
let conversationId = '';

beforeAll(async () => {
  owner = await app.signUp();
  for (const [sku, price] of [
    ['A-1', 300],
    ['B-2', 100],
    ['C-3', 200],
  ] as const) {
    await owner.caller.products.create({ sku, name: `Product ${sku}`, price, stock: price / 100 });
  }
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({ businessId: owner.businessId, phone: '+221776600099', waId: '221776600099' })
    .returning();
  const [conversation] = await app.services.db
    .insert(schema.conversations)
    .values({ businessId: owner.businessId, prospectId: prospect?.id ?? '', channel: 'whatsapp' })
    .returning();
  conversationId = conversation?.id ?? '';
});

type List = (cursor: string) => Promise<unknown>;
const lists: Record<string, () => List> = {
  'audit.list': () => (c) => owner.caller.audit.list({ cursor: c }),
  'products.list (newest)': () => (c) => owner.caller.products.list({ cursor: c }),
  'products.list (name)': () => (c) => owner.caller.products.list({ cursor: c, sort: 'name' }),
  'products.list (price)': () => (c) =>
    owner.caller.products.list({ cursor: c, sort: 'price_asc' }),
  'products.list (stock)': () => (c) =>
    owner.caller.products.list({ cursor: c, sort: 'stock_asc' }),
  'orders.list': () => (c) => owner.caller.orders.list({ cursor: c }),
  'conversations.list': () => (c) => owner.caller.conversations.list({ cursor: c }),
  'conversations.messages': () => (c) =>
    owner.caller.conversations.messages({ conversationId, cursor: c }),
  'prospects.list': () => (c) => owner.caller.prospects.list({ cursor: c }),
  'deliveries.list': () => (c) => owner.caller.deliveries.list({ cursor: c }),
  'couriers.list': () => (c) => owner.caller.couriers.list({ cursor: c }),
};

const undated = [
  'products.list (name)',
  'products.list (price)',
  'products.list (stock)',
  'couriers.list',
];

describe('a forged or stale cursor', () => {
  const cases = Object.keys(lists).flatMap((list) =>
    forged.map(([what, value]) => [list, what, value] as const),
  );
  it.each(cases)('%s with %s: BAD_REQUEST "Invalid cursor"', async (list, _what, value) => {
    const call = lists[list];
    if (!call) throw new Error(list);
    const error = (await call()(value).then(
      () => null,
      (e: unknown) => e,
    )) as { code?: string; message?: string } | null;
    // A forged cursor can be well-typed for a list sorted by name or number (a string key is a
    // name, 12 a price): such a list may answer a page. None may fail on our side.
    if (error === null) {
      expect(undated).toContain(list);
      return;
    }
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/Invalid cursor/);
  });

  it('jobs.parkedWebhooks: a `before` date PostgreSQL cannot hold is BAD_REQUEST', async () => {
    const ops = await app.signUp({ email: 'ops-cursor@fluxasync.test' });
    for (const receivedAt of [new Date(-1e15), new Date(8.64e15), '-029719-04-05T22:13:20.000Z']) {
      await expect(
        ops.caller.jobs.parkedWebhooks({ before: { receivedAt: receivedAt as Date, id: ID } }),
      ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    const page = await ops.caller.jobs.parkedWebhooks({
      before: { receivedAt: new Date(), id: ID },
    });
    expect(page.items).toEqual([]);
  });

  it('dates out of a column’s range in other inputs are BAD_REQUEST too', async () => {
    const far = new Date(-1e15);
    await expect(owner.caller.orders.list({ from: far })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      owner.caller.analytics.ordersByStatus({ from: far, to: new Date(-1e15 + 86_400_000) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('a cursor the server gave', () => {
  it.each([
    ['newest', ['C-3', 'B-2', 'A-1']],
    ['name', ['A-1', 'B-2', 'C-3']],
    ['price_asc', ['B-2', 'C-3', 'A-1']],
    ['price_desc', ['A-1', 'C-3', 'B-2']],
    ['stock_asc', ['B-2', 'C-3', 'A-1']],
  ] as const)('walks products sorted by %s, one per page', async (sort, skus) => {
    const seen: string[] = [];
    let next: string | undefined;
    for (let i = 0; i < 5; i++) {
      const result = await owner.caller.products.list({ sort, limit: 1, cursor: next });
      seen.push(...result.items.map((item) => item.sku));
      if (!result.nextCursor) break;
      next = result.nextCursor;
    }
    expect(seen).toEqual(skus);
  });
});
