// Operational records: outgoing notifications, incoming webhook events and the audit log.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { isOneOf } from './_checks';
import { createdAt, id, timestamps, tstz } from './_columns';
import { businessId } from './_tenant';
import { businesses } from './businesses';
import {
  locales,
  notificationChannelEnum,
  notificationRecipientTypeEnum,
  notificationStatusEnum,
  webhookProviderEnum,
  webhookStatusEnum,
} from './enums';
import { orders } from './orders';
import { users } from './users';

export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    businessId: businessId(),
    recipientType: notificationRecipientTypeEnum('recipient_type').notNull(),
    /** The prospect, courier or user it is for; null for an invitee who has no account yet. */
    recipientId: uuid('recipient_id'),
    /** Phone, email address, push token or user id, depending on the channel. */
    recipient: text('recipient').notNull(),
    channel: notificationChannelEnum('channel').notNull(),
    /** What happened (a NotificationEvent of @flux/contracts). */
    event: text('event').notNull(),
    template: text('template').notNull(),
    /** The recipient's language, else the business's, when the row was written. */
    language: text('language', { enum: locales }).notNull().default('fr'),
    /** Facts the template renders (never a secret: the delivery code is derived at send time). */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    /** The order it is about, for the order's timeline. */
    orderId: uuid('order_id').references(() => orders.id, { onDelete: 'set null' }),
    status: notificationStatusEnum('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Globally unique, so it should name the business and the event: never send twice. */
    dedupeKey: text('dedupe_key').notNull().unique('notifications_dedupe_key_unique'),
    scheduledAt: tstz('scheduled_at').notNull().defaultNow(),
    /** Set while one send job is calling the provider (status `sending`). */
    sendingSince: tstz('sending_since'),
    /** Who sent it ('whatsapp', 'africastalking', 'twilio', 'smtp', 'expo', 'in_app'). */
    provider: text('provider'),
    /** The provider's id of the message: delivery reports find the row by it. */
    providerMessageId: text('provider_message_id'),
    sentAt: tstz('sent_at'),
    deliveredAt: tstz('delivered_at'),
    /** The in-app bell: when the member opened it. */
    readAt: tstz('read_at'),
    /** This row is the fallback (SMS) of that one (WhatsApp unreachable, push dead). */
    fallbackOf: uuid('fallback_of').references((): AnyPgColumn => notifications.id, {
      onDelete: 'set null',
    }),
    ...timestamps,
  },
  (t) => [
    index('notifications_business_created_idx').on(t.businessId, t.createdAt),
    index('notifications_status_scheduled_idx').on(t.status, t.scheduledAt),
    index('notifications_business_order_idx').on(t.businessId, t.orderId),
    // The in-app bell of one member, newest first.
    index('notifications_business_recipient_idx').on(t.businessId, t.recipientId, t.createdAt),
    uniqueIndex('notifications_provider_message_unique')
      .on(t.provider, t.providerMessageId)
      .where(sql`${t.providerMessageId} is not null`),
    check('notifications_attempts_non_negative', sql`${t.attempts} >= 0`),
    check('notifications_language_known', isOneOf(t.language, locales)),
  ],
);

export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: id(),
    /** Resolved after receipt (from the phone number id or mailbox); null if it matches no business. */
    businessId: uuid('business_id').references(() => businesses.id, { onDelete: 'set null' }),
    provider: webhookProviderEnum('provider').notNull(),
    /** The provider's event id: with the provider, the dedupe key of redeliveries. */
    externalId: text('external_id').notNull(),
    payload: jsonb('payload').notNull(),
    signatureValid: boolean('signature_valid').notNull(),
    status: webhookStatusEnum('status').notNull().default('received'),
    error: text('error'),
    /** Failed processing attempts caused by the event itself (infrastructure errors never count). */
    attempts: integer('attempts').notNull().default(0),
    /** Times a parked (`failed`) event was put back in the inbox, by the sweep or by an admin. */
    redrives: integer('redrives').notNull().default(0),
    /** A parked event: when the sweep puts it back in the inbox (null: it waits for a person). */
    nextAttemptAt: tstz('next_attempt_at'),
    receivedAt: tstz('received_at').notNull().defaultNow(),
    processedAt: tstz('processed_at'),
  },
  (t) => [
    unique('webhook_events_provider_external_id_unique').on(t.provider, t.externalId),
    // The inbox the drain claims from, oldest first: only unprocessed events, so the index stays
    // small however many processed events are kept, and an ordered scan stops at the batch size.
    index('webhook_events_inbox_idx')
      .on(t.provider, t.receivedAt, t.id)
      .where(sql`${t.status} = 'received'`),
    // The few events that need a human (parked after failures, or of an unknown shape).
    index('webhook_events_attention_idx')
      .on(t.receivedAt)
      .where(sql`${t.status} in ('failed', 'invalid')`),
    check('webhook_events_attempts_non_negative', sql`${t.attempts} >= 0`),
    check('webhook_events_redrives_non_negative', sql`${t.redrives} >= 0`),
  ],
);

export const auditLogs = pgTable(
  'audit_logs',
  {
    id: id(),
    /** Null for account-level actions such as sign-in. */
    businessId: uuid('business_id').references(() => businesses.id, { onDelete: 'cascade' }),
    actorUserId: uuid('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** The actor's email, or 'system', as it was: it survives the user's deletion. */
    actorLabel: text('actor_label').notNull(),
    /** `<entity>.<verb>`, e.g. 'business.update', 'order.confirm'. */
    action: text('action').notNull(),
    entityType: text('entity_type'),
    entityId: text('entity_id'),
    changes: jsonb('changes'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
    /**
     * The order entries were written in: two in one transaction share its `now()`, and the
     * millisecond; an entity's history sorts by (created_at, seq), never by a random id.
     */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
  },
  (t) => [
    // (created_at, id) is the keyset cursor of the audit log pages.
    index('audit_logs_business_created_idx').on(t.businessId, t.createdAt, t.id),
    index('audit_logs_actor_created_idx').on(t.actorUserId, t.createdAt),
    // One entity's history (an order's timeline: its detail and its customer's tracking page)
    // without walking the business's whole log.
    index('audit_logs_business_entity_idx').on(t.businessId, t.entityType, t.entityId, t.createdAt),
  ],
);

export type Notification = typeof notifications.$inferSelect;
export type NewNotification = typeof notifications.$inferInsert;
export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type NewWebhookEvent = typeof webhookEvents.$inferInsert;
export type AuditLog = typeof auditLogs.$inferSelect;
export type NewAuditLog = typeof auditLogs.$inferInsert;
