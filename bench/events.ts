// Domain events end to end: 1,000 orders moved confirm → preparing → ready through the API by
// concurrent HTTP clients, against the real server (its own process, its worker inline, pg-boss
// woken by LISTEN/NOTIFY). For each order: the time from markReady's answer to its delivery
// (created by `order.status-changed`) and to its first offer (`delivery.assign`), p50/p95/max.
// Beside it, in the same run, the floors: markReady's own HTTP round trip, and a bare
// PostgreSQL NOTIFY → LISTEN round trip (idle, and while the transitions run).
// Goal: every order offered within 10 s of becoming ready, p95 ≤ 2 s.
// Run: pnpm bench:events   (BENCH_ORDERS=1000, BENCH_CLIENTS=32, BENCH_COURIERS=300;
// DATABASE_URL or embedded; a fresh database gives comparable figures)
import { openDatabase, schema } from '@flux/db';
import { hashPassword } from '@flux/db/password';
import pg from 'pg';
import { httpClient, spawnServer } from './lib';

const ORDERS = Number(process.env.BENCH_ORDERS ?? 1000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 32);
const COURIERS = Number(process.env.BENCH_COURIERS ?? 300);
const CAPACITY = 4;
const PRODUCTS = 50;
const DEADLINE_MS = 60_000;
const PASSWORD = 'bench-password-1';
const CENTER = { lat: 14.7167, lng: -17.4677 };
const HALF_BOX = 0.09; // degrees: ~10 km each way, Dakar-sized

const database = await openDatabase({ migrate: true });
const { db } = database;
const pool = new pg.Pool({ connectionString: database.url, max: 4 });

let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const inBox = () => ({
  lat: CENTER.lat + (random() * 2 - 1) * HALF_BOX,
  lng: CENTER.lng + (random() * 2 - 1) * HALF_BOX,
});
/** Wall-clock ms with sub-ms precision: compared with PostgreSQL's now() on the same machine. */
const wallNow = () => performance.timeOrigin + performance.now();
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
};
const summary = (values: number[]) => ({
  p50: +pct(values, 0.5).toFixed(1),
  p95: +pct(values, 0.95).toFixed(1),
  max: +pct(values, 1).toFixed(1),
});

// Setup, not measured: an owner, a business with its pickup point, couriers in the box, products
// with stock, and the orders, pending, each with one line and a drop-off in the box.
const run = Date.now();
const email = `bench-events-${run}@example.test`;
const [user] = await db
  .insert(schema.users)
  .values({ email, passwordHash: await hashPassword(PASSWORD), name: 'Bench events' })
  .returning();
const [business] = await db
  .insert(schema.businesses)
  .values({
    name: 'Bench events',
    slug: `bench-events-${run}`,
    country: 'SN',
    currency: 'XOF',
    orderCounter: ORDERS,
    settings: {
      ...schema.defaultBusinessSettings,
      // The AI would analyse nothing here, but is not what this bench measures.
      aiEnabled: false,
      pickup: { address: 'Dakar', ...CENTER },
      dispatch: { offerTtlSeconds: 45, maxRadiusKm: 15, maxRounds: 10 },
    },
  })
  .returning();
if (!user || !business) throw new Error('seeding the owner and the business returned nothing');
const businessId = business.id;
await db.insert(schema.memberships).values({ businessId, userId: user.id, role: 'owner' });
await db.insert(schema.couriers).values(
  Array.from({ length: COURIERS }, (_, i) => {
    const at = inBox();
    return {
      businessId,
      name: `Courier ${i}`,
      phone: `+22177${String(1_000_000 + i).slice(-7)}`,
      vehicle: 'motorbike' as const,
      status: 'available' as const,
      capacity: CAPACITY,
      lastLat: at.lat,
      lastLng: at.lng,
      lastSeenAt: new Date(),
    };
  }),
);
// Many products: confirming reserves stock, and one product for all would serialise every
// confirmation on its row, which is not what a shop's burst of orders looks like.
const products = await db
  .insert(schema.products)
  .values(
    Array.from({ length: PRODUCTS }, (_, i) => ({
      businessId,
      sku: `EV-${i}`,
      name: `Produit ${i}`,
      price: 5_000,
      currency: 'XOF' as const,
      stock: 100_000,
    })),
  )
  .returning({ id: schema.products.id, name: schema.products.name });
const [prospect] = await db
  .insert(schema.prospects)
  .values({ businessId, phone: '+221770009999', name: 'Client bench' })
  .returning();
if (!prospect) throw new Error('seeding the prospect returned nothing');
const orders = await db
  .insert(schema.orders)
  .values(
    Array.from({ length: ORDERS }, (_, i) => {
      const dropoff = inBox();
      return {
        businessId,
        number: i + 1,
        prospectId: prospect.id,
        status: 'pending' as const,
        subtotal: 5_000,
        deliveryFee: 1_000,
        total: 6_000,
        cashDue: 6_000,
        currency: 'XOF' as const,
        paymentMethod: 'cash_on_delivery' as const,
        paymentStatus: 'unpaid' as const,
        deliveryAddress: 'Dakar',
        deliveryLat: dropoff.lat,
        deliveryLng: dropoff.lng,
      };
    }),
  )
  .returning({ id: schema.orders.id, number: schema.orders.number });
await db.insert(schema.orderItems).values(
  orders.map((order) => {
    const product = products[order.number % PRODUCTS];
    if (!product) throw new Error('no product');
    return {
      businessId,
      orderId: order.id,
      productId: product.id,
      name: product.name,
      quantity: 1,
      unitPrice: 5_000,
      lineTotal: 5_000,
    };
  }),
);
await pool.query('analyze');

// The server as in production: its own process, the worker inline (RUN_WORKER's default).
const server = await spawnServer({
  DATABASE_URL: database.url,
  RUN_WORKER: 'true',
  RATE_LIMIT: 'false',
});
const base = server.base;
const http = httpClient(CLIENTS);

/** One NOTIFY from one connection until another connection that LISTENs receives it, in ms. */
async function notifyProbe() {
  const listener = new pg.Client({ connectionString: database.url });
  const sender = new pg.Client({ connectionString: database.url });
  await Promise.all([listener.connect(), sender.connect()]);
  await listener.query('listen bench_events_probe');
  let waiting: ((payload: string) => void) | undefined;
  listener.on('notification', (message) => waiting?.(message.payload ?? ''));
  return {
    async roundTrip(): Promise<number> {
      const token = String(Math.random());
      const t0 = performance.now();
      const received = new Promise<void>((resolve) => {
        waiting = (payload) => {
          if (payload === token) resolve();
        };
      });
      await sender.query('select pg_notify($1, $2)', ['bench_events_probe', token]);
      await received;
      return performance.now() - t0;
    },
    close: () => Promise.all([listener.end(), sender.end()]),
  };
}

let exitCode = 0;
try {
  const signIn = await fetch(`${base}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ json: { email, password: PASSWORD, client: 'app' } }),
  });
  const signedIn = (await signIn.json()) as { result?: { data?: { json?: { token?: string } } } };
  const token = signedIn.result?.data?.json?.token;
  if (signIn.status !== 200 || !token) throw new Error(`sign-in answered ${signIn.status}`);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const transition = async (verb: string, id: string) => {
    const status = await http.post(
      `${base}/trpc/orders.${verb}`,
      JSON.stringify({ json: { id, businessId } }),
      headers,
    );
    if (status !== 200) throw new Error(`orders.${verb} answered ${status}`);
  };

  // The LISTEN/NOTIFY floor, idle.
  const probe = await notifyProbe();
  const idleNotify: number[] = [];
  for (let i = 0; i < 200; i++) idleNotify.push(await probe.roundTrip());

  // Measured: CLIENTS loops take the next order and move it confirm → preparing → ready.
  const readyAt = new Map<string, number>();
  const markReadyMs: number[] = [];
  const loadNotify: number[] = [];
  let errors = 0;
  let next = 0;
  let loading = true;
  const prober = (async () => {
    while (loading) {
      loadNotify.push(await probe.roundTrip());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let order = orders[next++]; order; order = orders[next++]) {
        try {
          await transition('confirm', order.id);
          await transition('startPreparing', order.id);
          const t0 = performance.now();
          await transition('markReady', order.id);
          markReadyMs.push(performance.now() - t0);
          readyAt.set(order.id, wallNow());
        } catch (error) {
          errors += 1;
          if (errors <= 3) console.error(String(error));
        }
      }
    }),
  );
  const transitionsSeconds = (performance.now() - started) / 1000;
  loading = false;
  await prober;
  await probe.close();

  // Until every order that became ready has its delivery and its first offer (or the deadline).
  type Row = { order_id: string; created_ms: number; offered_ms: number | null; flagged: boolean };
  const readRows = async () =>
    (
      await pool.query<Row>(
        `select d.order_id, extract(epoch from d.created_at) * 1000 as created_ms,
           extract(epoch from (select min(e.at) from delivery_events e
             where e.delivery_id = d.id and e.type = 'offered')) * 1000 as offered_ms,
           d.needs_dispatcher as flagged
         from deliveries d where d.business_id = $1`,
        [businessId],
      )
    ).rows;
  let rows = await readRows();
  const waitStarted = performance.now();
  const settled = () =>
    rows.length >= readyAt.size && rows.every((row) => row.offered_ms !== null || row.flagged);
  while (!settled() && performance.now() - waitStarted < DEADLINE_MS) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    rows = await readRows();
  }

  const toDelivery: number[] = [];
  const toOffer: number[] = [];
  for (const row of rows) {
    const ready = readyAt.get(row.order_id);
    if (ready === undefined) continue;
    toDelivery.push(Number(row.created_ms) - ready);
    if (row.offered_ms !== null) toOffer.push(Number(row.offered_ms) - ready);
  }
  const missingDelivery = readyAt.size - toDelivery.length;
  const missingOffer = readyAt.size - toOffer.length;
  const flagged = rows.filter((row) => row.flagged).length;

  console.log(
    `\nFluxAsync events bench — ${database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}, Node ${process.version}, server in its own process with its worker inline, ` +
      `${ORDERS} orders confirm → preparing → ready by ${CLIENTS} HTTP clients, ${COURIERS} couriers (capacity ${CAPACITY}) in a ${Math.round(HALF_BOX * 2 * 111)} km box`,
  );
  console.log(
    `transitions: ${readyAt.size} orders ready in ${transitionsSeconds.toFixed(1)} s → ${Math.round(readyAt.size / transitionsSeconds)} orders/s, ` +
      `${Math.round((readyAt.size * 3) / transitionsSeconds)} transition requests/s, ${errors} failed`,
  );
  console.table([
    { 'ms after markReady answered': 'delivery created', ...summary(toDelivery) },
    { 'ms after markReady answered': 'first offer', ...summary(toOffer) },
    { 'ms after markReady answered': 'floor: markReady HTTP round trip', ...summary(markReadyMs) },
    { 'ms after markReady answered': 'floor: NOTIFY → LISTEN, idle', ...summary(idleNotify) },
    {
      'ms after markReady answered': 'floor: NOTIFY → LISTEN, during the transitions',
      ...summary(loadNotify),
    },
  ]);
  const offerP95 = pct(toOffer, 0.95);
  const offerMax = pct(toOffer, 1);
  console.log(
    `goal (all offered within 10 s, p95 ≤ 2 s): ${!missingOffer && offerMax <= 10_000 && offerP95 <= 2_000 ? 'met' : 'MISSED'}; ` +
      `without a delivery ${missingDelivery}, without an offer ${missingOffer} (left for a dispatcher ${flagged}) after ${DEADLINE_MS / 1000} s`,
  );
  // A delivery left for a dispatcher was created: the event path worked, dispatch chose not to offer.
  if (errors || missingDelivery) exitCode = 1;
} finally {
  http.close();
  await server.stop();
  await pool.end();
  await database.close();
}
process.exit(exitCode);
