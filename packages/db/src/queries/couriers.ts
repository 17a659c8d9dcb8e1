// Couriers' SQL: the board, the record of a signed-in courier, positions, the courier load (one
// count for the board, the app and both assignments), cash, and the ranking of candidates for a
// delivery (its weights come from the service that owns them).
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { couriers, deliveries, deliveryEvents } from '../schema';
import { carrying, type Lock } from './deliveries';
import { type After, afterKey } from './keyset';

export type CourierRow = typeof couriers.$inferSelect;

export async function courierById(
  db: Db,
  params: { businessId: string; courierId: string; lock?: Lock },
): Promise<CourierRow | undefined> {
  const query = db
    .select()
    .from(couriers)
    .where(and(eq(couriers.businessId, params.businessId), eq(couriers.id, params.courierId)))
    .$dynamic();
  if (params.lock) query.for('update', params.lock === 'skip-locked' ? { skipLocked: true } : {});
  const [row] = await query;
  return row;
}

/** The active courier record a signed-in member has in this business. */
export async function activeCourierOfUser(
  db: Db,
  params: { businessId: string; userId: string },
): Promise<CourierRow | undefined> {
  const [row] = await db
    .select()
    .from(couriers)
    .where(
      and(
        eq(couriers.businessId, params.businessId),
        eq(couriers.userId, params.userId),
        eq(couriers.active, true),
      ),
    );
  return row;
}

export async function insertCourier(
  db: Db,
  params: { businessId: string; values: Omit<typeof couriers.$inferInsert, 'businessId'> },
): Promise<CourierRow> {
  const [row] = await db
    .insert(couriers)
    .values({ ...params.values, businessId: params.businessId })
    .returning();
  if (!row) throw new Error('courier insert returned nothing');
  return row;
}

export async function updateCourier(
  db: Db,
  params: {
    businessId: string;
    courierId: string;
    set: Partial<Omit<typeof couriers.$inferInsert, 'businessId' | 'id'>>;
  },
): Promise<CourierRow | undefined> {
  const [row] = await db
    .update(couriers)
    .set(params.set)
    .where(and(eq(couriers.businessId, params.businessId), eq(couriers.id, params.courierId)))
    .returning();
  return row;
}

/** The courier's last position, unless a later one is already stored (a late fix is ignored). */
export async function moveCourier(
  db: Db,
  params: { businessId: string; courierId: string; lat: number; lng: number; at: Date },
): Promise<boolean> {
  const rows = await db
    .update(couriers)
    .set({ lastLat: params.lat, lastLng: params.lng, lastSeenAt: params.at })
    .where(
      and(
        eq(couriers.businessId, params.businessId),
        eq(couriers.id, params.courierId),
        or(isNull(couriers.lastSeenAt), sql`${couriers.lastSeenAt} <= ${params.at}`),
      ),
    )
    .returning({ id: couriers.id });
  return rows.length > 0;
}

/** Active couriers by name, after a position. */
export function listCouriers(
  db: Db,
  params: {
    businessId: string;
    status?: CourierRow['status'] | undefined;
    after?: After | undefined;
    limit: number;
  },
): Promise<CourierRow[]> {
  return db
    .select()
    .from(couriers)
    .where(
      and(
        eq(couriers.businessId, params.businessId),
        eq(couriers.active, true),
        params.status ? eq(couriers.status, params.status) : undefined,
        params.after ? afterKey(couriers.name, couriers.id, 'asc', params.after) : undefined,
      ),
    )
    .orderBy(asc(couriers.name), asc(couriers.id))
    .limit(params.limit);
}

/**
 * The courier load: deliveries each courier carries now (CARRYING), by courier id; a courier
 * carrying none is absent (load 0). `exceptDeliveryId` leaves out the delivery being reassigned.
 */
export async function courierLoads(
  db: Db,
  params: { businessId: string; courierIds: string[]; exceptDeliveryId?: string },
): Promise<Map<string, number>> {
  if (params.courierIds.length === 0) return new Map();
  const rows = await db
    .select({ courierId: deliveries.courierId, n: sql<number>`count(*)::int` })
    .from(deliveries)
    .where(
      and(
        carrying(params.businessId, params.exceptDeliveryId),
        inArray(deliveries.courierId, params.courierIds),
      ),
    )
    .groupBy(deliveries.courierId);
  return new Map(rows.flatMap((row) => (row.courierId ? [[row.courierId, row.n]] : [])));
}

/** One courier's load (see courierLoads). */
export async function courierLoad(
  db: Db,
  params: { businessId: string; courierId: string; exceptDeliveryId?: string },
): Promise<number> {
  const loads = await courierLoads(db, {
    businessId: params.businessId,
    courierIds: [params.courierId],
    ...(params.exceptDeliveryId ? { exceptDeliveryId: params.exceptDeliveryId } : {}),
  });
  return loads.get(params.courierId) ?? 0;
}

/** Cash per courier, in minor units: collected on delivered orders and handed over. */
export function courierCash(
  db: Db,
  params: { businessId: string; courierId?: string | undefined },
) {
  return db
    .select({
      courierId: couriers.id,
      name: couriers.name,
      collected:
        sql<number>`coalesce(sum(${deliveries.cashCollected}) filter (where ${deliveries.status} = 'delivered'), 0)::bigint`.mapWith(
          Number,
        ),
      handedOver: couriers.cashHandedOver,
    })
    .from(couriers)
    .leftJoin(
      deliveries,
      and(eq(deliveries.courierId, couriers.id), eq(deliveries.businessId, couriers.businessId)),
    )
    .where(
      and(
        eq(couriers.businessId, params.businessId),
        params.courierId ? eq(couriers.id, params.courierId) : undefined,
      ),
    )
    .groupBy(couriers.id)
    .orderBy(asc(couriers.name));
}

export async function addCashHandedOver(
  db: Db,
  params: { businessId: string; courierId: string; amount: number },
): Promise<void> {
  await db
    .update(couriers)
    .set({ cashHandedOver: sql`${couriers.cashHandedOver} + ${params.amount}` })
    .where(and(eq(couriers.businessId, params.businessId), eq(couriers.id, params.courierId)));
}

/** Starts the courier's fairness clock again: they were just offered a delivery. */
export async function markOffered(
  db: Db,
  params: { businessId: string; courierId: string },
): Promise<void> {
  await db
    .update(couriers)
    .set({ lastOfferAt: sql`now()` })
    .where(and(eq(couriers.businessId, params.businessId), eq(couriers.id, params.courierId)));
}

export type Candidate = {
  id: string;
  capacity: number;
  load: number;
  distance_m: number;
  score: number;
};

/**
 * A page of couriers who could take a delivery, best first: active, available, seen in the last
 * `freshMinutes`, with free capacity, inside the bounding box then the radius around the pickup,
 * never one who declined it or let it expire, nor one in `excluded`. The score's weights are the
 * service's (see services/dispatch/assignment.ts).
 */
export async function rankCandidates(
  db: Db,
  params: {
    businessId: string;
    deliveryId: string;
    lat: number;
    lng: number;
    radiusKm: number;
    freshMinutes: number;
    excluded: string[];
    limit: number;
    weights: { distance: number; load: number; fairness: number; fairnessHorizonS: number };
  },
): Promise<Candidate[]> {
  const { businessId, lat, lng, weights } = params;
  const radiusM = params.radiusKm * 1000;
  const dLat = params.radiusKm / 111.32;
  const dLng = params.radiusKm / (111.32 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  const result = await db.execute<Candidate>(sql`
      with load as (
        select ${deliveries.courierId} as courier_id, count(*)::int as n from ${deliveries}
        where ${carrying(businessId)}
        group by ${deliveries.courierId}
      ), declined as (
        select distinct courier_id from ${deliveryEvents}
        where business_id = ${businessId} and delivery_id = ${params.deliveryId}
          and type in ('rejected', 'expired') and courier_id is not null
      ), near as (
        select c.id, c.capacity, coalesce(l.n, 0) as load, c.last_offer_at,
          6371000 * 2 * asin(sqrt(
            power(sin(radians(c.last_lat - ${lat}) / 2), 2) +
            cos(radians(${lat})) * cos(radians(c.last_lat)) * power(sin(radians(c.last_lng - ${lng}) / 2), 2)
          )) as distance_m
        from ${couriers} c left join load l on l.courier_id = c.id
        where c.business_id = ${businessId} and c.active and c.status = 'available'
          and c.last_seen_at > now() - make_interval(mins => ${params.freshMinutes})
          and c.last_lat between ${lat - dLat} and ${lat + dLat}
          and c.last_lng between ${lng - dLng} and ${lng + dLng}
          and coalesce(l.n, 0) < c.capacity
          and c.id not in (select courier_id from declined)
          and c.id <> all(${sql.param(params.excluded)}::uuid[])
      )
      select id, capacity, load, distance_m::float8 as distance_m,
        (${weights.distance} * distance_m / ${radiusM}
          + ${weights.load} * load::float8 / capacity
          - ${weights.fairness} * least(1, coalesce(extract(epoch from now() - last_offer_at), ${weights.fairnessHorizonS}) / ${weights.fairnessHorizonS}))::float8 as score
      from near where distance_m <= ${radiusM}
      order by score, distance_m, id
      limit ${params.limit}`);
  return result.rows;
}
