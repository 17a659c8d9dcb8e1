// Who an event notifies, as the notification engine reads it: the business (its name, language,
// time zone and preferences), an order with its customer and courier, a delivery, a courier, the
// team by role; and what decides a customer's or a courier's channel at send time (the WhatsApp
// 24 h window, the customer's opt-out, a courier's push token the push service no longer knows).
import { and, desc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import {
  businesses,
  conversations,
  couriers,
  deliveries,
  memberships,
  orders,
  prospects,
  users,
} from '../schema';

/** The business's name, language, time zone and settings (preferences, quiet hours). */
export async function businessForNotification(db: Db, params: { businessId: string }) {
  const [row] = await db
    .select({
      id: businesses.id,
      name: businesses.name,
      locale: businesses.locale,
      timezone: businesses.timezone,
      currency: businesses.currency,
      settings: businesses.settings,
    })
    .from(businesses)
    .where(eq(businesses.id, params.businessId));
  return row;
}

/** An order with its customer, and its delivery's courier when it has one (the latest delivery). */
export async function orderForNotification(
  db: Db,
  params: { businessId: string; orderId: string },
) {
  const [row] = await db
    .select({
      order: {
        id: orders.id,
        number: orders.number,
        status: orders.status,
        total: orders.total,
        cashDue: orders.cashDue,
        currency: orders.currency,
        paymentMethod: orders.paymentMethod,
      },
      customer: {
        id: prospects.id,
        name: prospects.name,
        phone: prospects.phone,
        waId: prospects.waId,
        waUserId: prospects.waUserId,
        email: prospects.email,
        optedOutAt: prospects.optedOutAt,
        optedOutChannel: prospects.optedOutChannel,
        locale: prospects.locale,
      },
    })
    .from(orders)
    .innerJoin(prospects, eq(prospects.id, orders.prospectId))
    .where(and(eq(orders.businessId, params.businessId), eq(orders.id, params.orderId)));
  if (!row) return undefined;
  const [delivery] = await db
    .select({ id: deliveries.id, courierId: deliveries.courierId, courierName: couriers.name })
    .from(deliveries)
    .leftJoin(couriers, eq(couriers.id, deliveries.courierId))
    .where(and(eq(deliveries.businessId, params.businessId), eq(deliveries.orderId, row.order.id)))
    .orderBy(desc(deliveries.createdAt))
    .limit(1);
  return { ...row, delivery: delivery ?? null };
}

/** A delivery's order id and courier. */
export async function deliveryForNotification(
  db: Db,
  params: { businessId: string; deliveryId: string },
) {
  const [row] = await db
    .select({
      id: deliveries.id,
      orderId: deliveries.orderId,
      courierId: deliveries.courierId,
      attempts: deliveries.attempts,
      dropoffAddress: deliveries.dropoffAddress,
    })
    .from(deliveries)
    .where(and(eq(deliveries.businessId, params.businessId), eq(deliveries.id, params.deliveryId)));
  return row;
}

/** A courier as notifications reach them: push token, phone, and their app account's language. */
export async function courierForNotification(
  db: Db,
  params: { businessId: string; courierId: string },
) {
  const [row] = await db
    .select({
      id: couriers.id,
      name: couriers.name,
      phone: couriers.phone,
      pushToken: couriers.pushToken,
      locale: users.locale,
    })
    .from(couriers)
    .leftJoin(users, eq(users.id, couriers.userId))
    .where(and(eq(couriers.businessId, params.businessId), eq(couriers.id, params.courierId)));
  return row;
}

/** The accepted members with these roles, with their email, language and email preference. */
export function teamForNotification(
  db: Db,
  params: { businessId: string; roles: (typeof memberships.$inferSelect)['role'][] },
) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      locale: users.locale,
      emailDigest: memberships.emailDigest,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.businessId, params.businessId),
        isNotNull(memberships.acceptedAt),
        inArray(memberships.role, params.roles),
      ),
    )
    .orderBy(users.id);
}

/** The customer's WhatsApp 24 h window is open now (a session message may be sent). */
export async function whatsappWindowOpen(
  db: Db,
  params: { businessId: string; prospectId: string },
): Promise<boolean> {
  const [row] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        eq(conversations.businessId, params.businessId),
        eq(conversations.prospectId, params.prospectId),
        eq(conversations.channel, 'whatsapp'),
        gt(conversations.serviceWindowEndsAt, sql`now()`),
      ),
    )
    .limit(1);
  return row !== undefined;
}

/** The customer's opt-out as it is now (checked again at send time). */
export async function prospectOptOut(db: Db, params: { businessId: string; prospectId: string }) {
  const [row] = await db
    .select({ optedOutAt: prospects.optedOutAt, optedOutChannel: prospects.optedOutChannel })
    .from(prospects)
    .where(and(eq(prospects.businessId, params.businessId), eq(prospects.id, params.prospectId)));
  return row;
}

/** Records a customer's opt-out (the first one stands: a second STOP changes nothing). */
export async function setProspectOptOut(
  db: Db,
  params: {
    businessId: string;
    prospectId: string;
    channel: NonNullable<(typeof prospects.$inferSelect)['optedOutChannel']>;
    optedOut: boolean;
  },
) {
  const [row] = await db
    .update(prospects)
    .set(
      params.optedOut
        ? { optedOutAt: sql`now()`, optedOutChannel: params.channel }
        : { optedOutAt: null, optedOutChannel: null },
    )
    .where(
      and(
        eq(prospects.businessId, params.businessId),
        eq(prospects.id, params.prospectId),
        params.optedOut
          ? sql`${prospects.optedOutAt} is null`
          : sql`${prospects.optedOutAt} is not null`,
      ),
    )
    .returning({ id: prospects.id });
  return row;
}

/** Forgets a courier's push token the push service says is no longer registered (if still theirs). */
export async function clearCourierPushToken(
  db: Db,
  params: { businessId: string; courierId: string; token: string },
): Promise<boolean> {
  const cleared = await db
    .update(couriers)
    .set({ pushToken: null })
    .where(
      and(
        eq(couriers.businessId, params.businessId),
        eq(couriers.id, params.courierId),
        eq(couriers.pushToken, params.token),
      ),
    )
    .returning({ id: couriers.id });
  return cleared.length > 0;
}
