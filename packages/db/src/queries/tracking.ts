// The customer's tracking page (`/t/<token>`): the order found by its tracking token's SHA-256, then
// what the page shows of it. `trackedOrderByTokenHash` is deliberately not scoped by a business:
// whoever holds the link is the order's customer, and the token (128 bits, unique) names one order
// of one business. Every read after it is scoped by that order's business. Only what the customer
// sees is selected: never the courier's full name, phone or trace, nor staff notes.
import { and, asc, desc, eq, inArray, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import {
  auditLogs,
  businesses,
  couriers,
  deliveries,
  orderItems,
  orders,
  whatsappAccounts,
} from '../schema';

/**
 * One order by the SHA-256 (hex) of its tracking token, with its shop; undefined for an unknown one.
 * An order made before the tokens were hashed answers to its old link too.
 */
export async function trackedOrderByTokenHash(db: Db, params: { tokenHash: string }) {
  const [row] = await db
    .select({
      id: orders.id,
      businessId: orders.businessId,
      number: orders.number,
      status: orders.status,
      subtotal: orders.subtotal,
      deliveryFee: orders.deliveryFee,
      total: orders.total,
      cashDue: orders.cashDue,
      currency: orders.currency,
      paymentMethod: orders.paymentMethod,
      paymentStatus: orders.paymentStatus,
      deliveryLat: orders.deliveryLat,
      deliveryLng: orders.deliveryLng,
      createdAt: orders.createdAt,
      updatedAt: orders.updatedAt,
      deliveredAt: orders.deliveredAt,
      cancelledAt: orders.cancelledAt,
      /** The hash of its derived token (the page checks the token's key); the legacy one is not. */
      tokenHash: orders.trackingTokenHash,
      shop: {
        name: businesses.name,
        timezone: businesses.timezone,
        locale: businesses.locale,
        // The shop's WhatsApp number as Meta displays it (its first active one).
        whatsapp: sql<string | null>`(
          select ${whatsappAccounts.displayPhoneNumber} from ${whatsappAccounts}
          where ${whatsappAccounts.businessId} = ${orders.businessId} and ${whatsappAccounts.active}
          order by ${whatsappAccounts.createdAt} limit 1
        )`,
      },
    })
    .from(orders)
    .innerJoin(businesses, eq(businesses.id, orders.businessId))
    .where(
      or(
        eq(orders.trackingTokenHash, params.tokenHash),
        eq(orders.legacyTrackingTokenHash, params.tokenHash),
      ),
    );
  return row;
}

export type TrackedOrderRow = NonNullable<Awaited<ReturnType<typeof trackedOrderByTokenHash>>>;

/**
 * Records the hash of the order's link when it is first given out: a no-op once recorded (the token
 * is derived from the order's id, so it is the same every time). Returns the hash the order holds
 * now, in the same round trip: another one means the link was given out under a previous server
 * key (services/tracking/link.ts); undefined: no such order. The order's updated_at stays: its link
 * being sent changes nothing of the order.
 */
export async function recordTrackingTokenHash(
  db: Db,
  params: { businessId: string; orderId: string; tokenHash: string },
): Promise<string | undefined> {
  const result = await db.execute<{ hash: string | null; found: boolean }>(sql`
    with recorded as (
      update ${orders} set tracking_token_hash = ${params.tokenHash}
      where business_id = ${params.businessId} and id = ${params.orderId}
        and tracking_token_hash is null
      returning tracking_token_hash
    )
    select coalesce((select tracking_token_hash from recorded), o.tracking_token_hash) as hash,
      true as found
    from ${orders} o where o.business_id = ${params.businessId} and o.id = ${params.orderId}`);
  const row = result.rows[0];
  return row?.found ? (row.hash ?? undefined) : undefined;
}

/**
 * Gives the order the hash of a new link in place of one made under a server key no longer
 * configured (whose link no longer opens anyway); a no-op if another process did it first.
 */
export async function replaceTrackingTokenHash(
  db: Db,
  params: { businessId: string; orderId: string; from: string; tokenHash: string },
): Promise<void> {
  await db
    .update(orders)
    .set({ trackingTokenHash: params.tokenHash, updatedAt: sql`${orders.updatedAt}` })
    .where(
      and(
        eq(orders.businessId, params.businessId),
        eq(orders.id, params.orderId),
        eq(orders.trackingTokenHash, params.from),
      ),
    );
}

/** The order's lines as the customer sees them, in the order they were added. */
export function trackedOrderLines(db: Db, params: { businessId: string; orderId: string }) {
  return db
    .select({
      name: orderItems.name,
      quantity: orderItems.quantity,
      unitPrice: orderItems.unitPrice,
      lineTotal: orderItems.lineTotal,
    })
    .from(orderItems)
    .where(
      and(eq(orderItems.businessId, params.businessId), eq(orderItems.orderId, params.orderId)),
    )
    .orderBy(asc(orderItems.createdAt), asc(orderItems.id));
}

/**
 * The statuses the order went through and when, oldest first, from its audit rows (creation and
 * transitions); the reasons staff typed stay out.
 */
export async function trackedOrderStatuses(
  db: Db,
  params: { businessId: string; orderId: string },
): Promise<{ status: string; at: Date }[]> {
  const rows = await db
    .select({
      status: sql<string | null>`case ${auditLogs.action}
        when 'order.create' then ${auditLogs.changes}->>'status'
        else ${auditLogs.changes}->>'to' end`,
      at: auditLogs.createdAt,
    })
    .from(auditLogs)
    .where(
      and(
        eq(auditLogs.businessId, params.businessId),
        eq(auditLogs.entityType, 'order'),
        eq(auditLogs.entityId, params.orderId),
        inArray(auditLogs.action, ['order.create', 'order.transition']),
      ),
    )
    .orderBy(asc(auditLogs.createdAt), asc(auditLogs.seq));
  return rows.flatMap((row) => (row.status ? [{ status: row.status, at: row.at }] : []));
}

/**
 * The order's live delivery (not failed or cancelled), with its courier's first name only and
 * last known position: the service coarsens it and shows it only while the parcel is on its way.
 */
export async function trackedDelivery(db: Db, params: { businessId: string; orderId: string }) {
  const [row] = await db
    .select({
      id: deliveries.id,
      status: deliveries.status,
      dropoffLat: deliveries.dropoffLat,
      dropoffLng: deliveries.dropoffLng,
      pickedUpAt: deliveries.pickedUpAt,
      courier: {
        id: couriers.id,
        // The first word of the name, cut in the database: the rest never leaves it.
        firstName: sql<string>`split_part(btrim(${couriers.name}), ' ', 1)`,
        vehicle: couriers.vehicle,
        lastLat: couriers.lastLat,
        lastLng: couriers.lastLng,
        lastSeenAt: couriers.lastSeenAt,
      },
    })
    .from(deliveries)
    .leftJoin(
      couriers,
      and(eq(couriers.id, deliveries.courierId), eq(couriers.businessId, deliveries.businessId)),
    )
    .where(
      and(
        eq(deliveries.businessId, params.businessId),
        eq(deliveries.orderId, params.orderId),
        notInArray(deliveries.status, ['failed', 'cancelled']),
      ),
    )
    .orderBy(desc(deliveries.createdAt))
    .limit(1);
  return row;
}

export type TrackedDeliveryRow = NonNullable<Awaited<ReturnType<typeof trackedDelivery>>>;
