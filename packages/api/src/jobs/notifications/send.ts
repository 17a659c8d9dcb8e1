// `notifications.send`: sends one notification row (enqueued in the transaction that wrote it, or
// by a retry with its delay). `notifications.settle`: every minute, claims whose sender died
// mid-call become `unknown` (or are retried where the provider dedupes on our key), and waiting
// rows whose job was lost get a new one.
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
