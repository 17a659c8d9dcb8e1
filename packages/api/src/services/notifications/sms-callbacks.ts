// What SMS providers tell us after a send (delivery reports) and what customers text back (STOP),
// as the webhook routes hand them over once the provider's signature or token was checked.
import type { Database } from '@flux/db';
import { moveNotificationByProviderId, updateNotification } from '@flux/db/queries/notifications';
import { prospectByPhone } from '@flux/db/queries/prospects';
import type { SmsDeliveryReport } from '@flux/integrations';
import { isStopWord, optOutCustomer } from './opt-out';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A delivery report moves the notification forward only: sent → delivered, or → dead when the
 * carrier gave up after the provider had taken it (the failed page shows it with the carrier's
 * reason). A report for a send whose answer we lost (`unknown`, or `sending` when its process
 * died) finds the row by our idempotency key where the provider echoes it (Twilio's callback URL
 * carries it as `ref`), and settles it. Returns whether a notification changed.
 */
export async function applySmsReport(
  db: Database,
  params: {
    businessId: string;
    provider: 'africastalking' | 'twilio';
    report: SmsDeliveryReport;
    /** Our idempotency key (the notification's id) when the provider echoes it. */
    ref?: string | null;
    at?: Date;
  },
): Promise<boolean> {
  const at = params.at ?? new Date();
  const { report } = params;
  const set =
    report.state === 'delivered'
      ? { status: 'delivered' as const, deliveredAt: at, sendingSince: null }
      : report.state === 'failed'
        ? {
            status: 'dead' as const,
            lastError: `${params.provider}: ${report.error ?? 'not delivered'}`,
            sendingSince: null,
          }
        : { status: 'sent' as const, sendingSince: null };
  const from =
    report.state === 'sent'
      ? (['sending', 'unknown'] as const)
      : (['sending', 'unknown', 'sent'] as const);
  const moved = await moveNotificationByProviderId(db, {
    businessId: params.businessId,
    provider: params.provider,
    providerMessageId: report.providerMessageId,
    from: [...from],
    set,
  });
  if (moved.length) return true;
  if (!params.ref || !UUID.test(params.ref)) return false;
  const settled = await updateNotification(db, {
    businessId: params.businessId,
    notificationId: params.ref,
    whileStatus: ['sending', 'unknown'],
    set: {
      ...set,
      provider: params.provider,
      providerMessageId: report.providerMessageId,
      sentAt: at,
    },
  });
  return settled !== undefined;
}

/**
 * A customer's text to the business's SMS number: STOP (and its French words) opts them out of
 * the business's messages, audited with the SMS channel (carriers enforce it: not even the door
 * code goes by SMS afterwards). Anything else is not ours to read here. Returns whether a
 * customer was opted out by this message.
 */
export async function applyInboundSms(
  db: Database,
  params: { businessId: string; from: string; text: string },
): Promise<boolean> {
  if (!isStopWord(params.text)) return false;
  const phone = params.from.startsWith('+') ? params.from : `+${params.from}`;
  return db.transaction(async (tx) => {
    const prospect = await prospectByPhone(tx, { businessId: params.businessId, phone });
    if (!prospect) return false;
    return optOutCustomer(
      tx,
      { userId: null, label: `sms:${phone}` },
      { businessId: params.businessId, prospectId: prospect.id, channel: 'sms' },
    );
  });
}
