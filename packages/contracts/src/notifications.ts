// The notification preferences a business sets (the `notifications` key of businesses.settings)
// with their defaults, applied on read: settings written before it existed have none. The event
// names, which reach customers and the default preferences are in notification-events.ts
// (zod-free, for the browser) and re-exported here.
import { z } from 'zod';
import {
  customerNotificationEvents,
  defaultNotificationPreferences,
  type NotificationPreferencesShape,
} from './notification-events';

export * from './notification-events';

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
// The plain shape the browser uses and the schema's type stay one type (a build error otherwise).
true satisfies NotificationPreferences extends NotificationPreferencesShape
  ? NotificationPreferencesShape extends NotificationPreferences
    ? true
    : false
  : false;

/** The business's preferences with the defaults under them (settings may hold none, or old ones). */
export function notificationPreferencesOf(settings: { notifications?: unknown }) {
  const parsed = notificationPreferencesSchema.safeParse(settings.notifications);
  return parsed.success ? parsed.data : defaultNotificationPreferences;
}
