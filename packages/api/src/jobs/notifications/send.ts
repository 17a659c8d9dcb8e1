// `notifications.send`: sends one notification row (enqueued in the transaction that wrote it, or
// by a retry with its delay). `notifications.settle`: every minute, claims whose sender died
// mid-call become `unknown` (or are retried where the provider dedupes on our key), and waiting
// rows whose job was lost get a new one. `notifications.push-receipts`: Expo's receipts of the
// pushes sent a while ago (services/notifications/push-receipts.ts). `notifications.daily-digest`:
// hourly, the members' daily emails of the businesses where it is 08:00 (digest.ts).
import { sendDailyDigests } from '../../services/notifications/digest';
import { checkPushReceipts } from '../../services/notifications/push-receipts';
import { sendNotification, settleNotifications } from '../../services/notifications/send';
import { defineJob } from '../define';

export const notificationsSend = defineJob('notifications.send', {
  // A provider's refusals are retried by the service with a new delayed job (attempts counted on
  // the row, NOTIFY_ATTEMPTS at most, then dead); pg-boss's own retries are for the
  // infrastructure. The expiry is twice the longest call timeout (WHATSAPP_SEND_TIMEOUT_MS).
  queue: { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 60 },
  handler: ({ notificationId }, services) => sendNotification(services, notificationId),
});

export const notificationsSettle = defineJob('notifications.settle', {
  queue: { policy: 'short', retryLimit: 3, retryDelay: 5, expireInSeconds: 60 },
  cron: '* * * * *',
  runOnStart: true,
  async handler(_payload, services) {
    const settled = await settleNotifications(services);
    if (settled.unknown || settled.retried || settled.requeued) {
      services.log.warn(settled, 'notifications: abandoned sends settled, lost jobs requeued');
    }
    return settled;
  },
});

export const notificationsPushReceipts = defineJob('notifications.push-receipts', {
  // One waiting run at a time (PUSH_RECEIPTS_KEY): each push sent asks for one, the run schedules
  // the next; the cron catches a chain that broke.
  queue: { policy: 'short', retryLimit: 3, retryDelay: 30, expireInSeconds: 120 },
  cron: '*/10 * * * *',
  async handler(_payload, services, job) {
    return checkPushReceipts(services, job.signal ? { signal: job.signal } : {});
  },
});

export const notificationsDailyDigest = defineJob('notifications.daily-digest', {
  // Hourly: each business is taken at 08:00 in its own time zone. A run repeated (a retry, two
  // schedulers) sends nothing twice: each digest is keyed on the member and the local date.
  queue: { policy: 'short', retryLimit: 3, retryDelay: 60, expireInSeconds: 600 },
  cron: '0 * * * *',
  handler: (_payload, services) => sendDailyDigests(services),
});
