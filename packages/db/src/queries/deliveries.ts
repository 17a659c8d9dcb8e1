// Deliveries' SQL: the board's list and detail, the courier's offers and deliveries under way,
// locks and conditional changes, the events of each delivery's story, the sweeps (expired offers,
// waiting deliveries), and what dispatch reads of orders, settings and uploads.
import { and, asc, desc, eq, gt, inArray, ne, type SQL, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Db } from '../client';
import { businesses, couriers, deliveries, deliveryEvents, orders, uploads } from '../schema';
import { type After, afterKey } from './keyset';

export type DeliveryRow = typeof deliveries.$inferSelect;
type DeliveryStatus = DeliveryRow['status'];
/** A change to a delivery: values, or SQL (`now()`, `attempts + 1`). */
export type DeliveryChange = PgUpdateSetSource<typeof deliveries>;
export type DeliveryEventInsert = Omit<typeof deliveryEvents.$inferInsert, 'businessId'>;

/** Delivery states that occupy a courier. */
export const CARRYING = ['offered', 'accepted', 'picked_up'] as const;
/** Delivery states in which the courier is on the way (a position is traced on them). */
const UNDER_WAY: DeliveryStatus[] = ['accepted', 'picked_up'];

/** The delivery's order, within the same business. */
const ofOrder = and(
  eq(orders.id, deliveries.orderId),
  eq(orders.businessId, deliveries.businessId),
);

/** `for update`, or `for update skip locked` (another worker holding the row does this work). */
export type Lock = 'update' | 'skip-locked';

/** Deliveries that occupy a courier (CARRYING), as a filter; `except` leaves one out. */
export function carrying(businessId: string, except?: string): SQL | undefined {
  return and(
    eq(deliveries.businessId, businessId),
    inArray(deliveries.status, [...CARRYING]),
    except ? ne(deliveries.id, except) : undefined,
  );
}

/** A delivery; with `courierId`, only while it is that courier's (undefined: not theirs). */
export async function deliveryById(
  db: Db,
  params: { businessId: string; deliveryId: string; courierId?: string; lock?: Lock },
): Promise<DeliveryRow | undefined> {
  const query = db
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.businessId, params.businessId),
        eq(deliveries.id, params.deliveryId),
        params.courierId ? eq(deliveries.courierId, params.courierId) : undefined,
      ),
    )
    .$dynamic();
  if (params.lock) query.for('update', params.lock === 'skip-locked' ? { skipLocked: true } : {});
  const [row] = await query;
  return row;
}

/** The delivery a courier's action (by its client action id) already changed, if any. */
export async function deliveryOfClientAction(
  db: Db,
  params: { businessId: string; courierId: string; clientActionId: string },
): Promise<DeliveryRow | undefined> {
  const [row] = await db
    .select({ delivery: deliveries })
    .from(deliveryEvents)
    .innerJoin(
      deliveries,
      and(
        eq(deliveries.id, deliveryEvents.deliveryId),
        eq(deliveries.businessId, deliveryEvents.businessId),
      ),
    )
    .where(
      and(
        eq(deliveryEvents.businessId, params.businessId),
        eq(deliveryEvents.courierId, params.courierId),
        eq(deliveryEvents.clientActionId, params.clientActionId),
      ),
    );
  return row?.delivery;
}

/** A delivery with its order's currency (the dispatcher's detail). */
export async function deliveryWithCurrency(
  db: Db,
  params: { businessId: string; deliveryId: string },
) {
  const [row] = await db
    .select({ delivery: deliveries, currency: orders.currency })
    .from(deliveries)
    .innerJoin(orders, ofOrder)
    .where(and(eq(deliveries.businessId, params.businessId), eq(deliveries.id, params.deliveryId)));
  return row;
}

/** The delivery's story, oldest first. */
export function deliveryEventsOf(db: Db, params: { businessId: string; deliveryId: string }) {
  return db
    .select()
    .from(deliveryEvents)
    .where(
      and(
        eq(deliveryEvents.businessId, params.businessId),
        eq(deliveryEvents.deliveryId, params.deliveryId),
      ),
    )
    .orderBy(asc(deliveryEvents.at));
}

/** The board's list, newest first, with the order, its cash due and the courier's name. */
export function listDeliveries(
  db: Db,
  params: {
    businessId: string;
    statuses?: DeliveryStatus[] | undefined;
    needsDispatcher?: boolean | undefined;
    after?: After | undefined;
    limit: number;
  },
) {
  return db
    .select({
      delivery: deliveries,
      order: { number: orders.number, cashDue: orders.cashDue, currency: orders.currency },
      courierName: couriers.name,
    })
    .from(deliveries)
    .innerJoin(orders, ofOrder)
    .leftJoin(
      couriers,
      and(eq(couriers.id, deliveries.courierId), eq(couriers.businessId, deliveries.businessId)),
    )
    .where(
      and(
        eq(deliveries.businessId, params.businessId),
        params.statuses ? inArray(deliveries.status, params.statuses) : undefined,
        params.needsDispatcher === undefined
          ? undefined
          : eq(deliveries.needsDispatcher, params.needsDispatcher),
        params.after
          ? afterKey(deliveries.createdAt, deliveries.id, 'desc', params.after)
          : undefined,
      ),
    )
    .orderBy(desc(deliveries.createdAt), desc(deliveries.id))
    .limit(params.limit);
}

/** Offers waiting for a courier's answer (not expired), soonest expiry first. */
export function offersTo(db: Db, params: { businessId: string; courierId: string; now: Date }) {
  return db
    .select({
      id: deliveries.id,
      pickupAddress: deliveries.pickupAddress,
      dropoffAddress: deliveries.dropoffAddress,
      distanceM: deliveries.distanceM,
      offerExpiresAt: deliveries.offerExpiresAt,
      cashDue: orders.cashDue,
      currency: orders.currency,
    })
    .from(deliveries)
    .innerJoin(orders, ofOrder)
    .where(
      and(
        eq(deliveries.businessId, params.businessId),
        eq(deliveries.courierId, params.courierId),
        eq(deliveries.status, 'offered'),
        gt(deliveries.offerExpiresAt, params.now),
      ),
    )
    .orderBy(asc(deliveries.offerExpiresAt));
}

/** The deliveries a courier is on the way with, in the order they accepted them. */
export function deliveriesUnderWay(db: Db, params: { businessId: string; courierId: string }) {
  return db
    .select({
      id: deliveries.id,
      status: deliveries.status,
      pickupAddress: deliveries.pickupAddress,
      pickupLat: deliveries.pickupLat,
      pickupLng: deliveries.pickupLng,
      dropoffAddress: deliveries.dropoffAddress,
      dropoffLat: deliveries.dropoffLat,
      dropoffLng: deliveries.dropoffLng,
      cashDue: orders.cashDue,
      currency: orders.currency,
      orderNumber: orders.number,
    })
    .from(deliveries)
    .innerJoin(orders, ofOrder)
    .where(
      and(
        eq(deliveries.businessId, params.businessId),
        eq(deliveries.courierId, params.courierId),
        inArray(deliveries.status, UNDER_WAY),
      ),
    )
    .orderBy(asc(deliveries.acceptedAt));
}

/** Ids of the deliveries a courier is on the way with (their trace gets each position). */
export function deliveryIdsUnderWay(db: Db, params: { businessId: string; courierId: string }) {
  return db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.businessId, params.businessId),
        eq(deliveries.courierId, params.courierId),
        inArray(deliveries.status, UNDER_WAY),
      ),
    );
}

/** A ready order's delivery, once: a second insert for the same order returns undefined. */
export async function insertDelivery(
  db: Db,
  params: { businessId: string; values: Omit<typeof deliveries.$inferInsert, 'businessId'> },
): Promise<DeliveryRow | undefined> {
  const [row] = await db
    .insert(deliveries)
    .values({ ...params.values, businessId: params.businessId })
    .onConflictDoNothing()
    .returning();
  return row;
}

/**
 * Changes a delivery; with `onlyIf`, only while it is in one of `onlyIf.status` (and with that
 * courier, and the extra condition): undefined when it was not.
 */
export async function updateDelivery(
  db: Db,
  params: {
    businessId: string;
    deliveryId: string;
    set: DeliveryChange;
    onlyIf?: { status: DeliveryStatus[]; courierId: string; where?: SQL | undefined };
  },
): Promise<DeliveryRow | undefined> {
  const { onlyIf } = params;
  const [row] = await db
    .update(deliveries)
    .set(params.set)
    .where(
      and(
        eq(deliveries.businessId, params.businessId),
        eq(deliveries.id, params.deliveryId),
        onlyIf ? eq(deliveries.courierId, onlyIf.courierId) : undefined,
        onlyIf ? inArray(deliveries.status, onlyIf.status) : undefined,
        onlyIf?.where,
      ),
    )
    .returning();
  return row;
}

/** The offer itself: to this courier, for `ttlSeconds`, one more attempt. */
export async function offerDelivery(
  db: Db,
  params: {
    businessId: string;
    deliveryId: string;
    courierId: string;
    distanceM: number;
    ttlSeconds: number;
  },
): Promise<void> {
  await updateDelivery(db, {
    businessId: params.businessId,
    deliveryId: params.deliveryId,
    set: {
      status: 'offered',
      courierId: params.courierId,
      offeredAt: sql`now()`,
      offerExpiresAt: sql`now() + make_interval(secs => ${params.ttlSeconds})`,
      attempts: sql`${deliveries.attempts} + 1`,
      distanceM: params.distanceM,
      needsDispatcher: false,
    },
  });
}

/** The condition of an offer still open (for updateDelivery's `onlyIf.where`). */
export const offerStillOpen = (): SQL => sql`${deliveries.offerExpiresAt} > now()`;

export async function insertDeliveryEvents(
  db: Db,
  params: { businessId: string; events: DeliveryEventInsert[] },
): Promise<void> {
  if (params.events.length === 0) return;
  await db
    .insert(deliveryEvents)
    .values(params.events.map((event) => ({ ...event, businessId: params.businessId })));
}

/** Deliveries left with the dispatcher, oldest first (500 at most a round). */
export function waitingDeliveries(db: Db, params: { businessId: string }) {
  return waiting(db, eq(deliveries.businessId, params.businessId));
}

/** The minute sweep's waiting deliveries, across every business (a system job, not a tenant's). */
export function waitingDeliveriesOfAllBusinesses(db: Db) {
  return waiting(db, undefined);
}

function waiting(db: Db, scope: SQL | undefined) {
  return db
    .select({ id: deliveries.id, businessId: deliveries.businessId })
    .from(deliveries)
    .where(and(eq(deliveries.status, 'pending'), eq(deliveries.needsDispatcher, true), scope))
    .orderBy(deliveries.createdAt, deliveries.id)
    .limit(500);
}

/**
 * Offers past their expiry back to pending, across every business (the sweep, a system job):
 * the rows changed, with the courier who let them expire. Locked rows are left to their holder.
 */
export async function expireDueOffers(db: Db) {
  const expired = await db.execute<{ id: string; business_id: string; courier_id: string }>(sql`
      with due as (
        select id, courier_id from ${deliveries}
        where status = 'offered' and offer_expires_at <= now()
        for update skip locked
      )
      update ${deliveries} d set status = 'pending', courier_id = null, offer_expires_at = null,
        updated_at = now()
      from due where d.id = due.id
      returning d.id, d.business_id, due.courier_id`);
  return expired.rows.map((row) => ({
    deliveryId: row.id,
    businessId: row.business_id,
    courierId: row.courier_id,
  }));
}

// ——— What dispatch reads of orders, settings and uploads ———

/** The order a delivery is made for. */
export async function orderToDeliver(db: Db, params: { businessId: string; orderId: string }) {
  const [row] = await db
    .select({
      id: orders.id,
      cashDue: orders.cashDue,
      currency: orders.currency,
      deliveryAddress: orders.deliveryAddress,
      deliveryLat: orders.deliveryLat,
      deliveryLng: orders.deliveryLng,
    })
    .from(orders)
    .where(and(eq(orders.businessId, params.businessId), eq(orders.id, params.orderId)));
  return row;
}

/** The business's settings (pickup point, dispatch rules). */
export async function businessSettings(db: Db, params: { businessId: string }) {
  const [row] = await db
    .select({ settings: businesses.settings })
    .from(businesses)
    .where(eq(businesses.id, params.businessId));
  return row?.settings;
}

/** A proof photo this courier uploaded for this delivery. */
export async function proofUpload(
  db: Db,
  params: { businessId: string; deliveryId: string; courierId: string; uploadId: string },
) {
  const [row] = await db
    .select({ id: uploads.id })
    .from(uploads)
    .where(
      and(
        eq(uploads.businessId, params.businessId),
        eq(uploads.id, params.uploadId),
        eq(uploads.deliveryId, params.deliveryId),
        eq(uploads.courierId, params.courierId),
        eq(uploads.purpose, 'delivery_proof'),
      ),
    );
  return row;
}
