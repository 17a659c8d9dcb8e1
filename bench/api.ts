// The public REST API's GET /v1/orders (a page of 50) beside tRPC's orders.list (the same page,
// the same service) and the bare SQL through `pg`, in the same run, at BENCH_CLIENTS concurrent
// clients over HTTP: what the API key check, the rate limit, the per-call audit row and the
// REST presenting cost over tRPC, and both over the floor. 10k orders / 30k lines over 5 businesses.
// Run: pnpm bench:api   (BENCH_SECONDS, BENCH_CLIENTS; DATABASE_URL or the embedded PostgreSQL)

import { loadavg } from 'node:os';
import { hashApiKey } from '@flux/api/public-api';
import { createDb, openDatabase } from '@flux/db';
import { dbEnv } from '@flux/db/env';
import { hashPassword } from '@flux/db/password';
import { listOrdersSql } from '@flux/db/queries/order-list';
import pg from 'pg';
import { benchEnv } from './env';
import { httpClient, spawnServer, timedLoad } from './lib';

const SECONDS = benchEnv.BENCH_SECONDS;
const CLIENTS = benchEnv.BENCH_CLIENTS;
const BUSINESSES = 5;
const POOL_MAX = 10;
const PASSWORD = 'bench-password-1';

const database = await openDatabase({ migrate: true });
const server = await spawnServer({
  DATABASE_URL: database.url,
  RUN_WORKER: 'false',
  RATE_LIMIT: 'false',
  // The limit is counted (in-process here) but never reached: its cost is in the figures.
  API_RATE_LIMIT_PER_MINUTE: '100000000',
  DB_POOL_MAX: String(POOL_MAX),
});
const base = server.base;
const pool = new pg.Pool({ connectionString: database.url, max: POOL_MAX });
const renderer = createDb(pool);
const apiKey = (n: number) => `flx_live_${'bench'.padEnd(38, 'x')}${String(n).padStart(5, '0')}`;

async function seed() {
  const existing = await pool.query(
    `select count(*)::int as n from businesses where slug like 'apibench-%'`,
  );
  if (existing.rows[0].n === BUSINESSES) return;
  const hash = await hashPassword(PASSWORD);
  await pool.query('begin');
  await pool.query(
    `insert into users (email, password_hash, name)
       select 'apibench' || b || '@example.test', $1, 'Bench ' || b from generate_series(1, ${BUSINESSES}) b`,
    [hash],
  );
  await pool.query(`
    insert into businesses (name, slug, country, currency, order_counter)
      select 'Bench ' || b, 'apibench-' || b, 'SN', 'XOF', 2000 from generate_series(1, ${BUSINESSES}) b`);
  await pool.query(`
    insert into memberships (business_id, user_id, role)
      select bu.id, u.id, 'owner' from businesses bu
      join users u on u.email = 'apibench' || substring(bu.slug from 10) || '@example.test'
      where bu.slug like 'apibench-%'`);
  await pool.query(`
    insert into products (business_id, sku, name, price, currency, stock)
      select bu.id, 'SKU-' || p, 'Produit ' || p, 500 + (p * 37) % 40000 / 500 * 500, 'XOF', 1000
      from businesses bu, generate_series(1, 200) p where bu.slug like 'apibench-%'`);
  await pool.query(`
    insert into prospects (business_id, phone, name)
      select bu.id, '+22178' || lpad((row_number() over ())::text, 7, '0'), 'Client ' || c
      from businesses bu, generate_series(1, 300) c where bu.slug like 'apibench-%'`);
  await pool.query(`
    with b as (select id from businesses where slug like 'apibench-%'),
    pr as (select id, business_id, row_number() over (partition by business_id) as pn from prospects),
    o as (
      select b.id as business_id, n, (select id from pr where pr.business_id = b.id and pr.pn = 1 + (n % 300)) as prospect_id
      from b, generate_series(1, 2000) n
    )
    insert into orders (business_id, number, prospect_id, status, subtotal, delivery_fee, total, currency,
                        payment_method, cash_due, delivery_address, created_at)
      select business_id, n, prospect_id,
        (array['draft','pending','confirmed','preparing','ready','out_for_delivery','delivered','cancelled','failed','returned'])[1 + n % 10]::order_status,
        0, 1500, 1500, 'XOF', 'cash_on_delivery', 0, 'Dakar', now() - (n || ' minutes')::interval * 60
      from o`);
  await pool.query(`
    with p as (select id, business_id, price, name, row_number() over (partition by business_id) as pn from products)
    insert into order_items (business_id, order_id, product_id, name, quantity, unit_price, line_total)
      select o.business_id, o.id, p.id, p.name, 1 + (o.number + l) % 3, p.price, p.price * (1 + (o.number + l) % 3)
      from orders o, generate_series(0, 2) l, p
      where p.business_id = o.business_id and p.pn = 1 + (o.number * 7 + l * 131) % 200`);
  // One API key per business, read and write on orders (the key is fixed: the bench is not secret).
  const businesses = await pool.query(
    `select id, substring(slug from 10)::int as n from businesses where slug like 'apibench-%'`,
  );
  for (const row of businesses.rows as { id: string; n: number }[]) {
    await pool.query(
      `insert into api_keys (business_id, name, mode, prefix, key_hash, scopes)
         values ($1, 'bench', 'live', $2, $3, '{orders:write}')`,
      [row.id, apiKey(row.n).slice(0, 13), hashApiKey(dbEnv.ENCRYPTION_KEY, apiKey(row.n))],
    );
  }
  await pool.query('commit');
  await pool.query('analyze');
}

async function signIn(email: string): Promise<string> {
  const response = await fetch(`${base}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ json: { email, password: PASSWORD } }),
  });
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

try {
  await seed();
  const cookies = await Promise.all(
    Array.from({ length: BUSINESSES }, (_, i) => signIn(`apibench${i + 1}@example.test`)),
  );
  const businessIds = (
    await pool.query(
      `select id from businesses where slug like 'apibench-%' order by substring(slug from 10)::int`,
    )
  ).rows.map((row: { id: string }) => row.id);
  const client = httpClient(CLIENTS);
  const expectOk = (status: number) => {
    if (status !== 200) throw new Error(String(status));
  };
  const trpcPath = `${base}/trpc/orders.list?input=${encodeURIComponent(JSON.stringify({ json: { limit: 50 } }))}`;
  const rest = async (c: number) =>
    expectOk(
      await client.get(`${base}/v1/orders?limit=50`, {
        authorization: `Bearer ${apiKey((c % BUSINESSES) + 1)}`,
      }),
    );
  const trpc = async (c: number) =>
    expectOk(await client.get(trpcPath, { cookie: cookies[c % BUSINESSES] ?? '' }));
  const statements = businessIds.map((businessId) =>
    listOrdersSql(renderer, { businessId, limit: 50 }),
  );
  const floor = async (c: number) => {
    const statement = statements[c % BUSINESSES];
    if (statement) await pool.query(statement);
  };
  for (let i = 0; i < 100; i++) {
    await rest(i);
    await trpc(i);
  }
  const load = (name: string, call: (client: number) => Promise<void>) =>
    timedLoad(
      name,
      SECONDS,
      CLIENTS,
      async (c) => {
        await call(c);
        return true;
      },
      { warmupSeconds: 2 },
    );
  const results = [
    await load('REST GET /v1/orders?limit=50 (API key)', rest),
    await load('tRPC orders.list limit 50 (session cookie)', trpc),
    await load('orders.list SQL bare through pg', floor),
  ];
  console.log(
    `\nFluxAsync API bench — ${database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}, Node ${process.version}, server in its own process, ` +
      `${CLIENTS} clients, ${SECONDS} s each; load average at the end ${loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')}`,
  );
  console.table(results);
  const [restResult, trpcResult, floorResult] = results;
  if (restResult && trpcResult && floorResult) {
    console.log(
      `REST vs tRPC: throughput ${(restResult.perSecond / trpcResult.perSecond).toFixed(2)}x, p99 ${(restResult.p99 / trpcResult.p99).toFixed(2)}x; REST vs bare SQL: throughput ${(restResult.perSecond / floorResult.perSecond).toFixed(2)}x, p99 ${(restResult.p99 / floorResult.p99).toFixed(2)}x`,
    );
  }
  client.close();
} finally {
  await pool.end();
  await server.stop();
  await database.close();
}
