// What each domain event tells a merchant's endpoint (docs/webhooks.md shows them): snake_case
// keys, money as `{ amount_minor, currency }`, ids the public API knows. Never a secret (no
// tracking token, no door code, no raw provider payload).
import type { OrderStatus } from '@flux/contracts';
import type { Db } from '@flux/db';
import type { DeliveryRow } from '@flux/db/queries/deliveries';
import type { OrderRow } from '@flux/db/queries/orders';
import type { JobSender } from '../../jobs/sender';
import { emitWebhookEvent, emitWebhookEvents, type WebhookEvent } from './emit';

const money = (amountMinor: number, currency: string) => ({
  amount_minor: amountMinor,
  currency,
});

/** `order.created` (no previous status) or `order.status_changed`. */
export function emitOrderEvent(
  tx: Db,
  jobs: JobSender,
  order: OrderRow,
  from: OrderStatus | null,
  reason: string | null,
) {
  return emitWebhookEvent(tx, jobs, {
    businessId: order.businessId,
    type: from === null ? 'order.created' : 'order.status_changed',
    data: {
      id: order.id,
      number: order.number,
      status: order.status,
      ...(from === null ? {} : { previous_status: from, reason }),
      subtotal: money(order.subtotal, order.currency),
      delivery_fee: money(order.deliveryFee, order.currency),
      total: money(order.total, order.currency),
      payment_method: order.paymentMethod,
      payment_status: order.paymentStatus,
      prospect_id: order.prospectId,
      delivery_address: order.deliveryAddress,
      created_at: order.createdAt.toISOString(),
    },
  });
}

export type DeliveryWebhookType =
  | 'delivery.assigned'
  | 'delivery.picked_up'
  | 'delivery.delivered'
  | 'delivery.failed';

export function emitDeliveryEvent(
  tx: Db,
  jobs: JobSender,
  delivery: DeliveryRow,
  type: DeliveryWebhookType,
) {
  return emitWebhookEvent(tx, jobs, {
    businessId: delivery.businessId,
    type,
    data: {
      id: delivery.id,
      order_id: delivery.orderId,
      courier_id: delivery.courierId,
      status: delivery.status,
      dropoff_address: delivery.dropoffAddress,
      ...(type === 'delivery.failed' ? { failure_reason: delivery.failureReason } : {}),
    },
  });
}

interface CreatedProspect {
  id: string;
  businessId: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  status: string;
}

const prospectCreated = (prospect: CreatedProspect, channel: 'manual' | 'import') =>
  ({
    businessId: prospect.businessId,
    type: 'prospect.created',
    data: {
      id: prospect.id,
      channel,
      status: prospect.status,
      name: prospect.name,
      phone: prospect.phone,
      email: prospect.email,
    },
  }) satisfies WebhookEvent;

/** A prospect the team created (the inbox's are told by emitInboundEvents). */
export function emitProspectCreated(tx: Db, jobs: JobSender, prospect: CreatedProspect) {
  return emitWebhookEvent(tx, jobs, prospectCreated(prospect, 'manual'));
}

/** The prospects a CSV import created, one `prospect.created` each. */
export function emitProspectsImported(tx: Db, jobs: JobSender, prospects: CreatedProspect[]) {
  return emitWebhookEvents(
    tx,
    jobs,
    prospects.map((prospect) => prospectCreated(prospect, 'import')),
  );
}

/** The messages customers sent (and the prospects their first message created), of one batch. */
export function emitInboundEvents(
  tx: Db,
  jobs: JobSender,
  stored: {
    businessId: string;
    prospectId: string;
    newProspect: boolean;
    conversationId: string;
    messageId: string;
    at: Date;
    message: { type: string; text?: { body?: string } | undefined };
  }[],
) {
  const events: WebhookEvent[] = [];
  const announced = new Set<string>();
  for (const item of stored) {
    if (item.newProspect && !announced.has(item.prospectId)) {
      announced.add(item.prospectId);
      events.push({
        businessId: item.businessId,
        type: 'prospect.created',
        at: item.at,
        data: { id: item.prospectId, channel: 'whatsapp', status: 'new' },
      });
    }
    events.push({
      businessId: item.businessId,
      type: 'message.received',
      at: item.at,
      data: {
        id: item.messageId,
        conversation_id: item.conversationId,
        prospect_id: item.prospectId,
        channel: 'whatsapp',
        type: item.message.type,
        text: item.message.text?.body ?? null,
        received_at: item.at.toISOString(),
      },
    });
  }
  return emitWebhookEvents(tx, jobs, events);
}
