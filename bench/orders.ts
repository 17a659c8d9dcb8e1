// orders.list (a page of 50 with its lines) and the dashboard's other reads, at 100 concurrent
// clients over HTTP, against 100k orders / 300k lines / 20k products across 50 businesses; and the
// same SQL run bare through `pg` in the same run: the floor.
// Run: pnpm bench:orders   (BENCH_SECONDS, BENCH_CLIENTS, WEB_CONCURRENCY; DATABASE_URL or the
// embedded PostgreSQL)

import { loadavg } from 'node:os';
import { createDb, openDatabase } from '@flux/db';
import { hashPassword } from '@flux/db/password';
import { listOrdersSql } from '@flux/db/queries/order-list';
import { listProductsSql } from '@flux/db/queries/products';
import { subscriptionSql } from '@flux/db/queries/subscriptions';
import pg from 'pg';
import { benchEnv } from './env';
import {
  cpuMsBetween,
  httpClient,
  postgresCpu,
  processTreeCpu,
  spawnServer,
  timedLoad,
} from './lib';

const SECONDS = benchEnv.BENCH_SECONDS;
const CLIENTS = benchEnv.BENCH_CLIENTS;
const BUSINESSES = 50;
/** Server processes (the server's own WEB_CONCURRENCY); each has a pool of POOL_MAX connections. */
const PROCESSES = benchEnv.WEB_CONCURRENCY;
const POOL_MAX = 10;
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

async function seed() {
  const existing = await pool.query(
    `select count(*)::int as n from businesses where slug like 'bench-%'`,
  );
  if (existing.rows[0].n === BUSINESSES) return false;
  const hash = await hashPassword(PASSWORD);
  const started = performance.now();
  await pool.query('begin');
  await pool.query(
    `insert into users (email, password_hash, name)
       select 'bench' || b || '@example.test', $1, 'Bench ' || b from generate_series(1, ${BUSINESSES}) b`,
    [hash],
  );
  await pool.query(`
    insert into businesses (name, slug, country, currency, settings, order_counter)
      select 'Bench ' || b, 'bench-' || b, 'SN', 'XOF',
        '{"aiEnabled":true,"autoReply":false,"autoReplyMinConfidence":0.85,"deliveryFee":1500,"pickup":null,"dispatch":{"offerTtlSeconds":45,"maxRadiusKm":10,"maxRounds":5}}',
        2000
      from generate_series(1, ${BUSINESSES}) b`);
  await pool.query(`
    insert into memberships (business_id, user_id, role)
      select bu.id, u.id, 'owner' from businesses bu
      join users u on u.email = 'bench' || substring(bu.slug from 7) || '@example.test'
      where bu.slug like 'bench-%'`);
  await pool.query(`
    insert into products (business_id, sku, name, price, currency, stock)
      select bu.id, 'SKU-' || p, 'Produit ' || p, (500 + (p * 37) % 40000) / 500 * 500, 'XOF', 1000
      from businesses bu, generate_series(1, 400) p where bu.slug like 'bench-%'`);
  await pool.query(`
    insert into prospects (business_id, phone, name)
      select bu.id, '+22177' || lpad((row_number() over ())::text, 7, '0'), 'Client ' || c
      from businesses bu, generate_series(1, 500) c where bu.slug like 'bench-%'`);
  // 2,000 orders per business over the last 90 days, 3 lines each.
  await pool.query(`
    with b as (select id, row_number() over () as bn from businesses where slug like 'bench-%'),
    pr as (select id, business_id, row_number() over (partition by business_id) as pn from prospects),
    o as (
      select b.id as business_id, n, (select id from pr where pr.business_id = b.id and pr.pn = 1 + (n % 500)) as prospect_id
      from b, generate_series(1, 2000) n
    )
    insert into orders (business_id, number, prospect_id, status, subtotal, delivery_fee, total, currency,
                        payment_method, cash_due, delivery_address, created_at)
      select business_id, n, prospect_id,
        (array['draft','pending','confirmed','preparing','ready','out_for_delivery','delivered','cancelled','failed','returned'])[1 + n % 10]::order_status,
        0, 1500, 1500, 'XOF', 'cash_on_delivery', 0, 'Dakar',
        now() - (n || ' minutes')::interval * 60
      from o`);
  await pool.query(`
    with p as (select id, business_id, price, name, row_number() over (partition by business_id) as pn from products)
    insert into order_items (business_id, order_id, product_id, name, quantity, unit_price, line_total)
      select o.business_id, o.id, p.id, p.name, 1 + (o.number + l) % 3, p.price, p.price * (1 + (o.number + l) % 3)
      from orders o, generate_series(0, 2) l, p
      where p.business_id = o.business_id and p.pn = 1 + (o.number * 7 + l * 131) % 400`);
  await pool.query(`
    update orders o set subtotal = s.sum, total = s.sum + o.delivery_fee
      from (select order_id, sum(line_total) as sum from order_items group by order_id) s
      where s.order_id = o.id`);
  await pool.query('commit');
  await pool.query('analyze');
  console.log(`seeded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return true;
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

const input = (value: unknown) => encodeURIComponent(JSON.stringify(value));

// Every phase, the floor's too, first runs 2 s unmeasured: 100 clients arriving at once, JIT
// compilation and each connection's first prepare are start-up, not the steady state compared.
// Beside each phase's figures, the CPU it cost per successful call (warm-up included) in the
// server's processes, in PostgreSQL's (the backends of this database) and in this one (the load generator,
// and the floor's pg parsing).
const databaseName = new URL(database.url).pathname.slice(1);
const load = async (name: string, call: (client: number) => Promise<void>) => {
  const serverBefore = processTreeCpu(server.pid);
  const postgresBefore = postgresCpu(databaseName);
  const benchBefore = process.cpuUsage();
  const result = await timedLoad(
    name,
    SECONDS,
    CLIENTS,
    async (client) => {
      await call(client);
      return true;
    },
    { warmupSeconds: 2 },
  );
  const serverMs = cpuMsBetween(serverBefore, processTreeCpu(server.pid));
  const postgresMs = cpuMsBetween(postgresBefore, postgresCpu(databaseName));
  const bench = process.cpuUsage(benchBefore);
  const perCall = (ms: number | null) =>
    ms === null ? null : +(ms / Math.max(1, result.succeeded)).toFixed(2);
  return {
    ...result,
    'server CPU ms/call': perCall(serverMs),
    'bench CPU ms/call': perCall((bench.user + bench.system) / 1000),
    'PostgreSQL CPU ms/call': perCall(postgresMs),
  };
};

try {
  await seed();
  const counts = await pool.query(`
    select (select count(*) from orders)::int as orders, (select count(*) from order_items)::int as lines,
           (select count(*) from products)::int as products, (select count(*) from businesses)::int as businesses`);
  const cookies = await Promise.all(
    Array.from({ length: BUSINESSES }, (_, i) => signIn(`bench${i + 1}@example.test`)),
  );
  const businessIds = (
    await pool.query(
      `select b.id from businesses b join users u on u.email = 'bench' || substring(b.slug from 7) || '@example.test' order by substring(b.slug from 7)::int`,
    )
  ).rows.map((row: { id: string }) => row.id);

  // node:http with keep-alive, not fetch: the load generator shares the cores with the server and
  // PostgreSQL, and fetch costs it more CPU per request (httpClient in lib.ts).
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

  // Warm-up.
  for (let i = 0; i < 200; i++) await get(i, ordersPath);
  // The size of what each request carries: the server serializes and writes it, the client reads it.
  const answerBytes = async (path: string) =>
    (await (await fetch(`${base}/trpc/${path}`, { headers: { cookie: cookies[0] ?? '' } })).bytes())
      .length;
  const sizes = {
    orders: await answerBytes(ordersPath),
    dashboard: await answerBytes(dashboardPath),
  };
  const results = [
    await load('orders.list (50 with lines), HTTP', (c) => get(c, ordersPath)),
    await load('orders.list SQL bare through pg', floorOrders),
    await load('dashboard batch (business.get + products.list + orders.list active), HTTP', (c) =>
      get(c, dashboardPath),
    ),
    await load('dashboard SQL bare through pg (its 3 statements at once)', floorDashboard),
  ];
  const [http, floor, dashboard, dashboardFloor] = results;
  console.log(
    `\nFluxAsync orders bench — ${database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}, Node ${process.version}, server in its own process, ` +
      `${CLIENTS} clients, ${SECONDS} s each; data: ${JSON.stringify(counts.rows[0])}; ` +
      `load average at the end ${loadavg()
        .map((load) => load.toFixed(1))
        .join(' ')} (the machine's other work shows here)`,
  );
  console.table(results);
  console.log(
    `answers: orders.list ${sizes.orders.toLocaleString('en')} bytes, dashboard batch ${sizes.dashboard.toLocaleString('en')} bytes`,
  );
  client.close();
  if (http && floor) {
    console.log(
      `orders.list over HTTP vs bare SQL: throughput ${(http.perSecond / floor.perSecond).toFixed(2)}x, p50 ${(http.p50 / floor.p50).toFixed(2)}x, p99 ${(http.p99 / floor.p99).toFixed(2)}x`,
    );
  }
  if (dashboard && dashboardFloor && floor) {
    console.log(
      `dashboard batch over HTTP vs its bare SQL: throughput ${(dashboard.perSecond / dashboardFloor.perSecond).toFixed(2)}x, p50 ${(dashboard.p50 / dashboardFloor.p50).toFixed(2)}x, p99 ${(dashboard.p99 / dashboardFloor.p99).toFixed(2)}x (p99 ${(dashboard.p99 / floor.p99).toFixed(2)}x the orders.list floor's)`,
    );
  }
} finally {
  await pool.end();
  await server.stop();
  await database.close();
}
