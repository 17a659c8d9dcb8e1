// Expo's receipts: a push ticket `ok` only says Expo took the message; minutes later its receipt
// says whether the device's push service (APNs, FCM) did. The job `notifications.push-receipts`
// runs PUSH_RECEIPT_DELAY_SECONDS after a push was accepted (and every ten minutes as a backstop),
// reads the receipts of the pushes due, EXPO_RECEIPT_IDS_PER_CALL ids a call:
//   ok                    → `delivered`;
//   DeviceNotRegistered   → `dead`, the courier's token forgotten (audited), the SMS fallback
//                           goes like for any push that failed;
//   another error         → `dead` with Expo's reason (and the SMS fallback);
//   no receipt yet        → read again on a later run (Expo keeps them a day).
import {
  nextPushReceiptDue,
  pushesAwaitingReceipt,
  updateNotification,
} from '@flux/db/queries/notifications';
import type { PushReceipt } from './channels';
import { killNotification, type NotifyServices, PUSH_RECEIPTS_KEY } from './send';

/** Expo reads at most this many receipt ids a call. */
export const EXPO_RECEIPT_IDS_PER_CALL = 1_000;
/** A due push Expo had no receipt for yet is asked about again this much later. */
const ASK_AGAIN_SECONDS = 300;

export interface PushReceiptsOutcome {
  delivered: number;
  dead: number;
  /** Due, but Expo had no receipt for them yet. */
  waiting: number;
}

export async function checkPushReceipts(
  services: NotifyServices,
  options: { signal?: AbortSignal } = {},
): Promise<PushReceiptsOutcome> {
  const { db, jobs, config } = services;
  const push = services.notificationProviders?.push;
  const outcome: PushReceiptsOutcome = { delivered: 0, dead: 0, waiting: 0 };
  if (!push?.getReceipts) return outcome;
  const dueSeconds = config.pushReceiptDelaySeconds;
  let afterId: string | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    const rows = await pushesAwaitingReceipt(db, {
      dueSeconds,
      afterId,
      limit: EXPO_RECEIPT_IDS_PER_CALL,
    });
    if (rows.length === 0) break;
    afterId = rows.at(-1)?.id;
    const receipts = await push.getReceipts(
      rows.flatMap((row) => (row.providerMessageId ? [row.providerMessageId] : [])),
      { signal: AbortSignal.timeout(config.whatsappSendTimeoutMs) },
    );
    for (const row of rows) {
      const receipt: PushReceipt | undefined = receipts[row.providerMessageId ?? ''];
      if (!receipt) {
        outcome.waiting += 1;
        continue;
      }
      if (receipt.status === 'ok') {
        const moved = await updateNotification(db, {
          businessId: row.businessId,
          notificationId: row.id,
          whileStatus: ['sent'],
          set: { status: 'delivered', deliveredAt: new Date() },
        });
        if (moved) outcome.delivered += 1;
        continue;
      }
      const code = receipt.details?.error ?? null;
      const killed = await db.transaction((tx) =>
        killNotification(tx, jobs, row, {
          whileStatus: ['sent'],
          lastError: `${code ? `${code}: ` : ''}${receipt.message}`.slice(0, 1_000),
          deviceGone: code === 'DeviceNotRegistered',
        }),
      );
      if (killed) outcome.dead += 1;
    }
    if (rows.length < EXPO_RECEIPT_IDS_PER_CALL) break;
  }
  // The next run: when the next accepted push is due, or a while later for those Expo had not
  // answered yet (the cron is the backstop if this job is lost).
  const nextDue = await nextPushReceiptDue(db, { dueSeconds });
  const inSeconds = Math.min(
    nextDue ?? Number.POSITIVE_INFINITY,
    outcome.waiting > 0 ? ASK_AGAIN_SECONDS : Number.POSITIVE_INFINITY,
  );
  if (Number.isFinite(inSeconds)) {
    await jobs.send(
      'notifications.push-receipts',
      {},
      { singletonKey: PUSH_RECEIPTS_KEY, startAfterSeconds: Math.max(1, inSeconds) },
    );
  }
  return outcome;
}
