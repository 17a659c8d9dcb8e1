// The public REST API (/v1): the businesses' API keys and the answers kept for Idempotency-Key.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { isOneOf } from './_checks';
import { createdAt, id, timestamps, tstz } from './_columns';
import { businessId } from './_tenant';
import { users } from './users';

export const apiKeyModes = ['live', 'test'] as const;
export type ApiKeyMode = (typeof apiKeyModes)[number];

/**
 * A key is shown once, at creation; only its keyed hash (HMAC-SHA-256) is kept, which is enough
 * for 256-bit random keys (no password stretching needed) and lets a request find its key by
 * one index lookup. `prefix` is the start of the key, for people to tell their keys apart.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    businessId: businessId(),
    name: text('name').notNull(),
    mode: text('mode', { enum: apiKeyModes }).notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    /** `<resource>:read` or `<resource>:write` (write includes read). */
    scopes: text('scopes').array().notNull(),
    expiresAt: tstz('expires_at'),
    revokedAt: tstz('revoked_at'),
    /** Written at most once a minute per key (not on every call). */
    lastUsedAt: tstz('last_used_at'),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    unique('api_keys_key_hash_unique').on(t.keyHash),
    index('api_keys_business_created_idx').on(t.businessId, t.createdAt),
    check('api_keys_mode_check', isOneOf(t.mode, apiKeyModes)),
  ],
);

/**
 * One POST's Idempotency-Key: claimed before the work (no answer yet: in flight), then given its
 * answer in the same transaction as the work, so the answer is kept exactly when the work was
 * done. Kept 24 hours.
 */
export const apiIdempotencyKeys = pgTable(
  'api_idempotency_keys',
  {
    id: id(),
    businessId: businessId(),
    apiKeyId: uuid('api_key_id')
      .notNull()
      .references(() => apiKeys.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** sha-256 of method, path and body: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    /** Who holds the claim while the work runs; a crashed claim is taken over after its lease. */
    claimToken: text('claim_token').notNull(),
    claimedAt: tstz('claimed_at').notNull().defaultNow(),
    responseStatus: integer('response_status'),
    responseBody: jsonb('response_body'),
    createdAt: createdAt(),
    expiresAt: tstz('expires_at').notNull().default(sql`now() + interval '24 hours'`),
  },
  (t) => [
    unique('api_idempotency_keys_unique').on(t.businessId, t.apiKeyId, t.key),
    index('api_idempotency_keys_expires_idx').on(t.expiresAt),
  ],
);

export type ApiKey = typeof apiKeys.$inferSelect;
export type ApiIdempotencyKey = typeof apiIdempotencyKeys.$inferSelect;
