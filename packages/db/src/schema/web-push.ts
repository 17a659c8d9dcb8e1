// The browsers where a member turned on "Notifications sur ce téléphone": one Web Push subscription
// each (RFC 8030), per business, as the browser's PushSubscription gave it. The endpoint is the
// push service's URL for that browser (the dedupe key: subscribing again updates the row); the
// two keys the payload is encrypted for are secrets, encrypted at rest. A 404/410 from the push
// service deletes the row.
import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { encrypted, id, timestamps } from './_columns';
import { businessId } from './_tenant';
import { users } from './users';

export const webPushSubscriptions = pgTable(
  'web_push_subscriptions',
  {
    id: id(),
    businessId: businessId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    endpoint: text('endpoint').notNull(),
    /** The browser's P-256 public key (base64url), the payload's encryption key. */
    p256dh: encrypted('p256dh_encrypted').notNull(),
    /** The browser's 16-byte auth secret (base64url). */
    auth: encrypted('auth_encrypted').notNull(),
    /** What the member sees to tell their devices apart ("Android · Chrome"). */
    deviceLabel: text('device_label'),
    ...timestamps,
  },
  (t) => [
    unique('web_push_subscriptions_business_endpoint_unique').on(t.businessId, t.endpoint),
    index('web_push_subscriptions_business_user_idx').on(t.businessId, t.userId),
    check('web_push_subscriptions_endpoint_url', sql`${t.endpoint} ~ '^https?://'`),
  ],
);

export type WebPushSubscriptionRow = typeof webPushSubscriptions.$inferSelect;
