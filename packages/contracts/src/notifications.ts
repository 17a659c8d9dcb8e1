// What the notification engine tells whom, and the preferences a business sets about it: the
// event names (the api's `notify` takes one of these), which of them reach customers, and the
// `notifications` key of businesses.settings with its defaults (applied on read: settings written
// before it existed have none).
import { z } from 'zod';

/** Every event that notifies someone. */
export const notificationEvents = [
  'order.confirmed',
  'order.out_for_delivery',
  'order.delivered',
  'order.cancelled',
  'order.failed',
  'delivery.offered',
  'delivery.accepted',
  'delivery.failed',
  'invitation.created',
  'cash.handover_due',
  'conversation.handoff',
  'job.dead',
  'notification.dead',
] as const;
export type NotificationEvent = (typeof notificationEvents)[number];

/** The events a customer may receive: the business turns each on or off. */
export const customerNotificationEvents = [
  'order.confirmed',
  'delivery.accepted',
  'order.out_for_delivery',
  'order.delivered',
  'order.cancelled',
  'order.failed',
] as const;
export type CustomerNotificationEvent = (typeof customerNotificationEvents)[number];

/**
 * Customer events sent even in quiet hours: the courier is on the way (the code is needed at the
 * door within the hour). The others wait for the morning.
 */
export const urgentCustomerEvents: readonly CustomerNotificationEvent[] = [
  'delivery.accepted',
  'order.out_for_delivery',
];

/**
 * Sent to a customer who opted out, except on SMS when the opt-out came by SMS (carriers enforce
 * STOP): the message with the delivery code of an order the customer placed and is waiting for.
 * Without it the courier stands at the door with no code to check. Every other event is skipped.
 */
export const essentialCustomerEvents: readonly CustomerNotificationEvent[] = [
  'order.out_for_delivery',
];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

export const notificationPreferencesSchema = z.object({
  customer: z.object({
    /** Each customer event on (true) or off; an event missing here is on. */
    events: z.partialRecord(z.enum(customerNotificationEvents), z.boolean()),
    /** Channels tried in order: WhatsApp first, SMS as its fallback. */
    channels: z.array(z.enum(['whatsapp', 'sms'])).min(1),
  }),
  /** Non-urgent customer messages wait until `end` (the business's time zone); null: none. */
  quietHours: z.object({ start: hhmm, end: hhmm }).nullable(),
});
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

export const defaultNotificationPreferences: NotificationPreferences = {
  customer: { events: {}, channels: ['whatsapp', 'sms'] },
  quietHours: { start: '21:00', end: '08:00' },
};

/** The business's preferences with the defaults under them (settings may hold none, or old ones). */
export function notificationPreferencesOf(settings: { notifications?: unknown }) {
  const parsed = notificationPreferencesSchema.safeParse(settings.notifications);
  return parsed.success ? parsed.data : defaultNotificationPreferences;
}
