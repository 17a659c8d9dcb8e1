// Who works for a business (memberships) and what it pays for (subscriptions).
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { id, timestamps, tstz } from './_columns';
import { businessId } from './_tenant';
import { membershipRoleEnum, subscriptionPlanEnum, subscriptionStatusEnum } from './enums';
import { users } from './users';

export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    businessId: businessId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: membershipRoleEnum('role').notNull(),
    /** Null while the membership is an invitation the user has not accepted; only accepted ones grant access. */
    acceptedAt: tstz('accepted_at').defaultNow(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    /** The member also gets the team's notifications by email (off: the in-app bell only). */
    emailDigest: boolean('email_digest').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    unique('memberships_business_user_unique').on(t.businessId, t.userId),
    index('memberships_user_idx').on(t.userId),
  ],
);

/**
 * An invitation link: whoever opens /join/<token> and signs in (or up) with `email` becomes a
 * member with `role`. Only the token's SHA-256 is stored, so the table cannot be replayed from a
 * leak; a link is used once, expires, and can be revoked. The invited email may have no account
 * yet: nothing here says whether it has one.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    businessId: businessId(),
    /** Lower case, like users.email: the account that accepts must have this address. */
    email: text('email').notNull(),
    role: membershipRoleEnum('role').notNull(),
    /** Hex SHA-256 of the link's token. */
    tokenHash: text('token_hash').notNull().unique('invitations_token_hash_unique'),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: tstz('expires_at').notNull(),
    acceptedAt: tstz('accepted_at'),
    acceptedBy: uuid('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    /** Withdrawn by the business, or replaced by a newer invitation of the same email. */
    revokedAt: tstz('revoked_at'),
    ...timestamps,
  },
  (t) => [
    index('invitations_business_idx').on(t.businessId, t.email),
    check('invitations_email_lower', sql`${t.email} = lower(${t.email})`),
    check('invitations_token_hash_sha256_hex', sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`),
  ],
);

export const subscriptions = pgTable(
  'subscriptions',
  {
    id: id(),
    businessId: businessId().unique('subscriptions_business_unique'),
    plan: subscriptionPlanEnum('plan').notNull().default('trial'),
    status: subscriptionStatusEnum('status').notNull().default('trialing'),
    /** End of the current billing period (or of the trial); monthly usage counts reset after it. */
    currentPeriodEnd: tstz('current_period_end').notNull(),
    messagesLimit: integer('messages_limit').notNull(),
    aiCallsLimit: integer('ai_calls_limit').notNull(),
    couriersLimit: integer('couriers_limit').notNull(),
    ...timestamps,
  },
  (t) => [
    check('subscriptions_messages_limit_non_negative', sql`${t.messagesLimit} >= 0`),
    check('subscriptions_ai_calls_limit_non_negative', sql`${t.aiCallsLimit} >= 0`),
    check('subscriptions_couriers_limit_non_negative', sql`${t.couriersLimit} >= 0`),
  ],
);

export type Membership = typeof memberships.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type NewMembership = typeof memberships.$inferInsert;
export type Subscription = typeof subscriptions.$inferSelect;
export type NewSubscription = typeof subscriptions.$inferInsert;
