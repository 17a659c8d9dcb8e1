// Notifications' SQL: rows written by `notify` (deduplicated on their key), claimed, settled and
// swept by the send job, settled again by the providers' receipts, listed for the dashboard and
// the bell. Who an event notifies is notification-recipients.ts; the members' digests,
// notification-digests.ts. The send job names only a notification (`{ notificationId }`):
// `notificationToSend` reads it by id and finds its business, the writes then filter on it. Sweeps
// that run over every business say so: `settleStaleNotifications`, `overdueNotifications`,
// `pushesAwaitingReceipt`, `nextPushReceiptDue`.
import { and, desc, eq, gt, inArray, isNotNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { notifications } from '../schema';

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
