// The public REST API end to end on a real server and database: keys and their scopes, revoked
// and expired keys (in this process and a second one on the same database: keys are cached),
// the per-call audit rows (queued, all written by a graceful stop), Idempotency-Key,
// problem+json, the rate limit, one business never seeing another's data, and the OpenAPI
// document valid and matching the routes.
// Over 400 lines on purpose: the cases share one server and its database; a second file would pay
// that setup again, and the suite runs near its CI time limit.
import { type AppServices, createAppServices } from '@flux/api';
import { createApiKey, hashApiKey, requestFingerprint, revokeApiKey } from '@flux/api/public-api';
import type { ApiScope } from '@flux/contracts';
import { createDb, createPool, schema } from '@flux/db';
import { Validator } from '@seriousme/openapi-schema-validator';
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../testing';
import { createRestApi } from './api';

const RATE_LIMIT = 40;
const server = useTestServer({ runWorker: false, apiRateLimitPerMinute: RATE_LIMIT });
const admin = { userId: null, label: 'test' };

let base = '';
let demoId = '';
let otherId = '';
const db = () => server.running.database.db;

async function keyFor(businessId: string, scopes: ApiScope[], mode: 'live' | 'test' = 'live') {
  const { row, key } = await createApiKey(db(), admin, {
    businessId,
    serverKey: serverKey(),
    name: `test ${scopes.join(' ')}`,
    mode,
    scopes,
    expiresAt: null,
  });
  return { id: row.id, key };
}
// The server's key is the configuration's ENCRYPTION_KEY (the test env's development key).
const serverKey = () => process.env.ENCRYPTION_KEY ?? devKey;
let devKey = '';

function call(key: string | null, method: string, path: string, body?: unknown, headers = {}) {
  return fetch(`${base}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}

/**
 * The REST API of a second process on the same database (its own pool, caches and audit queue),
 * called without HTTP, with the server's keys or others (a key rotation). `close` stops it as a
 * graceful stop does.
 */
async function secondInstance(serverKeys?: { current: string; previous: string[] }) {
  const pool = createPool(server.running.database.url, 4);
  const bootstrapped = createAppServices({
    ...(serverKeys ? { serverKeys } : {}),
    db: createDb(pool),
    databaseUrl: server.running.database.url,
    log: pino({ level: 'silent' }),
    redisUrl: undefined,
    rateLimit: false,
  });
  await bootstrapped.services.authCache?.ready();
  const api = createRestApi(bootstrapped.services, { rateLimitPerMinute: 0, clientIp: () => null });
  return {
    services: bootstrapped.services,
    get: (key: string, path: string) =>
      api.request(path, { headers: { authorization: `Bearer ${key}` } }),
    async close() {
      await bootstrapped.close();
      await pool.end();
    },
  };
}

/** Resolves once `attempt` is true, within `ms`. */
async function within(ms: number, attempt: () => Promise<boolean>) {
  const started = Date.now();
  while (!(await attempt())) {
    if (Date.now() - started > ms) throw new Error(`not seen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const requestRows = (apiKeyId: string) =>
  db()
    .select()
    .from(schema.auditLogs)
    .where(
      and(eq(schema.auditLogs.action, 'api.request'), eq(schema.auditLogs.entityId, apiKeyId)),
    );

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ type: `urn:fluxasync:problem:${code}`, status, code });
  expect(typeof body.title).toBe('string');
  return body;
}

let full = { id: '', key: '' };
let readOnly = { id: '', key: '' };
let other = { id: '', key: '' };
let demoProspectId = '';

beforeAll(async () => {
  base = server.url;
  demoId = server.running.demo?.businessId ?? '';
  const { dbEnv } = await import('@flux/db/env');
  devKey = dbEnv.ENCRYPTION_KEY;
  const [business] = await db()
    .insert(schema.businesses)
    .values({ name: 'Autre boutique', slug: 'autre-boutique', country: 'SN', currency: 'XOF' })
    .returning({ id: schema.businesses.id });
  otherId = business?.id ?? '';
  await db().insert(schema.products).values({
    businessId: otherId,
    sku: 'OTHER-1',
    name: 'Produit autre',
    price: 1000,
    currency: 'XOF',
    stock: 3,
  });
  full = await keyFor(demoId, [
    'orders:write',
    'products:write',
    'prospects:write',
    'deliveries:read',
  ]);
  readOnly = await keyFor(demoId, ['orders:read', 'products:read'], 'test');
  other = await keyFor(otherId, ['orders:write', 'products:write', 'deliveries:read']);
  const [prospect] = await db()
    .select({ id: schema.prospects.id })
    .from(schema.prospects)
    .where(eq(schema.prospects.businessId, demoId))
    .limit(1);
  demoProspectId = prospect?.id ?? '';
});

describe('keys', () => {
  it('a call without a key, or with a key we never made, is a 401 problem', async () => {
    const none = await expectProblem(await call(null, 'GET', '/v1/orders'), 401, 'unauthorized');
    expect(none.detail).toContain('Authorization: Bearer');
    const forged = `flx_live_${'A'.repeat(43)}`;
    await expectProblem(await call(forged, 'GET', '/v1/orders'), 401, 'unauthorized');
  });

  it('keys are shown once: only a keyed hash and the prefix are stored', async () => {
    expect(full.key).toMatch(/^flx_live_[A-Za-z0-9_-]{43}$/);
    expect(readOnly.key).toMatch(/^flx_test_/);
    const [row] = await db().select().from(schema.apiKeys).where(eq(schema.apiKeys.id, full.id));
    expect(row?.keyHash).not.toContain(full.key.slice(9));
    expect(row?.prefix).toBe(full.key.slice(0, 13));
  });

  it('a read-only key reads, and is refused a POST with a 403 problem', async () => {
    expect((await call(readOnly.key, 'GET', '/v1/orders')).status).toBe(200);
    const refused = await expectProblem(
      await call(readOnly.key, 'POST', '/v1/products', {
        sku: 'RO-1',
        name: 'x',
        price: { amount_minor: 100, currency: 'XOF' },
      }),
      403,
      'insufficient_scope',
    );
    expect(refused.detail).toContain('products:write');
    // No scope at all for prospects.
    await expectProblem(
      await call(readOnly.key, 'GET', '/v1/prospects'),
      403,
      'insufficient_scope',
    );
    const [created] = await db()
      .select()
      .from(schema.products)
      .where(and(eq(schema.products.businessId, demoId), eq(schema.products.sku, 'RO-1')));
    expect(created).toBeUndefined();
  });

  it('a revoked key is refused at once here, and within moments by another process; an expired key is a 401', async () => {
    const elsewhere = await secondInstance();
    try {
      const revoked = await keyFor(demoId, ['orders:read']);
      // Both processes have seen (and kept) the key.
      expect((await call(revoked.key, 'GET', '/v1/orders')).status).toBe(200);
      expect((await elsewhere.get(revoked.key, '/v1/orders')).status).toBe(200);
      const keyHash = hashApiKey(serverKey(), revoked.key);
      expect(elsewhere.services.authCache?.apiKey(keyHash)?.key.id).toBe(revoked.id);

      await revokeApiKey(db(), admin, { businessId: demoId, apiKeyId: revoked.id });

      const body = await expectProblem(
        await call(revoked.key, 'GET', '/v1/orders'),
        401,
        'unauthorized',
      );
      expect(body.detail).toContain('revoked');
      await within(
        2_000,
        async () => (await elsewhere.get(revoked.key, '/v1/orders')).status === 401,
      );

      // Revoked by any other path (SQL by hand): every process hears the trigger, well before
      // the kept entry would be read again (in the second half of its 5 s).
      const other = await keyFor(demoId, ['orders:read']);
      expect((await call(other.key, 'GET', '/v1/orders')).status).toBe(200);
      expect((await elsewhere.get(other.key, '/v1/orders')).status).toBe(200);
      await db()
        .update(schema.apiKeys)
        .set({ revokedAt: new Date() })
        .where(eq(schema.apiKeys.id, other.id));
      await within(1_000, async () => (await call(other.key, 'GET', '/v1/orders')).status === 401);
      await within(
        1_000,
        async () => (await elsewhere.get(other.key, '/v1/orders')).status === 401,
      );
    } finally {
      await elsewhere.close();
    }

    const expired = await keyFor(demoId, ['orders:read']);
    await db()
      .update(schema.apiKeys)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(schema.apiKeys.id, expired.id));
    const late = await expectProblem(
      await call(expired.key, 'GET', '/v1/orders'),
      401,
      'unauthorized',
    );
    expect(late.detail).toContain('expired');
  });

  it('after a key rotation, a key made before it works, moves under the new key at its first use, and outlives the old key; one unused meanwhile does not', async () => {
    const NEW_KEY = 'bmV3LWVuY3J5cHRpb24ta2V5LWFmdGVyLXJvdGF0aW8=';
    const used = await keyFor(demoId, ['orders:read']);
    const unused = await keyFor(demoId, ['orders:read']);
    const rotating = await secondInstance({ current: NEW_KEY, previous: [serverKey()] });
    try {
      expect((await rotating.get(used.key, '/v1/orders')).status).toBe(200);
      const [row] = await db().select().from(schema.apiKeys).where(eq(schema.apiKeys.id, used.id));
      expect(row?.keyHash).toBe(hashApiKey(NEW_KEY, used.key));
      // Known under the new hash from now on, by this process's cache too.
      expect((await rotating.get(used.key, '/v1/orders')).status).toBe(200);
    } finally {
      await rotating.close();
    }
    const after = await secondInstance({ current: NEW_KEY, previous: [] });
    try {
      expect((await after.get(used.key, '/v1/orders')).status).toBe(200);
      expect((await after.get(unused.key, '/v1/orders')).status).toBe(401);
    } finally {
      await after.close();
    }
  });

  it('every call is audited with the key’s id, and last use is recorded', async () => {
    const key = await keyFor(demoId, ['orders:read']);
    await call(key.key, 'GET', '/v1/orders?limit=2');
    await call(key.key, 'GET', '/v1/orders?limit=3');
    // Queued: written just after the answers.
    await expect.poll(async () => (await requestRows(key.id)).length).toBe(2);
    const rows = await requestRows(key.id);
    expect(rows).toHaveLength(2);
    expect(rows[0]?.actorLabel).toBe(`api_key:${key.id}`);
    expect(rows[0]?.changes).toMatchObject({ method: 'GET', path: '/v1/orders', status: 200 });
    await expect
      .poll(async () => {
        const [row] = await db().select().from(schema.apiKeys).where(eq(schema.apiKeys.id, key.id));
        return row?.lastUsedAt instanceof Date;
      })
      .toBe(true);
  });
});

describe('audit rows, queued', () => {
  it('a burst of calls leaves one row each', async () => {
    const key = await keyFor(demoId, ['orders:read']);
    // Under the file's rate limit (40 a minute per key): a refused call is not audited.
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => call(key.key, 'GET', `/v1/orders?limit=${1 + (i % 5)}`)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
    await expect.poll(async () => (await requestRows(key.id)).length).toBe(30);
  });

  it('calls are answered while their rows cannot be written yet; a graceful stop writes them all', async () => {
    const key = await keyFor(demoId, ['orders:read']);
    const stopping = await secondInstance();
    // The audit table locked against writes (reads go on): the INSERTs wait, the calls do not.
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked = () => {};
    const lockHeld = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = db().transaction(async (tx) => {
      await tx.execute(sql`lock table audit_logs in exclusive mode`);
      locked();
      await released;
    });
    try {
      await lockHeld;
      const answers = await Promise.all(
        Array.from({ length: 50 }, () => stopping.get(key.key, '/v1/orders?limit=1')),
      );
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      expect(await requestRows(key.id)).toHaveLength(0);
      const closing = stopping.close();
      await new Promise((resolve) => setTimeout(resolve, 300));
      release();
      await closing;
    } finally {
      release();
      await holder;
    }
    expect(await requestRows(key.id)).toHaveLength(50);
  });
});

describe('orders', () => {
  it('lists with a cursor and filters; money is { amount_minor, currency }', async () => {
    const first = await call(full.key, 'GET', '/v1/orders?limit=2');
    expect(first.status).toBe(200);
    const page = (await first.json()) as {
      data: { id: string; total: unknown }[];
      next_cursor: string;
    };
    expect(page.data).toHaveLength(2);
    expect(page.data[0]?.total).toMatchObject({
      amount_minor: expect.any(Number),
      currency: 'XOF',
    });
    const second = (await (
      await call(
        full.key,
        'GET',
        `/v1/orders?limit=2&cursor=${encodeURIComponent(page.next_cursor)}`,
      )
    ).json()) as { data: { id: string }[] };
    expect(second.data[0]?.id).not.toBe(page.data[0]?.id);
    const pending = (await (
      await call(full.key, 'GET', '/v1/orders?status=pending,confirmed')
    ).json()) as {
      data: { status: string }[];
    };
    expect(pending.data.every((o) => ['pending', 'confirmed'].includes(o.status))).toBe(true);
    await expectProblem(
      await call(full.key, 'GET', '/v1/orders?status=nope'),
      400,
      'validation_failed',
    );
  });

  it('creates an order by SKU once per Idempotency-Key: a retry gets the same answer', async () => {
    const [product] = await db()
      .select()
      .from(schema.products)
      .where(and(eq(schema.products.businessId, demoId), eq(schema.products.active, true)))
      .limit(1);
    const body = {
      prospect_id: demoProspectId,
      lines: [{ sku: product?.sku, quantity: 2 }],
      delivery_address: 'Rue 10, Dakar',
    };
    const headers = { 'idempotency-key': 'order-abc-1' };
    const created = await call(full.key, 'POST', '/v1/orders', body, headers);
    expect(created.status).toBe(201);
    const order = (await created.json()) as {
      id: string;
      items: { unit_price: unknown }[];
      total: unknown;
    };
    expect(order.items[0]?.unit_price).toEqual({ amount_minor: product?.price, currency: 'XOF' });

    const again = await call(full.key, 'POST', '/v1/orders', body, headers);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(order);
    const made = await db()
      .select({ id: schema.orders.id })
      .from(schema.auditLogs)
      .innerJoin(schema.orders, eq(sql`${schema.orders.id}::text`, schema.auditLogs.entityId))
      .where(
        and(
          eq(schema.auditLogs.action, 'order.create'),
          eq(schema.auditLogs.actorLabel, `api_key:${full.id}`),
        ),
      );
    expect(made).toHaveLength(1);

    const changed = await call(full.key, 'POST', '/v1/orders', { ...body, note: 'autre' }, headers);
    await expectProblem(changed, 422, 'idempotency_key_reused');
  });

  it('a duplicate while the first is in flight is a 409; a refused request frees its key', async () => {
    const body = JSON.stringify({ to: 'confirmed' });
    const path = '/v1/orders/00000000-0000-4000-8000-000000000000/transition';
    await db()
      .insert(schema.apiIdempotencyKeys)
      .values({
        businessId: demoId,
        apiKeyId: full.id,
        key: 'in-flight-1',
        requestHash: requestFingerprint('POST', path, body),
        claimToken: 'someone-else',
      });
    const busy = await call(full.key, 'POST', path, body, { 'idempotency-key': 'in-flight-1' });
    await expectProblem(busy, 409, 'idempotency_in_flight');

    // Not found: nothing done, nothing kept; the same key works once the request is right.
    const missing = await call(full.key, 'POST', path, body, {
      'idempotency-key': 'free-after-404',
    });
    await expectProblem(missing, 404, 'not_found');
    const [kept] = await db()
      .select()
      .from(schema.apiIdempotencyKeys)
      .where(eq(schema.apiIdempotencyKeys.key, 'free-after-404'));
    expect(kept).toBeUndefined();
  });

  it('validation issues name their fields; a refused transition is a 400 problem', async () => {
    const invalid = await call(full.key, 'POST', '/v1/orders', {
      prospect_id: 'nope',
      lines: [{ sku: 'X', quantity: 0 }],
    });
    const body = await expectProblem(invalid, 400, 'validation_failed');
    const paths = (body.errors as { path: string }[]).map((issue) => issue.path);
    expect(paths).toContain('prospect_id');
    const unknownSku = await call(full.key, 'POST', '/v1/orders', {
      prospect_id: demoProspectId,
      lines: [{ sku: 'NO-SUCH-SKU', quantity: 1 }],
    });
    const sku = await expectProblem(unknownSku, 400, 'bad_request');
    expect(sku.errors).toEqual([
      { path: 'lines.0.sku', message: 'No product has the SKU NO-SUCH-SKU' },
    ]);
    const malformed = await call(full.key, 'POST', '/v1/orders', '{"prospect_id":');
    await expectProblem(malformed, 400, 'validation_failed');

    const [delivered] = await db()
      .select({ id: schema.orders.id })
      .from(schema.orders)
      .where(and(eq(schema.orders.businessId, demoId), eq(schema.orders.status, 'delivered')))
      .limit(1);
    const refused = await call(full.key, 'POST', `/v1/orders/${delivered?.id}/transition`, {
      to: 'pending',
    });
    await expectProblem(refused, 400, 'bad_request');
  });
});

describe('products, prospects, deliveries', () => {
  it('upserts a product by SKU and sets its stock', async () => {
    const first = await call(full.key, 'POST', '/v1/products', {
      sku: 'api-sku-1',
      name: 'Bissap 1 L',
      price: { amount_minor: 1500, currency: 'XOF' },
    });
    expect(first.status).toBe(201);
    const product = (await first.json()) as { id: string; sku: string; stock: number };
    expect(product).toMatchObject({ sku: 'API-SKU-1', stock: 0 });
    const second = await call(full.key, 'POST', '/v1/products', {
      sku: 'API-SKU-1',
      name: 'Bissap 1 litre',
      price: { amount_minor: 1750, currency: 'XOF' },
    });
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({
      id: product.id,
      name: 'Bissap 1 litre',
      price: { amount_minor: 1750 },
    });
    const euros = await call(full.key, 'POST', '/v1/products', {
      sku: 'API-SKU-1',
      name: 'x',
      price: { amount_minor: 100, currency: 'EUR' },
    });
    await expectProblem(euros, 400, 'bad_request');
    const stocked = await call(full.key, 'POST', `/v1/products/${product.id}/stock`, { stock: 12 });
    expect(await stocked.json()).toMatchObject({ stock: 12 });
  });

  it('upserts a prospect by phone, however the phone is written', async () => {
    const created = await call(full.key, 'POST', '/v1/prospects', {
      phone: '77 111 22 33',
      name: 'Fatou',
    });
    expect(created.status).toBe(201);
    const prospect = (await created.json()) as { id: string; phone: string };
    expect(prospect.phone).toBe('+221771112233');
    const updated = await call(full.key, 'POST', '/v1/prospects', {
      phone: '+221771112233',
      name: 'Fatou Sow',
    });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({ id: prospect.id, name: 'Fatou Sow' });
    const list = (await (await call(full.key, 'GET', '/v1/prospects?q=Fatou')).json()) as {
      data: { id: string }[];
    };
    expect(list.data.map((p) => p.id)).toContain(prospect.id);
  });

  it('reads a delivery with its tracking link, which opens the customer’s page and stays the same', async () => {
    const [delivery] = await db()
      .select({ id: schema.deliveries.id })
      .from(schema.deliveries)
      .innerJoin(schema.orders, eq(schema.orders.id, schema.deliveries.orderId))
      .where(
        and(eq(schema.deliveries.businessId, demoId), eq(schema.orders.status, 'out_for_delivery')),
      )
      .limit(1);
    if (!delivery) throw new Error('the demo has no delivery');
    const response = await call(full.key, 'GET', `/v1/deliveries/${delivery.id}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { tracking_url: string; order_reference: string };
    expect(body.tracking_url).toMatch(/\/t\/[A-Za-z0-9_-]{22}$/);
    expect(body.order_reference).toMatch(/^CMD-\d{6}$/);
    const page = await fetch(`${base}${new URL(body.tracking_url).pathname}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(body.order_reference);
    const again = (await (await call(full.key, 'GET', `/v1/deliveries/${delivery.id}`)).json()) as {
      tracking_url: string;
    };
    expect(again.tracking_url).toBe(body.tracking_url);
  });
});

describe('isolation', () => {
  it('a key never sees nor changes another business’s data', async () => {
    const [order] = await db()
      .select({ id: schema.orders.id })
      .from(schema.orders)
      .where(eq(schema.orders.businessId, demoId))
      .limit(1);
    const [product] = await db()
      .select({ id: schema.products.id })
      .from(schema.products)
      .where(eq(schema.products.businessId, demoId))
      .limit(1);
    const [delivery] = await db()
      .select({ id: schema.deliveries.id })
      .from(schema.deliveries)
      .where(eq(schema.deliveries.businessId, demoId))
      .limit(1);
    const list = (await (await call(other.key, 'GET', '/v1/orders')).json()) as { data: unknown[] };
    expect(list.data).toEqual([]);
    const products = (await (await call(other.key, 'GET', '/v1/products')).json()) as {
      data: { sku: string }[];
    };
    expect(products.data.map((p) => p.sku)).toEqual(['OTHER-1']);
    await expectProblem(await call(other.key, 'GET', `/v1/orders/${order?.id}`), 404, 'not_found');
    await expectProblem(
      await call(other.key, 'GET', `/v1/deliveries/${delivery?.id}`),
      404,
      'not_found',
    );
    await expectProblem(
      await call(other.key, 'POST', `/v1/orders/${order?.id}/transition`, {
        to: 'cancelled',
        reason: 'x',
      }),
      404,
      'not_found',
    );
    await expectProblem(
      await call(other.key, 'POST', `/v1/products/${product?.id}/stock`, { stock: 0 }),
      404,
      'not_found',
    );
    // A line naming another business's product is refused too.
    await expectProblem(
      await call(other.key, 'POST', '/v1/orders', {
        prospect_id: demoProspectId,
        lines: [{ product_id: product?.id, quantity: 1 }],
      }),
      404,
      'not_found',
    );
  });
});

describe('rate limit', () => {
  it('answers carry RateLimit-* headers, and the call past the limit is a 429 with Retry-After', async () => {
    const key = await keyFor(demoId, ['products:read']);
    const first = await call(key.key, 'GET', '/v1/products?limit=1');
    expect(first.headers.get('ratelimit-limit')).toBe(String(RATE_LIMIT));
    expect(first.headers.get('ratelimit-remaining')).toBe(String(RATE_LIMIT - 1));
    expect(first.headers.get('ratelimit-policy')).toBe(`${RATE_LIMIT};w=60`);
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
    for (let i = 1; i < RATE_LIMIT; i++) {
      expect((await call(key.key, 'GET', '/v1/products?limit=1')).status).toBe(200);
    }
    const over = await call(key.key, 'GET', '/v1/products?limit=1');
    await expectProblem(over, 429, 'rate_limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(over.headers.get('ratelimit-remaining')).toBe('0');
    // Per key: another key of the same business is not held back.
    expect((await call(full.key, 'GET', '/v1/products?limit=1')).status).toBe(200);
  });
});

describe('OpenAPI', () => {
  it('/openapi.json is a valid OpenAPI 3.1 document with every /v1 route, and no other', async () => {
    const response = await fetch(`${base}/openapi.json`);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);

    // The routes as Hono registered them (handlers only; middleware is method ALL).
    const api = createRestApi(
      {
        db: db(),
        config: { deliveryCodeKey: 'k', previousServerKeys: [] },
        log: server.running.log,
      } as unknown as AppServices,
      {
        rateLimitPerMinute: 0,
        clientIp: () => null,
      },
    );
    // (Each route's validators are entries of their own: the same method and path.)
    const registered = [
      ...new Set(
        api.routes
          .filter((route) => route.method !== 'ALL' && route.path.startsWith('/v1/'))
          .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`),
      ),
    ].sort();
    const documented = Object.entries(document.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
      )
      .sort();
    expect(documented).toEqual(registered);
    expect(registered).toHaveLength(10);
    // The inbound webhooks are documented too, with examples.
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/webhooks/whatsapp', '/webhooks/gmail']),
    );
    expect(JSON.stringify(document.paths['/webhooks/whatsapp'])).toContain('wamid.');
  });

  it('/docs serves the reference with its script from this server', async () => {
    const page = await fetch(`${base}/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('/docs/scalar.js');
    const script = await fetch(`${base}/docs/scalar.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(100_000);
  });

  it('an unknown /v1 route is a 404 problem', async () => {
    await expectProblem(await call(full.key, 'GET', '/v1/nothing-here'), 404, 'not_found');
  });
});
