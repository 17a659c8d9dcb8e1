// The notification engine's entry: `notify(tx, jobs, event)`, called in the transaction of the
// change that is being told (an order transition, a courier's action, an invitation...). It
// finds who is told and how (the customer on WhatsApp with SMS as fallback, the courier by push,
// the team in-app and by email), applies the business's preferences, the customer's opt-out and
// quiet hours, writes one `notifications` row per recipient and channel, and enqueues their send
// jobs in that same transaction: a rolled-back change notifies nobody. Each row's dedupe key
// names the business, the event, the record, the recipient and the channel, and rows are
// inserted with ON CONFLICT DO NOTHING: an event replayed notifies nobody twice.
import {
  type CustomerNotificationEvent,
  essentialCustomerEvents,
  type Locale,
  type NotificationPreferences,
  notificationPreferencesOf,
  urgentCustomerEvents,
} from '@flux/contracts';
import { type Db, secretBox } from '@flux/db';
import {
  businessForNotification,
  courierForNotification,
  deliveryForNotification,
  insertNotifications,
  memberForDigest,
  type NotificationInsert,
  type NotificationRow,
  orderForNotification,
  teamForNotification,
  unreadInAppSince,
} from '@flux/db/queries/notifications';
import { messageForPush, webPushRecipients } from '@flux/db/queries/web-push';
import type { JobSender } from '../../jobs/sender';
import { orderNumber } from '../order-number';
import { whatsappRecipient } from '../whatsapp-send';
import type { NotifyEvent } from './events';
import { type Facts, firstName, render, type TemplateName } from './templates';
import { trackingTokenOf } from './tracking';

export type { NotifyEvent } from './events';

type Business = NonNullable<Awaited<ReturnType<typeof businessForNotification>>> & {
  preferences: NotificationPreferences;
};
type OrderFacts = NonNullable<Awaited<ReturnType<typeof orderForNotification>>>;
type Role = Parameters<typeof teamForNotification>[1]['roles'][number];

/** A row `notify` will write, before its business and dedupe key are added. */
interface Planned extends Omit<NotificationInsert, 'dedupeKey' | 'template' | 'payload' | 'event'> {
  template: TemplateName;
  payload: Facts;
}

/** The latest unread notifications a daily digest lists (the count says how many in all). */
const DIGEST_LINES = 20;

const ORDER_TEMPLATES: Record<string, TemplateName> = {
  'order.confirmed': 'order_confirmed',
  'order.out_for_delivery': 'order_on_the_way',
  'order.delivered': 'order_delivered',
  'order.cancelled': 'order_cancelled',
  'order.failed': 'order_failed',
  'delivery.accepted': 'courier_assigned',
};

/**
 * Writes the event's notifications and enqueues their sends, in the caller's transaction. What was
 * written (nothing for a replay: every dedupe key was there already).
 */
export async function notify(
  tx: Db,
  jobs: JobSender,
  event: NotifyEvent,
): Promise<NotificationRow[]> {
  const found = await businessForNotification(tx, { businessId: event.businessId });
  if (!found) return [];
  const business: Business = { ...found, preferences: notificationPreferencesOf(found.settings) };
  const { planned, entity } = await plan(tx, business, event);
  const rows: NotificationInsert[] = planned.map((row) => ({
    ...row,
    event: event.type,
    dedupeKey: dedupeKey(event.businessId, event.type, entity, row),
  }));
  return insertAndEnqueue(tx, jobs, event.businessId, rows);
}

/** Inserts the rows whose keys are new and enqueues the pending ones (at their scheduled time). */
export async function insertAndEnqueue(
  tx: Db,
  jobs: JobSender,
  businessId: string,
  rows: NotificationInsert[],
): Promise<NotificationRow[]> {
  const inserted = await insertNotifications(tx, { businessId, rows });
  const now = Date.now();
  await jobs.sendMany(
    'notifications.send',
    inserted
      .filter((row) => row.status === 'pending')
      .map((row) => ({
        payload: { notificationId: row.id },
        startAfterSeconds: Math.max(0, Math.ceil((row.scheduledAt.getTime() - now) / 1000)),
      })),
    { db: tx },
  );
  return inserted;
}

/** Business + event + record + recipient + channel: the same fact told twice is one row. */
export function dedupeKey(
  businessId: string,
  event: string,
  entity: string,
  row: Pick<NotificationInsert, 'recipientType' | 'recipientId' | 'recipient' | 'channel'>,
) {
  return [
    businessId,
    event,
    entity,
    row.recipientType,
    // A member has a row per browser: the subscription (the recipient) names it.
    row.channel === 'web_push' ? row.recipient : (row.recipientId ?? row.recipient),
    row.channel,
  ].join(':');
}

async function plan(
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
    trackingToken: trackingTokenOf(order.order),
  };
}

/**
 * The customer's row: the first of the business's channels the customer can be reached on, with
 * SMS kept as the WhatsApp row's fallback. Off in the preferences, opted out (but for the
 * essential message) or unreachable: a `skipped` row, so the timeline shows why nothing went.
 */
function customerRows(
  business: Business,
  order: OrderFacts,
  event: CustomerNotificationEvent,
  template: TemplateName,
  facts: Facts,
): Planned[] {
  const { customer } = order;
  const prefs = business.preferences;
  const addresses = {
    whatsapp: whatsappRecipient(customer),
    sms: customer.phone,
  };
  const base = {
    recipientType: 'customer' as const,
    recipientId: customer.id,
    template,
    // The customer's own language (set in the dashboard or guessed from their messages), else the shop's.
    language: (customer.locale ?? business.locale) as Locale,
    orderId: order.order.id,
  };
  const skipped = (why: string): Planned[] => {
    const channel = prefs.customer.channels[0] ?? 'whatsapp';
    return [
      {
        ...base,
        channel,
        recipient: addresses[channel] ?? '-',
        payload: { ...facts, deliveryId: null },
        status: 'skipped',
        lastError: why,
      },
    ];
  };
  if (prefs.customer.events[event] === false)
    return skipped('Turned off in the business’s notification settings');
  let channels = prefs.customer.channels.filter((channel) => addresses[channel]);
  if (customer.optedOutAt) {
    if (!essentialCustomerEvents.includes(event)) {
      return skipped(`The customer opted out (${customer.optedOutChannel ?? 'unknown channel'})`);
    }
    // The code at the door still goes, but never by SMS after a STOP by SMS.
    if (customer.optedOutChannel === 'sms')
      channels = channels.filter((channel) => channel !== 'sms');
  }
  const [primary] = channels;
  if (!primary) return skipped('No WhatsApp or phone number to reach the customer');
  const to = addresses[primary] ?? '';
  const fallbackTo = primary === 'whatsapp' && channels.includes('sms') ? customer.phone : null;
  const deferredTo = urgentCustomerEvents.includes(event)
    ? null
    : quietHoursEnd(new Date(), business);
  return [
    {
      ...base,
      channel: primary,
      recipient: to,
      payload: { ...facts, fallback: fallbackTo ? { channel: 'sms', to: fallbackTo } : null },
      ...(deferredTo ? { scheduledAt: deferredTo } : {}),
    },
  ];
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

/** A courier: by push when the app registered a token (SMS as its fallback), else by SMS. */
async function courierRows(
  tx: Db,
  business: Business,
  courierId: string,
  template: TemplateName,
  facts: Facts,
  orderId: string | null,
): Promise<Planned[]> {
  const courier = await courierForNotification(tx, { businessId: business.id, courierId });
  if (!courier) return [];
  const base = {
    recipientType: 'courier' as const,
    recipientId: courier.id,
    template,
    language: (courier.locale ?? business.locale) as Locale,
    orderId,
  };
  if (courier.pushToken) {
    return [
      {
        ...base,
        channel: 'push',
        recipient: courier.pushToken,
        payload: { ...facts, fallback: { channel: 'sms', to: courier.phone } },
      },
    ];
  }
  return [{ ...base, channel: 'sms', recipient: courier.phone, payload: facts }];
}

/**
 * The team members of these roles: in-app always, by email too for who keeps email on, and with
 * `webPush` on each browser they turned notifications on in.
 */
async function teamRows(
  tx: Db,
  business: Business,
  roles: Role[],
  template: TemplateName,
  facts: Facts,
  options: { email: boolean; webPush?: boolean; orderId: string | null },
): Promise<Planned[]> {
  const members = await teamForNotification(tx, { businessId: business.id, roles });
  const browsers = options.webPush
    ? await webPushRows(tx, business, roles, template, facts, options)
    : [];
  return members
    .flatMap((member) => {
      const base = {
        recipientType: 'member' as const,
        recipientId: member.userId,
        template,
        language: member.locale,
        orderId: options.orderId,
        payload: facts,
      };
      const rows: Planned[] = [{ ...base, channel: 'in_app', recipient: member.userId }];
      if (options.email && member.emailDigest)
        rows.push({ ...base, channel: 'email', recipient: member.email });
      return rows;
    })
    .concat(browsers);
}

/** Who reads the inbox, and who hands deliveries to couriers. */
const INBOX_ROLES: Role[] = ['owner', 'admin', 'agent'];
const DISPATCH_ROLES: Role[] = ['owner', 'admin', 'dispatcher'];
/** A lock screen shows two lines or so; the rest is in the inbox. */
const PREVIEW_CHARS = 140;

/** One Web Push row per browser of the members of these roles (only `userIds` when given). */
async function webPushRows(
  tx: Db,
  business: Business,
  roles: Role[],
  template: TemplateName,
  facts: Facts,
  options: { orderId: string | null; userIds?: string[] },
): Promise<Planned[]> {
  const browsers = await webPushRecipients(tx, {
    businessId: business.id,
    roles,
    ...(options.userIds ? { userIds: options.userIds } : {}),
  });
  return browsers.map((browser) => ({
    recipientType: 'member' as const,
    recipientId: browser.userId,
    recipient: browser.subscriptionId,
    channel: 'web_push' as const,
    template,
    language: browser.locale,
    orderId: options.orderId,
    payload: facts,
  }));
}

const minutesOf = (hhmm: string) => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/**
 * When quiet hours end, if `now` falls inside them in the business's time zone; null otherwise.
 * Quiet hours may span midnight (21:00 → 08:00).
 */
export function quietHoursEnd(
  now: Date,
  business: { timezone: string; preferences: NotificationPreferences },
): Date | null {
  const quiet = business.preferences.quietHours;
  if (!quiet) return null;
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: business.timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = part('hour') * 60 + part('minute');
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const inside = start <= end ? local >= start && local < end : local >= start || local < end;
  if (!inside || start === end) return null;
  const wait = (end - local + 1440) % 1440;
  const at = new Date(now.getTime() + wait * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}
