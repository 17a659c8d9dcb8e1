// Status receipts of our messages: a status only moves forward, and a receipt for a send whose
// answer we never stored (Meta echoes our id) settles it.
import type { Db } from '@flux/db';
import { moveOutboundStatus, settleLostSend } from '@flux/db/queries/messages';
import { applyNotificationReceipt } from '@flux/db/queries/notifications';
import type { StatusReceipt } from '@flux/integrations';
import type { JobSender } from '../../jobs/sender';
import type { LiveEvent } from '../../lib/live';
import { failFromReceipt } from '../notifications/send';
import { toDate } from './batch-sql';

const RANK = { queued: 0, sent: 1, delivered: 2, read: 3 } as const;

/** What a receipt changed: messages moved (0 or 1), and what the dashboard should hear. */
export interface StatusChange {
  applied: number;
  events: LiveEvent[];
}

/** Moves an outbound message forward only: a late "sent" after "read" changes nothing. */
export async function applyStatus(
  tx: Db,
  businessId: string,
  receipt: StatusReceipt,
  jobs?: JobSender,
): Promise<StatusChange> {
  const at = toDate(receipt.timestamp);
  const matched = await matchLostSend(tx, businessId, receipt, at);
  const from =
    receipt.status === 'failed'
      ? (['queued', 'sent'] as const)
      : (Object.keys(RANK) as (keyof typeof RANK)[]).filter(
          (s) => RANK[s] < RANK[receipt.status as keyof typeof RANK],
        );
  const error = receipt.errors?.[0];
  const updated = await moveOutboundStatus(tx, {
    businessId,
    externalId: receipt.id,
    from: [...from],
    set: {
      status: receipt.status,
      ...(receipt.status === 'sent' ? { sentAt: at } : {}),
      ...(receipt.status === 'delivered' ? { deliveredAt: at } : {}),
      ...(receipt.status === 'read' ? { readAt: at } : {}),
      ...(error
        ? { errorCode: String(error.code), errorTitle: error.title ?? error.message ?? null }
        : {}),
    },
  });
  const events: LiveEvent[] = updated.map((row) => ({
    type: 'message.status',
    conversationId: row.conversationId,
    messageId: row.id,
    status: receipt.status,
  }));
  if (!matched && updated.length === 0) {
    // Not a message of ours: maybe a notification (its id travels the same way).
    const notified = await applyNotificationStatus(tx, businessId, receipt, at, jobs);
    return { applied: notified ? 1 : 0, events };
  }
  if (!matched) return { applied: updated.length, events };
  return { applied: Math.max(1, updated.length), events: [matched, ...events] };
}

/** A receipt of a notification sent on WhatsApp: delivered and read are recorded on its row. */
async function applyNotificationStatus(
  tx: Db,
  businessId: string,
  receipt: StatusReceipt,
  at: Date,
  jobs: JobSender | undefined,
): Promise<boolean> {
  const ourId = receipt.biz_opaque_callback_data;
  if (!ourId || !UUID.test(ourId)) return false;
  if (receipt.status === 'failed' && jobs) {
    const error = receipt.errors?.[0];
    return failFromReceipt(tx, jobs, {
      businessId,
      notificationId: ourId,
      providerMessageId: receipt.id,
      error: error
        ? `${error.code}: ${error.title ?? error.message ?? 'failed'}`
        : 'WhatsApp: failed',
    });
  }
  if (receipt.status !== 'sent' && receipt.status !== 'delivered' && receipt.status !== 'read') {
    return false;
  }
  const row = await applyNotificationReceipt(tx, {
    businessId,
    notificationId: ourId,
    providerMessageId: receipt.id,
    status: receipt.status,
    at,
  });
  return row !== undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A receipt for a send whose answer we never stored (`unknown`, or `sending` when its process
 * died, or one we took for refused): Meta echoes our message id as `biz_opaque_callback_data`,
 * so the message gets its wamid and is known to be sent. Its live event when it matched one.
 */
async function matchLostSend(
  tx: Db,
  businessId: string,
  receipt: StatusReceipt,
  at: Date,
): Promise<LiveEvent | null> {
  const ourId = receipt.biz_opaque_callback_data;
  if (!ourId || !UUID.test(ourId)) return null;
  const row = await settleLostSend(tx, {
    businessId,
    messageId: ourId,
    externalId: receipt.id,
    at,
  });
  if (!row) return null;
  return {
    type: 'message.status',
    conversationId: row.conversationId,
    messageId: row.id,
    status: 'sent',
  };
}
