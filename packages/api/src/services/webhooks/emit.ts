// Domain events to merchants' endpoints: called by the services inside the transaction of the
// change, it writes one delivery per subscribed endpoint and its send job in that transaction, so
// an event is sent only if its change committed, and never lost if it did.
import type { WebhookEventType } from '@flux/contracts';
import type { Db } from '@flux/db';
import { insertDeliveriesOfEvents } from '@flux/db/queries/webhook-endpoints';
import type { JobSender } from '../../jobs/sender';

export interface WebhookEvent {
  businessId: string;
  type: WebhookEventType;
  /** The event's facts (docs/webhooks.md shows each type's). Never a secret. */
  data: Record<string, unknown>;
  /** When it happened; default now. */
  at?: Date;
}

/** The body every endpoint receives: Standard Webhooks' recommended `{ type, timestamp, data }`. */
export const webhookBody = (event: WebhookEvent) => ({
  type: event.type,
  timestamp: (event.at ?? new Date()).toISOString(),
  data: event.data,
});

export async function emitWebhookEvents(tx: Db, jobs: JobSender, events: WebhookEvent[]) {
  if (events.length === 0) return;
  const deliveries = await insertDeliveriesOfEvents(
    tx,
    events.map((event) => ({
      businessId: event.businessId,
      type: event.type,
      payload: webhookBody(event),
    })),
  );
  await jobs.sendMany(
    'webhooks.deliver',
    deliveries.map((delivery) => ({ payload: { deliveryId: delivery.id } })),
    { db: tx },
  );
}

export const emitWebhookEvent = (tx: Db, jobs: JobSender, event: WebhookEvent) =>
  emitWebhookEvents(tx, jobs, [event]);
