// Dispatch under load: 1,000 orders become ready at once across 300 couriers in a city-sized box
// (Dakar, ~20 km across). Two job runners (as two worker processes would) assign through pg-boss;
// simulated couriers answer each offer after a random 1–10 s, declining 10% of them. Reports the
// time until every delivery was offered and accepted, offers per delivery, the highest load, and
// checks the invariants: nobody over capacity, one acceptance per delivery, none after expiry.
// Run: pnpm bench:dispatch   (BENCH_DELIVERIES=1000, BENCH_COURIERS=300; DATABASE_URL or embedded)
import { createAppServices, startJobs } from '@flux/api';
import { openDatabase, schema } from '@flux/db';
import { and, eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { acceptOffer, declineOffer } from '../packages/api/src/services/dispatch';

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

// A business with its couriers, and its orders all ready with their pending deliveries.
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
    Array.from({ length: DELIVERIES }, (_, i) => ({
      businessId,
      number: i + 1,
      prospectId: prospect?.id ?? '',
      status: 'ready' as const,
      subtotal: 10_000,
      deliveryFee: 1_000,
      total: 11_000,
      cashDue: 11_000,
      currency: 'XOF' as const,
      paymentMethod: 'cash_on_delivery' as const,
      paymentStatus: 'unpaid' as const,
    })),
  )
  .returning({ id: schema.orders.id });
const deliveries = await db
  .insert(schema.deliveries)
  .values(
    orders.map((order) => {
      const pickup = inBox();
      const dropoff = inBox();
      return {
        businessId,
        orderId: order.id,
        pickupLat: pickup.lat,
        pickupLng: pickup.lng,
        dropoffLat: dropoff.lat,
        dropoffLng: dropoff.lng,
      };
    }),
  )
  .returning({ id: schema.deliveries.id });

// Two runners, as two worker processes would be; assignment only.
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
              await acceptOffer(db, courier, SIMULATED, {
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

const started = performance.now();
await services.jobs.sendMany(
  'delivery.assign',
  deliveries.map((d) => ({ payload: { businessId, deliveryId: d.id } })),
);
let allOffered = 0;
let allAccepted = 0;
while (performance.now() - started < 300_000) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  if (!allOffered && (await count(sql`attempts >= 1 or status <> 'pending'`)) === DELIVERIES) {
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
const broken = (maxLoad?.over ?? 0) + (doubleAccepts ?? 0) + (lateAccepts ?? 0);
console.log(
  `invariants: couriers over capacity ${maxLoad?.over}, deliveries accepted twice ${doubleAccepts}, accepted after expiry ${lateAccepts}, refused courier actions ${conflicts} → ${broken === 0 ? 'none broken' : 'BROKEN'}`,
);
await close();
await database.close();
if (broken) process.exit(1);
