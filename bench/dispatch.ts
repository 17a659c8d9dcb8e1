// Dispatch under load: 1,000 orders become ready at once across 300 couriers in a city-sized box
// (Dakar, ~20 km across). They become ready the way the API makes them (transitionOrder), so the
// whole event path runs: `order.status-changed` creates each delivery and enqueues its
// `delivery.assign`. Two job runners (as two worker processes would) work the jobs; simulated
// couriers answer each offer after a random 1–10 s, declining 10% of them. Reports the time from
// the transitions until every delivery was created, offered and accepted, each order's time from
// ready to its first offer, offers per delivery, the highest load, and checks the invariants:
// nobody over capacity, one acceptance per delivery, none after expiry.
// Run: pnpm bench:dispatch   (BENCH_DELIVERIES=1000, BENCH_COURIERS=300; DATABASE_URL or embedded)
import { createAppServices, startJobs } from '@flux/api';
import { acceptOffer, declineOffer } from '@flux/api/services/dispatch';
import { transitionOrder } from '@flux/api/services/orders';
import { openDatabase, schema } from '@flux/db';
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';

const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 1000);
const COURIERS = Number(process.env.BENCH_COURIERS ?? 300);
const CAPACITY = 4;
const CENTER = { lat: 14.7167, lng: -17.4677 };
const HALF_BOX = 0.09; // degrees: ~10 km each way

const database = await openDatabase({ migrate: true });
const { db } = database;
const { services, close } = createAppServices({
  db,
  log: pino({ level: 'warn' }),
  redisUrl: undefined,
});

let seed = 42;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
};
const inBox = () => ({
  lat: CENTER.lat + (random() * 2 - 1) * HALF_BOX,
  lng: CENTER.lng + (random() * 2 - 1) * HALF_BOX,
});

// A business with its pickup point and couriers, and its orders being prepared, each with its
// drop-off in the box (the pickup of every delivery is the business's, as createDelivery sets it).
const slug = `bench-dispatch-${Date.now()}`;
const [business] = await db
  .insert(schema.businesses)
  .values({
    name: 'Bench dispatch',
    slug,
    country: 'SN',
    currency: 'XOF',
    settings: {
      ...schema.defaultBusinessSettings,
      pickup: { address: 'Dakar', ...CENTER },
      dispatch: { offerTtlSeconds: 45, maxRadiusKm: 15, maxRounds: 10 },
    },
  })
  .returning();
const businessId = business?.id ?? '';
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
const [prospect] = await db
  .insert(schema.prospects)
  .values({ businessId, phone: '+221770009999' })
  .returning();
const orders = await db
  .insert(schema.orders)
  .values(
    Array.from({ length: DELIVERIES }, (_, i) => {
      const dropoff = inBox();
      return {
        businessId,
        number: i + 1,
        prospectId: prospect?.id ?? '',
        status: 'preparing' as const,
        subtotal: 10_000,
        deliveryFee: 1_000,
        total: 11_000,
        cashDue: 11_000,
        currency: 'XOF' as const,
        paymentMethod: 'cash_on_delivery' as const,
        paymentStatus: 'unpaid' as const,
        deliveryAddress: 'Dakar',
        deliveryLat: dropoff.lat,
        deliveryLng: dropoff.lng,
      };
    }),
  )
  .returning({ id: schema.orders.id });

// Two runners, as two worker processes would be; every queue, as a worker works them.
const runners = await Promise.all(
  [1, 2].map(() =>
    startJobs(database.url, services, {
      work: true,
      schedule: false,
    }),
  ),
);

// The simulated couriers: each offer answered after 1–10 s, 10% declined.
const SIMULATED = { userId: null, label: 'simulated courier', ip: null };
const answered = new Set<string>();
let declines = 0;
let conflicts = 0;
const pending: Promise<void>[] = [];
let watching = true;
const watcher = (async () => {
  while (watching) {
    const offers = await db
      .select({
        id: schema.deliveries.id,
        courierId: schema.deliveries.courierId,
        attempts: schema.deliveries.attempts,
      })
      .from(schema.deliveries)
      .where(
        and(eq(schema.deliveries.businessId, businessId), eq(schema.deliveries.status, 'offered')),
      );
    for (const offer of offers) {
      const key = `${offer.id}:${offer.attempts}`;
      if (answered.has(key) || !offer.courierId) continue;
      answered.add(key);
      const courier = { id: offer.courierId, businessId };
      const decline = random() < 0.1;
      const delay = 1_000 + random() * 9_000;
      pending.push(
        new Promise<void>((resolve) => setTimeout(resolve, delay)).then(async () => {
          try {
            if (decline) {
              declines += 1;
              await declineOffer(db, services.jobs, courier, SIMULATED, {
                deliveryId: offer.id,
                clientActionId: `sim-${key}`,
                reason: 'busy',
              });
            } else {
              await acceptOffer(db, services.jobs, courier, SIMULATED, {
                deliveryId: offer.id,
                clientActionId: `sim-${key}`,
              });
            }
          } catch {
            conflicts += 1;
          }
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
})();

const count = async (where: ReturnType<typeof sql>) =>
  Number(
    (
      await db.execute<{ n: number }>(
        sql`select count(*)::int as n from deliveries where business_id = ${businessId} and (${where})`,
      )
    ).rows[0]?.n ?? 0,
  );

// Every order becomes ready at once through the service the API calls, as many at a time as
// the pool has connections: each transition commits its order.status-changed event.
const SHOP = { userId: null, label: 'bench shop', ip: null };
const readyAt = new Map<string, number>();
const wallNow = () => performance.timeOrigin + performance.now();
const started = performance.now();
let nextOrder = 0;
await Promise.all(
  Array.from({ length: 10 }, async () => {
    for (let order = orders[nextOrder++]; order; order = orders[nextOrder++]) {
      await transitionOrder(db, services.jobs, SHOP, {
        businessId,
        orderId: order.id,
        to: 'ready',
      });
      readyAt.set(order.id, wallNow());
    }
  }),
);
const allReady = performance.now() - started;
let allCreated = 0;
let allOffered = 0;
let allAccepted = 0;
while (performance.now() - started < 300_000) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  if (!allCreated && (await count(sql`true`)) === DELIVERIES) {
    allCreated = performance.now() - started;
  }
  if (
    allCreated &&
    !allOffered &&
    (await count(sql`attempts >= 1 or status <> 'pending' or needs_dispatcher`)) === DELIVERIES
  ) {
    allOffered = performance.now() - started;
  }
  const settled = await count(sql`status = 'accepted' or needs_dispatcher`);
  if (settled === DELIVERIES) {
    allAccepted = performance.now() - started;
    break;
  }
}
watching = false;
await watcher;
await Promise.all(pending);
await Promise.all(runners.map((runner) => runner.stop()));

// Each order's time from its transition's commit to its delivery and to its first offer.
const firsts = (
  await db.execute<{ order_id: string; created_ms: number; offered_ms: number | null }>(sql`
    select d.order_id, extract(epoch from d.created_at) * 1000 as created_ms,
      extract(epoch from (select min(e.at) from delivery_events e
        where e.delivery_id = d.id and e.type = 'offered')) * 1000 as offered_ms
    from deliveries d where d.business_id = ${businessId}`)
).rows;
const sinceReady = (pick: (row: (typeof firsts)[number]) => number | null) =>
  firsts.flatMap((row) => {
    const ready = readyAt.get(row.order_id);
    const at = pick(row);
    return ready === undefined || at === null ? [] : [Number(at) - ready];
  });
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN,
  );
};
const toOffer = sinceReady((row) => row.offered_ms);

const stats = (
  await db.execute<{
    accepted: number;
    flagged: number;
    offers_avg: number;
    offers_max: number;
  }>(sql`
    select count(*) filter (where status = 'accepted')::int as accepted,
      count(*) filter (where needs_dispatcher)::int as flagged,
      round(avg(attempts), 2)::float8 as offers_avg, max(attempts)::int as offers_max
    from deliveries where business_id = ${businessId}`)
).rows[0];
const maxLoad = (
  await db.execute<{ max_load: number; over: number }>(sql`
    with load as (
      select c.id, c.capacity, count(d.id) as n from couriers c
      left join deliveries d on d.courier_id = c.id and d.status in ('offered', 'accepted', 'picked_up')
      where c.business_id = ${businessId} group by c.id
    ) select max(n)::int as max_load, count(*) filter (where n > capacity)::int as over from load`)
).rows[0];
const doubleAccepts = (
  await db.execute<{ n: number }>(sql`
    select count(*)::int as n from (
      select delivery_id from delivery_events where business_id = ${businessId} and type = 'accepted'
      group by delivery_id having count(*) > 1) x`)
).rows[0]?.n;
const lateAccepts = (
  await db.execute<{ n: number }>(sql`
    select count(*)::int as n from delivery_events a
    join lateral (select max(at) as at from delivery_events o
      where o.delivery_id = a.delivery_id and o.type = 'offered' and o.at <= a.at) o on true
    where a.business_id = ${businessId} and a.type = 'accepted' and a.at > o.at + interval '45 seconds'`)
).rows[0]?.n;

console.log(
  `\nFluxAsync dispatch bench — ${database.embedded ? 'embedded PostgreSQL' : 'DATABASE_URL'}, Node ${process.version}, ${DELIVERIES} deliveries, ${COURIERS} couriers (capacity ${CAPACITY}) in a ${Math.round(HALF_BOX * 2 * 111)} km box, 2 job runners`,
);
console.table([
  {
    'all ready (s)': +(allReady / 1000).toFixed(1),
    'all created (s)': +(allCreated / 1000).toFixed(1),
    'all offered (s)': +(allOffered / 1000).toFixed(1),
    'all accepted (s)': +(allAccepted / 1000).toFixed(1),
    accepted: stats?.accepted,
    'for a dispatcher': stats?.flagged,
    'offers/delivery avg': stats?.offers_avg,
    'offers/delivery max': stats?.offers_max,
    declines,
    'max load': maxLoad?.max_load,
  },
]);
console.log(
  `ready → first offer, per order: p50 ${pct(toOffer, 0.5)} ms, p95 ${pct(toOffer, 0.95)} ms, max ${pct(toOffer, 1)} ms (${toOffer.length} offered)`,
);
const broken = (maxLoad?.over ?? 0) + (doubleAccepts ?? 0) + (lateAccepts ?? 0);
console.log(
  `invariants: couriers over capacity ${maxLoad?.over}, deliveries accepted twice ${doubleAccepts}, accepted after expiry ${lateAccepts}, refused courier actions ${conflicts} → ${broken === 0 ? 'none broken' : 'BROKEN'}`,
);
await close();
await database.close();
if (broken) process.exit(1);
