// What the notification engine tells whom, as plain values (no zod: the dashboard imports this
// through `@flux/contracts/notification-events`): the event names (the api's `notify` takes one of
// these), which of them reach customers, which still go out in quiet hours, and the default
// preferences. The schema of the preferences is in notifications.ts.

/** Every event that notifies someone. */
export const notificationEvents = [
  'order.confirmed',
  'order.out_for_delivery',
  'order.delivered',
  'order.cancelled',
  'order.failed',
  'delivery.offered',
  'delivery.accepted',
  'delivery.assigned',
  'delivery.failed',
  'invitation.created',
  'cash.handover_due',
  'conversation.handoff',
  'job.dead',
  'notification.dead',
  'digest.daily',
  'email.reconnect_needed',
  'message.received',
  'delivery.flagged',
  'webhook.endpoint_disabled',
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

/** A business's preferences (the shape notifications.ts's schema checks). */
export interface NotificationPreferencesShape {
  customer: {
    events: Partial<Record<CustomerNotificationEvent, boolean>>;
    channels: ('whatsapp' | 'sms')[];
  };
  quietHours: { start: string; end: string } | null;
}

export const defaultNotificationPreferences: NotificationPreferencesShape = {
  customer: { events: {}, channels: ['whatsapp', 'sms'] },
  quietHours: { start: '21:00', end: '08:00' },
};
