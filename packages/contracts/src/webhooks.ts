// The events a merchant's endpoint may subscribe to (outgoing webhooks, docs/webhooks.md), and the
// states of one delivery: shared by the server and the settings screen.
export const webhookEventTypes = [
  'order.created',
  'order.status_changed',
  'delivery.assigned',
  'delivery.picked_up',
  'delivery.delivered',
  'delivery.failed',
  'message.received',
  'prospect.created',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/**
 * pending: waiting for its (next) attempt; sending: one worker is calling the endpoint;
 * succeeded: a 2xx came back; failed: the last attempt failed, another is scheduled; dead: no
 * success within the retry window (or the endpoint was disabled); unknown: the worker died while
 * calling, whether the endpoint got it is not known (resend it by hand if needed).
 */
export const webhookDeliveryStatuses = [
  'pending',
  'sending',
  'succeeded',
  'failed',
  'dead',
  'unknown',
] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];
