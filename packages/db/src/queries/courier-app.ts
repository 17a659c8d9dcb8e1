// What the courier app reads beyond the board: a delivery under way with the customer and the
// order lines (the app works from it while offline), the courier's finished work by day in the
// shop's time zone, the phone of whoever dispatches, and the courier's push token.
import { and, asc, desc, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import {
  businesses,
  couriers,
  deliveries,
  memberships,
  orderItems,
  orders,
  prospects,
  users,
} from '../schema';

const ofOrder = and(
  eq(orders.id, deliveries.orderId),
  eq(orders.businessId, deliveries.businessId),
);

/** The courier's deliveries under way, with what the app shows at the door. */
export function courierTasks(db: Db, params: { businessId: string; courierId: string }) {
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
      distanceM: deliveries.distanceM,
      acceptedAt: deliveries.acceptedAt,
      pickedUpAt: deliveries.pickedUpAt,
      otpLockedAt: deliveries.otpLockedAt,
      otpFailures: deliveries.otpFailures,
      proofWaivedAt: deliveries.proofWaivedAt,
      orderNumber: orders.number,
      cashDue: orders.cashDue,
      currency: orders.currency,
      customerName: prospects.name,
      customerPhone: prospects.phone,
      lines: sql<{ name: string; quantity: number }[]>`coalesce((
        select json_agg(json_build_object('name', ${orderItems.name}, 'quantity', ${orderItems.quantity})
                        order by ${orderItems.createdAt}, ${orderItems.id})
        from ${orderItems}
        where ${orderItems.orderId} = ${orders.id} and ${orderItems.businessId} = ${orders.businessId}
      ), '[]'::json)`,
    })
    .from(deliveries)
    .innerJoin(orders, ofOrder)
    .leftJoin(
      prospects,
      and(eq(prospects.id, orders.prospectId), eq(prospects.businessId, orders.businessId)),
    )
    .where(
      and(
        eq(deliveries.businessId, params.businessId),
        eq(deliveries.courierId, params.courierId),
        inArray(deliveries.status, ['accepted', 'picked_up']),
      ),
    )
    .orderBy(asc(deliveries.acceptedAt));
}

/** The end of a delivery the courier finished (delivered or failed). */
const finishedAt = sql<Date>`coalesce(${deliveries.deliveredAt}, ${deliveries.failedAt})`;

/**
 * The courier's finished deliveries since `since`, newest first, each with its day in the shop's
 * time zone (YYYY-MM-DD): the app groups them by day.
 */
export function courierFinished(
  db: Db,
  params: { businessId: string; courierId: string; since: Date; limit: number },
) {
  return db
    .select({
      id: deliveries.id,
      status: deliveries.status,
      dropoffAddress: deliveries.dropoffAddress,
      orderNumber: orders.number,
      cashCollected: deliveries.cashCollected,
      currency: orders.currency,
      failureReason: deliveries.failureReason,
      at: finishedAt.mapWith((value: string | Date) => new Date(value)),
      day: sql<string>`to_char(${finishedAt} at time zone ${businesses.timezone}, 'YYYY-MM-DD')`,
    })
    .from(deliveries)
    .innerJoin(orders, ofOrder)
    .innerJoin(businesses, eq(businesses.id, deliveries.businessId))
    .where(
      and(
        eq(deliveries.businessId, params.businessId),
        eq(deliveries.courierId, params.courierId),
        inArray(deliveries.status, ['delivered', 'failed']),
        gte(finishedAt, params.since),
      ),
    )
    .orderBy(desc(finishedAt))
    .limit(params.limit);
}

/** Today's date in the shop's time zone (YYYY-MM-DD). */
export async function businessToday(db: Db, params: { businessId: string }): Promise<string> {
  const [row] = await db
    .select({ day: sql<string>`to_char(now() at time zone ${businesses.timezone}, 'YYYY-MM-DD')` })
    .from(businesses)
    .where(eq(businesses.id, params.businessId));
  return row?.day ?? new Date().toISOString().slice(0, 10);
}

/** Whom a courier calls when stuck (a locked code): a dispatcher, else an admin, else the owner. */
export async function dispatcherPhone(
  db: Db,
  params: { businessId: string },
): Promise<string | null> {
  const [row] = await db
    .select({ phone: users.phone })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.businessId, params.businessId),
        inArray(memberships.role, ['dispatcher', 'admin', 'owner']),
        isNotNull(users.phone),
      ),
    )
    .orderBy(
      sql`case ${memberships.role} when 'dispatcher' then 0 when 'admin' then 1 else 2 end`,
      asc(memberships.createdAt),
    )
    .limit(1);
  return row?.phone ?? null;
}

/** The courier's device for offer pushes (null: none; a new sign-in replaces it). */
export async function setCourierPushToken(
  db: Db,
  params: { businessId: string; courierId: string; pushToken: string | null },
): Promise<void> {
  await db
    .update(couriers)
    .set({ pushToken: params.pushToken })
    .where(and(eq(couriers.businessId, params.businessId), eq(couriers.id, params.courierId)));
}
