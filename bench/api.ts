// The public REST API's GET /v1/orders (a page of 50) beside tRPC's orders.list (the same page,
// the same service) and the bare SQL through `pg`, in the same run, at BENCH_CLIENTS concurrent
// clients over HTTP: what the API key check, the rate limit, the per-call audit row and the
// REST presenting cost over tRPC, and both over the floor, in time and in CPU per call (server,
// PostgreSQL). 10k orders / 30k lines over 5 businesses.
// Run: pnpm bench:api   (BENCH_SECONDS, BENCH_CLIENTS; DATABASE_URL or the embedded PostgreSQL)

import { loadavg } from 'node:os';
import { hashApiKey } from '@flux/api/public-api';
import { createDb, openDatabase } from '@flux/db';
import { dbEnv } from '@flux/db/env';
import { listOrdersSql } from '@flux/db/queries/order-list';
import pg from 'pg';
import { benchEnv } from './env';
import { costedLoad, httpClient, seedShops, shopIds, signIn, spawnServer } from './lib';

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

try {
  await seedShops(pool, {
    prefix: 'apibench',
    businesses: BUSINESSES,
    password: PASSWORD,
    products: 200,
    prospects: 300,
    orders: 2000,
    phonePrefix: '+22178',
    // One API key per business, read and write on orders (the key is fixed: the bench is not secret).
    async extra(client) {
      const businesses = await client.query(
        `select id, substring(slug from 10)::int as n from businesses where slug like 'apibench-%'`,
      );
      for (const row of businesses.rows as { id: string; n: number }[]) {
        await client.query(
          `insert into api_keys (business_id, name, mode, prefix, key_hash, scopes)
             values ($1, 'bench', 'live', $2, $3, '{orders:write}')`,
          [row.id, apiKey(row.n).slice(0, 13), hashApiKey(dbEnv.ENCRYPTION_KEY, apiKey(row.n))],
        );
      }
    },
  });
  const cookies = await Promise.all(
    Array.from({ length: BUSINESSES }, (_, i) =>
      signIn(base, `apibench${i + 1}@example.test`, PASSWORD),
    ),
  );
  const businessIds = await shopIds(pool, 'apibench');
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
    costedLoad(name, SECONDS, CLIENTS, call, { serverPid: server.pid, databaseUrl: database.url });
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
