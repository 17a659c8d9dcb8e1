// `webhooks.deliver`: one attempt of one outgoing webhook delivery (enqueued with the event's
// transaction, or by the previous attempt with its backoff delay). `webhooks.settle`: every
// minute, deliveries whose worker died mid-call become `unknown`, and lost jobs are sent again.
import { attemptWebhookDelivery, settleWebhookDeliveries } from '../../services/webhooks/deliver';
import { defineJob } from '../define';

export const webhooksDeliver = defineJob('webhooks.deliver', {
  // The endpoint's refusals are retried by the service (its own backoff, 24 h, counted on the
  // row); pg-boss's retries are for the infrastructure (the database away). The expiry is well
  // past WEBHOOK_TIMEOUT_MS (30 s at most): no second worker takes over a call still waiting.
  queue: { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 90 },
  handler: ({ deliveryId }, services) => attemptWebhookDelivery(services, deliveryId),
});

export const webhooksSettle = defineJob('webhooks.settle', {
  queue: { policy: 'short', retryLimit: 3, retryDelay: 5, expireInSeconds: 60 },
  cron: '* * * * *',
  runOnStart: true,
  async handler(_payload, services) {
    const settled = await settleWebhookDeliveries(services);
    if (settled.unknown || settled.requeued) {
      services.log.warn(settled, 'webhooks: abandoned deliveries settled, lost jobs requeued');
    }
    return settled;
  },
});
