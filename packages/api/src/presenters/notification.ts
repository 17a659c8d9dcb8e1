// Notifications as the dashboard lists them (the order's timeline, the dead page, the bell): what
// was told to whom, on which channel, and how it went. The payload is shown by its named facts
// only: never the invitation's encrypted token, never a delivery code (it is not stored; the
// delivery's id it derives from is left out too), nor the dedupe key or the claim's bookkeeping.
import type { NotificationRow } from '@flux/db/queries/notifications';

/** The facts of a payload a person may see. */
const SHOWN_FACTS = [
  'businessName',
  'customerName',
  'orderNumber',
  'total',
  'cashDue',
  'currency',
  'courierFirstName',
  'reason',
  'role',
  'jobName',
  'error',
  'held',
  'conversationId',
] as const;

export function presentNotification(row: NotificationRow) {
  const facts: Record<string, unknown> = {};
  for (const key of SHOWN_FACTS) if (row.payload[key] !== undefined) facts[key] = row.payload[key];
  return {
    id: row.id,
    event: row.event,
    template: row.template,
    recipientType: row.recipientType,
    recipientId: row.recipientId,
    /** A phone, an email, or the member's id; a push token is a device's secret: masked. */
    recipient: row.channel === 'push' ? `…${row.recipient.slice(-6)}` : row.recipient,
    channel: row.channel,
    language: row.language,
    orderId: row.orderId,
    facts,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    provider: row.provider,
    scheduledAt: row.scheduledAt,
    sentAt: row.sentAt,
    deliveredAt: row.deliveredAt,
    readAt: row.readAt,
    fallbackOf: row.fallbackOf,
    createdAt: row.createdAt,
  };
}
export type NotificationView = ReturnType<typeof presentNotification>;
