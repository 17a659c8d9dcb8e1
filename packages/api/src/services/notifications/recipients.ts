// Who gets which row of an event, and on which channel: the customer on the first of the
// business's channels that reaches them (SMS kept as WhatsApp's fallback), unless the business
// turned the event off or the customer opted out, deferred to the end of quiet hours unless
// urgent; a courier by push, else SMS; the team in-app, by email for who keeps it on, and by Web
// Push on the browsers that asked for it. index.ts decides which event tells whom.
import {
  type CustomerNotificationEvent,
  essentialCustomerEvents,
  type Locale,
  type NotificationPreferences,
  urgentCustomerEvents,
} from '@flux/contracts';
import type { Db } from '@flux/db';
import {
  type businessForNotification,
  courierForNotification,
  type orderForNotification,
  teamForNotification,
} from '@flux/db/queries/notification-recipients';
import type { NotificationInsert } from '@flux/db/queries/notifications';
import { webPushRecipients } from '@flux/db/queries/web-push';
import { whatsappRecipient } from '../whatsapp-send';
import type { Facts, TemplateName } from './templates';

export type Business = NonNullable<Awaited<ReturnType<typeof businessForNotification>>> & {
  preferences: NotificationPreferences;
};
export type OrderFacts = NonNullable<Awaited<ReturnType<typeof orderForNotification>>>;
export type Role = Parameters<typeof teamForNotification>[1]['roles'][number];

/** A row `notify` will write, before its business and dedupe key are added. */
export interface Planned
  extends Omit<NotificationInsert, 'dedupeKey' | 'template' | 'payload' | 'event'> {
  template: TemplateName;
  payload: Facts;
}

/**
 * The customer's row: the first of the business's channels the customer can be reached on, with
 * SMS kept as the WhatsApp row's fallback. Off in the preferences, opted out (but for the
 * essential message) or unreachable: a `skipped` row, so the timeline shows why nothing went.
 */
export function customerRows(
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

/** A courier: by push when the app registered a token (SMS as its fallback), else by SMS. */
export async function courierRows(
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
export async function teamRows(
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
export const INBOX_ROLES: Role[] = ['owner', 'admin', 'agent'];
export const DISPATCH_ROLES: Role[] = ['owner', 'admin', 'dispatcher'];

/** One Web Push row per browser of the members of these roles (only `userIds` when given). */
export async function webPushRows(
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
