// Who is told of an event, and what: one case per event type, each reading the records it names
// (the order, the delivery, the courier, the member...) in the caller's transaction and handing the
// recipients and their channels to recipients.ts. It writes nothing: notify (index.ts) keys the
// rows it plans, inserts them and enqueues their sends. The entity it returns is the record the
// event is about, as the dedupe key names it (a delivery's round, a courier's assignment...).
import { type Db, secretBox } from '@flux/db';
import { memberForDigest, unreadInAppSince } from '@flux/db/queries/notification-digests';
import {
  courierForNotification,
  deliveryForNotification,
  orderForNotification,
} from '@flux/db/queries/notification-recipients';
import { messageForPush } from '@flux/db/queries/web-push';
import { orderNumber } from '../order-number';
import type { NotifyEvent } from './events';
import {
  type Business,
  courierRows,
  customerRows,
  DISPATCH_ROLES,
  INBOX_ROLES,
  type OrderFacts,
  type Planned,
  teamRows,
  webPushRows,
} from './recipients';
import { type Facts, firstName, render, type TemplateName } from './templates';

/** The latest unread notifications a daily digest lists (the count says how many in all). */
const DIGEST_LINES = 20;

/** A lock screen shows two lines or so; the rest is in the inbox. */
const PREVIEW_CHARS = 140;

const ORDER_TEMPLATES: Record<string, TemplateName> = {
  'order.confirmed': 'order_confirmed',
  'order.out_for_delivery': 'order_on_the_way',
  'order.delivered': 'order_delivered',
  'order.cancelled': 'order_cancelled',
  'order.failed': 'order_failed',
  'delivery.accepted': 'courier_assigned',
};

/**
 * The notifications `event` calls for (none when what it names is gone, or nobody is to be told),
 * and the record they are about.
 */
export async function planNotifications(
  tx: Db,
  business: Business,
  event: NotifyEvent,
): Promise<{ planned: Planned[]; entity: string }> {
  const base: Facts = { businessName: business.name };
  switch (event.type) {
    case 'order.confirmed':
    case 'order.out_for_delivery':
    case 'order.delivered':
    case 'order.cancelled':
    case 'order.failed': {
      const order = await orderForNotification(tx, event);
      if (!order) return { planned: [], entity: event.orderId };
      const facts = { ...base, ...orderFacts(order), reason: event.reason ?? null };
      return {
        planned: customerRows(
          business,
          order,
          event.type,
          ORDER_TEMPLATES[event.type] ?? 'order_confirmed',
          facts,
        ),
        entity: event.orderId,
      };
    }
    case 'delivery.accepted': {
      const delivery = await deliveryForNotification(tx, event);
      const order =
        delivery &&
        (await orderForNotification(tx, {
          businessId: event.businessId,
          orderId: delivery.orderId,
        }));
      if (!order) return { planned: [], entity: event.deliveryId };
      const courier = await courierForNotification(tx, {
        businessId: event.businessId,
        courierId: event.courierId,
      });
      const facts = { ...base, ...orderFacts(order), courierFirstName: firstName(courier?.name) };
      return {
        planned: customerRows(business, order, event.type, 'courier_assigned', facts),
        entity: `${event.deliveryId}:${event.courierId}`,
      };
    }
    case 'delivery.offered':
      return {
        planned: await courierDeliveryRows(tx, business, event, 'delivery_offer'),
        entity: `${event.deliveryId}:${event.round}`,
      };
    case 'delivery.assigned':
      return {
        planned: await courierDeliveryRows(tx, business, event, 'delivery_assigned'),
        entity: `${event.deliveryId}:${event.assignmentId}`,
      };
    case 'cash.handover_due': {
      const facts: Facts = { ...base, held: event.held, currency: business.currency };
      return {
        planned: await courierRows(tx, business, event.courierId, 'cash_handover_due', facts, null),
        entity: event.deliveryId,
      };
    }
    case 'delivery.failed': {
      const order = await orderOfDelivery(tx, event);
      const facts: Facts = {
        ...base,
        orderNumber: order ? orderNumber(order.order.number) : null,
        courierFirstName: firstName(order?.delivery?.courierName),
        reason: event.reason,
      };
      return {
        planned: await teamRows(
          tx,
          business,
          ['owner', 'admin', 'dispatcher'],
          'delivery_failed_team',
          facts,
          {
            email: true,
            webPush: true,
            orderId: order?.order.id ?? null,
          },
        ),
        entity: event.deliveryId,
      };
    }
    case 'conversation.handoff': {
      // The conversation's id: the bell opens it.
      const facts: Facts = { ...base, reason: event.reason, conversationId: event.conversationId };
      return {
        planned: await teamRows(
          tx,
          business,
          ['owner', 'admin', 'agent'],
          'conversation_handoff',
          facts,
          {
            email: false,
            orderId: null,
          },
        ),
        entity: `${event.conversationId}:${event.key}`,
      };
    }
    case 'message.received': {
      const message = await messageForPush(tx, event);
      if (!message) return { planned: [], entity: event.messageId };
      const facts: Facts = {
        ...base,
        customerName: message.customerName,
        conversationId: message.conversationId,
        preview: message.body ? message.body.slice(0, PREVIEW_CHARS) : null,
      };
      // An assigned conversation is its assignee's; the others are the whole inbox team's.
      return {
        planned: await webPushRows(tx, business, INBOX_ROLES, 'message_received', facts, {
          orderId: null,
          ...(message.assignedUserId ? { userIds: [message.assignedUserId] } : {}),
        }),
        entity: event.messageId,
      };
    }
    case 'delivery.flagged': {
      const order = await orderOfDelivery(tx, event);
      const facts: Facts = {
        ...base,
        orderNumber: order ? orderNumber(order.order.number) : null,
        deliveryId: event.deliveryId,
        reason: event.reason,
      };
      return {
        planned: await webPushRows(tx, business, DISPATCH_ROLES, 'delivery_flagged', facts, {
          orderId: order?.order.id ?? null,
        }),
        entity: `${event.deliveryId}:${event.round}`,
      };
    }
    case 'job.dead': {
      const facts: Facts = { ...base, jobName: event.jobName, error: event.error.slice(0, 500) };
      return {
        planned: await teamRows(tx, business, ['owner', 'admin'], 'job_dead', facts, {
          email: true,
          orderId: null,
        }),
        entity: event.jobId,
      };
    }
    case 'webhook.endpoint_disabled': {
      const facts: Facts = { ...base, url: event.url.slice(0, 300) };
      return {
        planned: await teamRows(
          tx,
          business,
          ['owner', 'admin'],
          'webhook_endpoint_disabled',
          facts,
          { email: true, orderId: null },
        ),
        entity: `${event.endpointId}:${event.key}`,
      };
    }
    case 'email.reconnect_needed': {
      const facts: Facts = { ...base, address: event.address, reason: event.reason.slice(0, 300) };
      return {
        planned: await teamRows(tx, business, ['owner', 'admin'], 'email_reconnect_needed', facts, {
          email: true,
          orderId: null,
        }),
        entity: `${event.accountId}:${event.key}`,
      };
    }
    case 'notification.dead': {
      const facts: Facts = { ...base, error: event.error.slice(0, 500) };
      return {
        planned: await teamRows(tx, business, ['owner', 'admin'], 'notification_dead', facts, {
          email: false,
          orderId: null,
        }),
        entity: event.notificationId,
      };
    }
    case 'digest.daily': {
      const entity = `${event.userId}:${event.day}`;
      const member = await memberForDigest(tx, event);
      if (!member?.emailDigest) return { planned: [], entity };
      const unread = await unreadInAppSince(tx, { ...event, hours: 24, limit: DIGEST_LINES });
      if (unread.count === 0) return { planned: [], entity };
      const noLinks = { deliveryCode: null, trackingLink: null, joinLink: null };
      const facts: Facts = {
        ...base,
        count: unread.count,
        lines: unread.rows.flatMap((row) => {
          try {
            return [render(row.template, row.payload, member.locale, noLinks).text];
          } catch {
            return []; // a template retired since: counted, not listed
          }
        }),
      };
      return {
        planned: [
          {
            recipientType: 'member',
            recipientId: member.userId,
            recipient: member.email,
            channel: 'email',
            template: 'daily_digest',
            language: member.locale,
            payload: facts,
            orderId: null,
          },
        ],
        entity,
      };
    }
    case 'invitation.created': {
      const facts: Facts = {
        ...base,
        role: event.role,
        invitedByName: event.invitedByName,
        // The link's token is its only secret: kept encrypted, decrypted only to render the email.
        joinTokenEncrypted: secretBox().encrypt(event.token),
      };
      return {
        planned: [
          {
            recipientType: 'member',
            recipientId: null,
            recipient: event.email,
            channel: 'email',
            template: 'invitation',
            language: business.locale,
            payload: facts,
          },
        ],
        entity: event.invitationId,
      };
    }
  }
}

/** The order a delivery is for, as notifications read it; null when either is gone. */
async function orderOfDelivery(tx: Db, params: { businessId: string; deliveryId: string }) {
  const delivery = await deliveryForNotification(tx, params);
  if (!delivery) return null;
  return (
    (await orderForNotification(tx, {
      businessId: params.businessId,
      orderId: delivery.orderId,
    })) ?? null
  );
}

function orderFacts(order: OrderFacts): Facts {
  return {
    customerName: order.customer.name,
    orderNumber: orderNumber(order.order.number),
    total: order.order.total,
    cashDue: order.order.cashDue,
    currency: order.order.currency,
    courierFirstName: firstName(order.delivery?.courierName),
    deliveryId: order.delivery?.id ?? null,
  };
}

/** The courier told of a delivery that is offered or given to them: its number and where it goes. */
async function courierDeliveryRows(
  tx: Db,
  business: Business,
  event: { businessId: string; deliveryId: string; courierId: string },
  template: TemplateName,
): Promise<Planned[]> {
  const delivery = await deliveryForNotification(tx, event);
  const order =
    delivery &&
    (await orderForNotification(tx, { businessId: event.businessId, orderId: delivery.orderId }));
  const facts: Facts = {
    businessName: business.name,
    orderNumber: order ? orderNumber(order.order.number) : null,
    dropoffAddress: delivery?.dropoffAddress ?? null,
  };
  return courierRows(tx, business, event.courierId, template, facts, order?.order.id ?? null);
}
