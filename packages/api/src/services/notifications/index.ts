// The notification engine's entry: `notify(tx, jobs, event)`, called in the transaction of the
// change that is being told (an order transition, a courier's action, an invitation...). It
// finds who is told (plan.ts, one case per event) and how (recipients.ts: the customer on WhatsApp
// with SMS as fallback, the courier by push, the team in-app and by email, with the business's
// preferences, the customer's opt-out and quiet hours), writes one `notifications` row per
// recipient and channel, and enqueues their send jobs in that same transaction: a rolled-back
// change notifies nobody. Each row's dedupe key names the business, the event, the record, the
// recipient and the channel, and rows are inserted with ON CONFLICT DO NOTHING: an event replayed
// notifies nobody twice.
import { notificationPreferencesOf } from '@flux/contracts';
import type { Db } from '@flux/db';
import { businessForNotification } from '@flux/db/queries/notification-recipients';
import {
  insertNotifications,
  type NotificationInsert,
  type NotificationRow,
} from '@flux/db/queries/notifications';
import type { JobSender } from '../../jobs/sender';
import type { NotifyEvent } from './events';
import { planNotifications } from './plan';
import type { Business } from './recipients';

export type { NotifyEvent } from './events';

/**
 * Writes the event's notifications and enqueues their sends, in the caller's transaction. What was
 * written (nothing for a replay: every dedupe key was there already).
 */
export async function notify(
  tx: Db,
  jobs: JobSender,
  event: NotifyEvent,
): Promise<NotificationRow[]> {
  const found = await businessForNotification(tx, { businessId: event.businessId });
  if (!found) return [];
  const business: Business = { ...found, preferences: notificationPreferencesOf(found.settings) };
  const { planned, entity } = await planNotifications(tx, business, event);
  const rows: NotificationInsert[] = planned.map((row) => ({
    ...row,
    event: event.type,
    dedupeKey: dedupeKey(event.businessId, event.type, entity, row),
  }));
  return insertAndEnqueue(tx, jobs, event.businessId, rows);
}

/** Inserts the rows whose keys are new and enqueues the pending ones (at their scheduled time). */
export async function insertAndEnqueue(
  tx: Db,
  jobs: JobSender,
  businessId: string,
  rows: NotificationInsert[],
): Promise<NotificationRow[]> {
  const inserted = await insertNotifications(tx, { businessId, rows });
  const now = Date.now();
  await jobs.sendMany(
    'notifications.send',
    inserted
      .filter((row) => row.status === 'pending')
      .map((row) => ({
        payload: { notificationId: row.id },
        startAfterSeconds: Math.max(0, Math.ceil((row.scheduledAt.getTime() - now) / 1000)),
      })),
    { db: tx },
  );
  return inserted;
}

/** Business + event + record + recipient + channel: the same fact told twice is one row. */
export function dedupeKey(
  businessId: string,
  event: string,
  entity: string,
  row: Pick<NotificationInsert, 'recipientType' | 'recipientId' | 'recipient' | 'channel'>,
) {
  return [
    businessId,
    event,
    entity,
    row.recipientType,
    // A member has a row per browser: the subscription (the recipient) names it.
    row.channel === 'web_push' ? row.recipient : (row.recipientId ?? row.recipient),
    row.channel,
  ].join(':');
}
