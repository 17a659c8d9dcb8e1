// Outgoing webhooks: a merchant's endpoints (URL, events, signing secrets), each event's delivery
// to one endpoint (the outbox row written in the transaction of the change), and every attempt
// of it (the delivery log). Incoming provider webhooks are `webhook_events` (ops.ts).
import { webhookDeliveryStatuses } from '@flux/contracts/webhooks';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { isOneOf } from './_checks';
import { createdAt, encrypted, id, timestamps, tstz } from './_columns';
import { businessId } from './_tenant';

export const webhookEndpoints = pgTable(
  'webhook_endpoints',
  {
    id: id(),
    businessId: businessId(),
    url: text('url').notNull(),
    description: text('description').notNull().default(''),
    /** The WebhookEventTypes it receives. */
    events: text('events').array().notNull(),
    /** `whsec_…`, encrypted at rest; shown once, when made or rotated. */
    secret: encrypted('secret_encrypted').notNull(),
    /** The secret before the last rotation, still signing until `previous_secret_expires_at`. */
    previousSecret: encrypted('previous_secret_encrypted'),
    previousSecretExpiresAt: tstz('previous_secret_expires_at'),
    enabled: boolean('enabled').notNull().default(true),
    /** Why it is off: `manual` (an admin) or `failing` (no success for days). */
    disabledReason: text('disabled_reason'),
    disabledAt: tstz('disabled_at'),
    /** The first failure since the last success; null while it succeeds. */
    failingSince: tstz('failing_since'),
    lastSuccessAt: tstz('last_success_at'),
    ...timestamps,
  },
  (t) => [
    index('webhook_endpoints_business_idx').on(t.businessId, t.createdAt),
    check('webhook_endpoints_disabled_reason', isOneOf(t.disabledReason, ['manual', 'failing'])),
  ],
);

export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: id(),
    businessId: businessId(),
    endpointId: uuid('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    /** The `webhook-id` header: the same on every attempt, so the receiver can dedupe. */
    messageId: text('message_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The body sent: `{ type, timestamp, data }`. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: webhookDeliveryStatuses }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    /** When the next attempt may run. */
    nextAttemptAt: tstz('next_attempt_at').notNull().defaultNow(),
    /** The retry window (24 h) runs from here: the event, or the last manual resend. */
    windowStartedAt: tstz('window_started_at').notNull().defaultNow(),
    /** Set while one worker is calling the endpoint (status `sending`). */
    sendingSince: tstz('sending_since'),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    succeededAt: tstz('succeeded_at'),
    /** A test event sent from the settings (not a domain event). */
    test: boolean('test').notNull().default(false),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('webhook_deliveries_message_unique').on(t.messageId),
    index('webhook_deliveries_endpoint_created_idx').on(t.endpointId, t.createdAt),
    index('webhook_deliveries_status_idx').on(t.status, t.nextAttemptAt),
    check('webhook_deliveries_status_check', isOneOf(t.status, webhookDeliveryStatuses)),
  ],
);

export const webhookDeliveryAttempts = pgTable(
  'webhook_delivery_attempts',
  {
    id: id(),
    businessId: businessId(),
    deliveryId: uuid('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attempt: integer('attempt').notNull(),
    /** succeeded / failed (an answer that is not 2xx, or none). */
    outcome: text('outcome', { enum: ['succeeded', 'failed'] }).notNull(),
    statusCode: integer('status_code'),
    durationMs: integer('duration_ms').notNull(),
    /** The first KiB of the answer. */
    responseBody: text('response_body').notNull().default(''),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [
    index('webhook_delivery_attempts_delivery_idx').on(t.deliveryId, t.attempt),
    check('webhook_delivery_attempts_outcome', sql`${t.outcome} in ('succeeded', 'failed')`),
  ],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookDeliveryAttempt = typeof webhookDeliveryAttempts.$inferSelect;
