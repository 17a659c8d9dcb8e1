// orders.list (a page of 50 with its lines) and the dashboard's other reads, at 100 concurrent
// clients over HTTP, against 100k orders / 300k lines / 20k products across 50 businesses; and the
// same SQL run bare through `pg` in the same run: the floor.
// Run: pnpm bench:orders   (BENCH_SECONDS, BENCH_CLIENTS, WEB_CONCURRENCY, BENCH_POOL, BENCH_ROUNDS, BENCH_WARMUP; DATABASE_URL or the
// embedded PostgreSQL)

import { loadavg } from 'node:os';
import { createDb, openDatabase } from '@flux/db';
import { listOrdersSql } from '@flux/db/queries/order-list';
import { listProductsSql } from '@flux/db/queries/products';
import { subscriptionSql } from '@flux/db/queries/subscriptions';
import pg from 'pg';
import { benchEnv } from './env';
import { costedLoad, httpClient, seedShops, shopIds, signIn, spawnServer, timedLoad } from './lib';

const SECONDS = benchEnv.BENCH_SECONDS;
const CLIENTS = benchEnv.BENCH_CLIENTS;
const BUSINESSES = 50;
/** Server processes (the server's own WEB_CONCURRENCY); each has a pool of POOL_MAX connections. */
const PROCESSES = benchEnv.WEB_CONCURRENCY;
const POOL_MAX = benchEnv.BENCH_POOL;
const ROUNDS = benchEnv.BENCH_ROUNDS;
const PASSWORD = 'bench-password-1';

// The database (migrated), then the server as its own process, as in production: the load
// generator below must not share the server's event loop.
const database = await openDatabase({ migrate: true });
const profile = benchEnv.BENCH_PROFILE
  ? ['--cpu-prof', `--cpu-prof-dir=${benchEnv.BENCH_PROFILE}`]
  : [];
const server = await spawnServer(
  {
    DATABASE_URL: database.url,
    RUN_WORKER: 'false',
    RATE_LIMIT: 'false',
    DB_POOL_MAX: String(POOL_MAX),
    WEB_CONCURRENCY: String(PROCESSES),
  },
  profile,
);
const base = server.base;
// The floor gets as many connections as the server processes have between them.
const pool = new pg.Pool({ connectionString: database.url, max: POOL_MAX * PROCESSES });
// Only to render the server's statements to SQL text; the floor sends that text through `pool`.
const renderer = createDb(pool);

const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));

// Every phase, the floor's too, first runs 2 s unmeasured: 100 clients arriving at once, JIT
// compilation and each connection's first prepare are start-up, not the steady state compared.
// Beside each phase's figures, what it cost in CPU per call (costedLoad in lib.ts).
const load = (name: string, call: (client: number) => Promise<void>) =>
  costedLoad(name, SECONDS, CLIENTS, call, { serverPid: server.pid, databaseUrl: database.url });

try {
  await seedShops(pool, {
    prefix: 'bench',
    businesses: BUSINESSES,
    password: PASSWORD,
    products: 400,
    prospects: 500,
    orders: 2000,
    phonePrefix: '+22177',
  });
  const counts = await pool.query(`
    select (select count(*) from orders)::int as orders, (select count(*) from order_items)::int as lines,
           (select count(*) from products)::int as products, (select count(*) from businesses)::int as businesses`);
  const cookies = await Promise.all(
    Array.from({ length: BUSINESSES }, (_, i) =>
      signIn(base, `bench${i + 1}@example.test`, PASSWORD),
    ),
  );
  const businessIds = await shopIds(pool, 'bench');

  // Keep-alive GETs over bare sockets, not fetch nor node:http's client: the load generator shares
  // the cores with the server and PostgreSQL (httpClient in lib.ts, raw-http.ts).
  const client = httpClient(CLIENTS);
  const get = async (caller: number, path: string) => {
    const status = await client.get(`${base}/trpc/${path}`, {
      cookie: cookies[caller % BUSINESSES] ?? '',
    });
    if (status !== 200) throw new Error(String(status));
  };
  const ordersPath = `orders.list?input=${input({ json: { limit: 50 } })}`;
  const activeStatuses = ['pending', 'confirmed', 'preparing', 'ready'] as const;
  const dashboardPath = `business.get,products.list,orders.list?batch=1&input=${input({
    0: {},
    1: { json: { limit: 50, sort: 'name' } },
    2: { json: { limit: 50, status: activeStatuses } },
  })}`;

  // The floor: the statement orders.list runs (the page, its customers and lines in one), named
  // and rendered by the same query function, sent bare through pg: no HTTP, no session, no
  // presenting. Named, so pg prepares it once per connection, as the server's drizzle does.
  // Rendered once per business beforehand: the load generator's time is not the database's.
  const floorStatements = businessIds.map((businessId) =>
    listOrdersSql(renderer, { businessId, limit: 50 }),
  );
  const floorOrders = async (client: number) => {
    const statement = floorStatements[client % BUSINESSES];
    if (statement) await pool.query(statement);
  };
  // The dashboard's floor: its three statements (the subscription business.get reads, a page of
  // products by name, the active orders), sent at once as the server runs a batch's calls.
  const dashboardStatements = businessIds.map((businessId) => [
    subscriptionSql(renderer, { businessId }),
    listProductsSql(renderer, { businessId, sort: 'name', limit: 50 }),
    listOrdersSql(renderer, { businessId, limit: 50, status: [...activeStatuses] }),
  ]);
  const floorDashboard = async (client: number) => {
    const statements = dashboardStatements[client % BUSINESSES] ?? [];
    await Promise.all(statements.map((statement) => pool.query(statement)));
  };

  // Warm-up: a few calls one at a time, then load unmeasured. The server's CPU per orders.list
  // call falls for a minute of load or less as its JIT settles: V8 compiles the hot path with its
  // optimizing tier only after tens of seconds of load, sooner on a faster machine (0.76, 0.69,
  // 0.60 ms in three 6 s phases on one; 2.10, 1.57, 1.69, 1.60, 1.41 ms in 10 s phases on a
  // slower one, docs/benchmarks.md). The rounds compare steady states: the first must not pay it.
  for (let i = 0; i < 200; i++) await get(i, ordersPath);
  for (const path of benchEnv.BENCH_WARMUP > 0 ? [ordersPath, dashboardPath] : []) {
    const warm = await timedLoad('warm-up', benchEnv.BENCH_WARMUP / 2, CLIENTS, async (c) => {
      await get(c, path);
      return true;
    });
    if (warm.errors > 0) throw new Error(`warm-up: ${warm.errors} calls failed`);
  }
  // The size of what each request carries: the server serializes and writes it, the client reads it.
  const answerBytes = async (path: string) => {
    const url = `${base}/trpc/${path}`;
    const headers = { cookie: cookies[0] ?? '' };
    const raw = await client.size(url, { ...headers, 'accept-encoding': 'identity' });
    const sent = await client.size(url, headers);
    return sent.encoding === 'identity'
      ? `${raw.bytes.toLocaleString('en')} bytes`
      : `${raw.bytes.toLocaleString('en')} bytes, ${sent.bytes.toLocaleString('en')} as ${sent.encoding}`;
  };
  const sizes = {
    orders: await answerBytes(ordersPath),
    dashboard: await answerBytes(dashboardPath),
  };
  // BENCH_ROUNDS > 1: the four phases run again and again in turn, and each ratio is read within
  // its round: on a machine whose other work comes and goes, a ratio of two phases minutes apart
  // says more about that work than about the server. The medians are the figures.
  const rounds: Awaited<ReturnType<typeof load>>[][] = [];
  for (let round = 0; round < ROUNDS; round++) {
    rounds.push([
      await load('orders.list (50 with lines), HTTP', (c) => get(c, ordersPath)),
      await load('orders.list SQL bare through pg', floorOrders),
      await load('dashboard batch (business.get + products.list + orders.list active), HTTP', (c) =>
        get(c, dashboardPath),
      ),
      await load('dashboard SQL bare through pg (its 3 statements at once)', floorDashboard),
    ]);
  }
  console.log(
    `\nFluxAsync orders bench — ${database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}, Node ${process.version}, server in its own process, ` +
      `${CLIENTS} clients, ${SECONDS} s each, ${ROUNDS} round(s), ${POOL_MAX} connections per server process; data: ${JSON.stringify(counts.rows[0])}; ` +
      `load average at the end ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')} (the machine's other work shows here)`,
  );
  console.table(rounds.flat());
  console.log(
    `answers: orders.list ${sizes.orders}, dashboard batch ${sizes.dashboard} (Accept-Encoding: ${benchEnv.BENCH_ACCEPT_ENCODING})`,
  );
  client.close();
  const median = (values: number[]) => {
    const sorted = [...values].sort((x, y) => x - y);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2
      ? (sorted[middle] ?? 0)
      : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  };
  const ratios = rounds.map(([http, floor, dashboard, dashboardFloor]) => ({
    throughput: (http?.perSecond ?? 0) / (floor?.perSecond ?? 1),
    p50: (http?.p50 ?? 0) / (floor?.p50 ?? 1),
    p99: (http?.p99 ?? 0) / (floor?.p99 ?? 1),
    dashboardThroughput: (dashboard?.perSecond ?? 0) / (dashboardFloor?.perSecond ?? 1),
    dashboardP50: (dashboard?.p50 ?? 0) / (dashboardFloor?.p50 ?? 1),
    dashboardP99: (dashboard?.p99 ?? 0) / (dashboardFloor?.p99 ?? 1),
    dashboardP99OrdersFloor: (dashboard?.p99 ?? 0) / (floor?.p99 ?? 1),
  }));
  const figure = (key: keyof (typeof ratios)[number]) => {
    const values = ratios.map((ratio) => ratio[key]);
    const each =
      values.length > 1 ? ` (rounds: ${values.map((v) => v.toFixed(2)).join(', ')})` : '';
    return `${median(values).toFixed(2)}x${each}`;
  };
  console.log(
    `orders.list over HTTP vs bare SQL: throughput ${figure('throughput')}, p50 ${figure('p50')}, p99 ${figure('p99')}`,
  );
  console.log(
    `dashboard batch over HTTP vs its bare SQL: throughput ${figure('dashboardThroughput')}, p50 ${figure('dashboardP50')}, p99 ${figure('dashboardP99')} (p99 ${figure('dashboardP99OrdersFloor')} the orders.list floor's)`,
  );
} finally {
  await pool.end();
  await server.stop();
  await database.close();
}
