// Notifications' SQL: rows written by `notify` (deduplicated on their key), claimed, settled and
// swept by the send job, listed for the dashboard and the bell, plus the reads that find who an
// event notifies (an order's customer and courier, a courier, the team). The send job names only
// a notification (`{ notificationId }`): `notificationToSend` reads it by id and finds its
// business, the writes then filter on it. Two sweeps run over every business and say so:
// `settleStaleNotifications` and `overdueNotifications`.
import { and, desc, eq, gt, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import {
  businesses,
  conversations,
  couriers,
  deliveries,
  memberships,
  notifications,
  orders,
  prospects,
  users,
} from '../schema';

export type NotificationRow = typeof notifications.$inferSelect;
export type NotificationInsert = Omit<
  typeof notifications.$inferInsert,
  'id' | 'businessId' | 'createdAt' | 'updatedAt'
>;
type NotificationChange = Partial<Omit<typeof notifications.$inferInsert, 'id' | 'businessId'>>;
type NotificationStatus = NotificationRow['status'];

/**
 * Inserts the rows whose dedupe key is new; a key already there (an event replayed) inserts
 * nothing. What was inserted.
 */
export function insertNotifications(
  db: Db,
  params: { businessId: string; rows: NotificationInsert[] },
) {
  if (params.rows.length === 0) return Promise.resolve([]);
  return db
    .insert(notifications)
    .values(params.rows.map((row) => ({ ...row, businessId: params.businessId })))
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning();
}

/** The notification, known by id alone (the send job's first read finds its business). */
export async function notificationToSend(db: Db, params: { notificationId: string }) {
  const [row] = await db
    .select()
    .from(notifications)
    .where(eq(notifications.id, params.notificationId));
  return row;
}

export async function notificationById(
  db: Db,
  params: { businessId: string; notificationId: string; lock?: boolean },
) {
  const query = db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.businessId, params.businessId),
        eq(notifications.id, params.notificationId),
      ),
    );
  const [row] = params.lock ? await query.for('update') : await query;
  return row;
}

/**
 * Claims a notification for one send (pending or failed → sending, one more attempt), in one
 * conditional UPDATE: a second handler of the same row finds nothing. Its attempts with this one.
 */
export async function claimNotification(
  db: Db,
  params: { businessId: string; notificationId: string },
): Promise<number | undefined> {
  const [row] = await db
    .update(notifications)
    .set({
      status: 'sending',
      sendingSince: sql`now()`,
      attempts: sql`${notifications.attempts} + 1`,
    })
    .where(
      and(
        eq(notifications.businessId, params.businessId),
        eq(notifications.id, params.notificationId),
        inArray(notifications.status, ['pending', 'failed']),
      ),
    )
    .returning({ attempts: notifications.attempts });
  return row?.attempts;
}

/** Changes a notification, only while its status is one of `whileStatus` when given. */
export async function updateNotification(
  db: Db,
  params: {
    businessId: string;
    notificationId: string;
    whileStatus?: NotificationStatus[];
    set: NotificationChange;
  },
) {
  const [row] = await db
    .update(notifications)
    .set(params.set)
    .where(
      and(
        eq(notifications.businessId, params.businessId),
        eq(notifications.id, params.notificationId),
        params.whileStatus ? inArray(notifications.status, params.whileStatus) : undefined,
      ),
    )
    .returning();
  return row;
}

/**
 * Every business: claims older than `staleSeconds` (their sender died mid-call) are settled by the
 * database's clock. On a channel in `retryChannels` (the provider dedupes on our idempotency key,
 * or there is no provider) they go back to `failed` to be sent again; elsewhere the provider may
 * have the message: `unknown`, never resent blindly. What it settled.
 */
export function settleStaleNotifications(
  db: Db,
  params: {
    staleSeconds: number;
    retryChannels: NotificationRow['channel'][];
    notificationIds?: string[] | undefined;
    errorText: string;
  },
) {
  const retried = params.retryChannels.length
    ? sql`${notifications.channel} in (${sql.join(
        params.retryChannels.map((channel) => sql`${channel}`),
        sql`, `,
      )})`
    : sql`false`;
  return db
    .update(notifications)
    .set({
      status: sql`case when ${retried} then 'failed' else 'unknown' end::notification_status`,
      sendingSince: null,
      lastError: params.errorText,
    })
    .where(
      and(
        eq(notifications.status, 'sending'),
        lt(notifications.sendingSince, sql`now() - make_interval(secs => ${params.staleSeconds})`),
        params.notificationIds ? inArray(notifications.id, params.notificationIds) : undefined,
      ),
    )
    .returning({
      id: notifications.id,
      businessId: notifications.businessId,
      status: notifications.status,
    });
}

/**
 * Every business: notifications due for more than `overdueSeconds` and untouched as long, still
 * waiting (their send job was lost: a worker killed before it claimed them). The sweep enqueues
 * them again; a second job of a row finds nothing to claim.
 */
export function overdueNotifications(db: Db, params: { overdueSeconds: number; limit: number }) {
  const before = sql`now() - make_interval(secs => ${params.overdueSeconds})`;
  return db
    .select({ id: notifications.id })
    .from(notifications)
    .where(
      and(
        inArray(notifications.status, ['pending', 'failed']),
        lt(notifications.scheduledAt, before),
        lt(notifications.updatedAt, before),
      ),
    )
    .orderBy(notifications.scheduledAt)
    .limit(params.limit);
}

/** A business's notifications, newest first (the dead page filters on status, the timeline on order). */
export function listNotifications(
  db: Db,
  params: {
    businessId: string;
    status?: NotificationStatus[] | undefined;
    orderId?: string | undefined;
    recipientId?: string | undefined;
    channel?: NotificationRow['channel'] | undefined;
    limit: number;
  },
) {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.businessId, params.businessId),
        params.status ? inArray(notifications.status, params.status) : undefined,
        params.orderId ? eq(notifications.orderId, params.orderId) : undefined,
        params.recipientId ? eq(notifications.recipientId, params.recipientId) : undefined,
        params.channel ? eq(notifications.channel, params.channel) : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(params.limit);
}

/** A member opens their in-app notification. */
export async function markInAppRead(
  db: Db,
  params: { businessId: string; notificationId: string; userId: string },
) {
  const [row] = await db
    .update(notifications)
    .set({ status: 'read', readAt: sql`now()` })
    .where(
      and(
        eq(notifications.businessId, params.businessId),
        eq(notifications.id, params.notificationId),
        eq(notifications.channel, 'in_app'),
        eq(notifications.recipientId, params.userId),
        inArray(notifications.status, ['sent', 'delivered']),
      ),
    )
    .returning();
  return row;
}

// Who an event notifies.

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

/**
 * Every business: pushes Expo accepted (a ticket id, `sent`) between a day ago (Expo keeps
 * receipts that long) and `dueSeconds` ago, by id after `afterId` (a sweep's pages).
 */
export function pushesAwaitingReceipt(
  db: Db,
  params: { dueSeconds: number; afterId?: string | undefined; limit: number },
) {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.channel, 'push'),
        eq(notifications.status, 'sent'),
        eq(notifications.provider, 'expo'),
        isNotNull(notifications.providerMessageId),
        gt(notifications.sentAt, sql`now() - interval '1 day'`),
        lt(notifications.sentAt, sql`now() - make_interval(secs => ${params.dueSeconds})`),
        params.afterId ? gt(notifications.id, params.afterId) : undefined,
      ),
    )
    .orderBy(notifications.id)
    .limit(params.limit);
}

/** Seconds until the next accepted push of the last day becomes due for its receipt, if any. */
export async function nextPushReceiptDue(db: Db, params: { dueSeconds: number }) {
  const [row] = await db
    .select({
      inSeconds: sql<number>`ceil(extract(epoch from (min(${notifications.sentAt}) + make_interval(secs => ${params.dueSeconds}) - now())))::int`,
    })
    .from(notifications)
    .where(
      and(
        eq(notifications.channel, 'push'),
        eq(notifications.status, 'sent'),
        eq(notifications.provider, 'expo'),
        isNotNull(notifications.providerMessageId),
        gt(notifications.sentAt, sql`now() - make_interval(secs => ${params.dueSeconds})`),
      ),
    );
  return row?.inSeconds ?? null;
}

/** Notifications of this provider message (a delivery report), any of `from` states. */
export function moveNotificationByProviderId(
  db: Db,
  params: {
    businessId: string;
    provider: string;
    providerMessageId: string;
    from: NotificationStatus[];
    set: NotificationChange;
  },
) {
  return db
    .update(notifications)
    .set(params.set)
    .where(
      and(
        eq(notifications.businessId, params.businessId),
        eq(notifications.provider, params.provider),
        eq(notifications.providerMessageId, params.providerMessageId),
        inArray(notifications.status, params.from),
      ),
    )
    .returning({ id: notifications.id });
}

const RECEIPT_FROM: Record<'sent' | 'delivered' | 'read', NotificationStatus[]> = {
  sent: ['sending', 'unknown'],
  delivered: ['sending', 'unknown', 'sent'],
  read: ['sending', 'unknown', 'sent', 'delivered'],
};

/**
 * A WhatsApp receipt for our notification (Meta echoes its id as biz_opaque_callback_data): the
 * row moves forward only, and one marked `unknown` (or left `sending`) learns it was sent.
 */
export async function applyNotificationReceipt(
  db: Db,
  params: {
    businessId: string;
    notificationId: string;
    providerMessageId: string;
    status: 'sent' | 'delivered' | 'read';
    at: Date;
  },
) {
  const [row] = await db
    .update(notifications)
    .set({
      status: params.status,
      provider: 'whatsapp',
      providerMessageId: params.providerMessageId,
      sendingSince: null,
      sentAt: sql`coalesce(${notifications.sentAt}, ${params.at})`,
      ...(params.status === 'delivered' ? { deliveredAt: params.at } : {}),
      ...(params.status === 'read' ? { readAt: params.at } : {}),
    })
    .where(
      and(
        eq(notifications.businessId, params.businessId),
        eq(notifications.id, params.notificationId),
        eq(notifications.channel, 'whatsapp'),
        inArray(notifications.status, RECEIPT_FROM[params.status]),
      ),
    )
    .returning({ id: notifications.id });
  return row;
}

// Members' own preferences and the daily digest.

/** The member's own notification preferences in this business (accepted members only). */
export async function memberNotificationPreferences(
  db: Db,
  params: { businessId: string; userId: string },
) {
  const [row] = await db
    .select({ emailDigest: memberships.emailDigest })
    .from(memberships)
    .where(
      and(
        eq(memberships.businessId, params.businessId),
        eq(memberships.userId, params.userId),
        isNotNull(memberships.acceptedAt),
      ),
    );
  return row;
}

/** Turns the member's email digests on or off; the preference as it was and as it is. */
export async function setMemberEmailDigest(
  db: Db,
  params: { businessId: string; userId: string; emailDigest: boolean },
) {
  const { rows } = await db.execute<{ before: boolean; after: boolean }>(sql`
    update ${memberships} m set email_digest = ${params.emailDigest}, updated_at = now()
    from ${memberships} prev
    where prev.id = m.id and m.business_id = ${params.businessId} and m.user_id = ${params.userId}
      and m.accepted_at is not null
    returning prev.email_digest as before, m.email_digest as after`);
  return rows[0];
}

/**
 * Every business where it is `hour` o'clock now in its own time zone, with its local date: the
 * daily digest's sweep (run hourly) takes each business at its own morning.
 */
export async function businessesAtLocalHour(db: Db, params: { hour: number }) {
  const { rows } = await db.execute<{ id: string; day: string }>(sql`
    select id, to_char(now() at time zone timezone, 'YYYY-MM-DD') as day from ${businesses}
    where extract(hour from now() at time zone timezone) = ${params.hour}`);
  return rows;
}

/** The accepted members who keep email digests on. */
export function digestRecipients(db: Db, params: { businessId: string }) {
  return db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(
      and(
        eq(memberships.businessId, params.businessId),
        isNotNull(memberships.acceptedAt),
        eq(memberships.emailDigest, true),
      ),
    );
}

/** One member as a digest reaches them: email, language, and whether they keep digests on. */
export async function memberForDigest(db: Db, params: { businessId: string; userId: string }) {
  const [row] = await db
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
        eq(memberships.userId, params.userId),
        isNotNull(memberships.acceptedAt),
      ),
    );
  return row;
}

/** The member's in-app notifications of the last `hours` still unread, newest first, and how many. */
export async function unreadInAppSince(
  db: Db,
  params: { businessId: string; userId: string; hours: number; limit: number },
) {
  const where = and(
    eq(notifications.businessId, params.businessId),
    eq(notifications.recipientId, params.userId),
    eq(notifications.channel, 'in_app'),
    inArray(notifications.status, ['sent', 'delivered']),
    gt(notifications.createdAt, sql`now() - make_interval(hours => ${params.hours})`),
  );
  // One after the other: `db` may be a transaction (one connection).
  const rows = await db
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.createdAt))
    .limit(params.limit);
  const [counted] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(where);
  return { rows, count: counted?.n ?? 0 };
}
