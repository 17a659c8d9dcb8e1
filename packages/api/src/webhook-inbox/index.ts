// The webhook inbox (webhook_events), in one place: the writer the webhook route acknowledges
// with, the drain that turns stored events into conversations, and the parked events an admin
// or the sweep puts back.
export {
  drainWebhookEvents,
  EVENT_ATTEMPTS,
  ingestWebhookEvent,
  REDRIVE_DELAYS,
} from './drain';
export { listParkedEvents, type ParkedEvent, redriveByHand, redriveParkedEvents } from './parked';
export { createInboxWriter, type InboxEvent, type StoreInboxEvent } from './writer';
