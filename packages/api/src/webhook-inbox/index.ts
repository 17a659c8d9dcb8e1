// The webhook inbox (webhook_events), in one place: the writer the webhook route acknowledges
// with, the listener that wakes a worker's drain on the writer's NOTIFY, the drain that turns
// stored events into conversations, and the parked events an admin or the sweep puts back.
export {
  drainWebhookEvents,
  EVENT_ATTEMPTS,
  ingestWebhookEvent,
  REDRIVE_DELAYS,
} from './drain';
export { listParkedEvents, type ParkedEvent, redriveByHand, redriveParkedEvents } from './parked';
export { INBOX_CHANNEL, type InboxWaker, startInboxWaker } from './waker';
export { createInboxWriter, type InboxEvent, type StoreInboxEvent } from './writer';
