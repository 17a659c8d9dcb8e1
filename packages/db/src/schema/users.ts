// People who sign in (merchant staff and couriers) and their sessions.
import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { isE164, isOneOf } from './_checks';
import { createdAt, id, timestamps, tstz } from './_columns';
import { businesses } from './businesses';
import { locales, sessionKinds } from './enums';

export const users = pgTable(
  'users',
  {
    id: id(),
    /** Stored lower-cased; the check makes a mixed-case insert fail instead of duplicating a user. */
    email: text('email').notNull().unique('users_email_unique'),
    passwordHash: text('password_hash').notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    locale: text('locale', { enum: locales }).notNull().default('fr'),
    ...timestamps,
  },
  (t) => [
    check('users_email_lower', sql`${t.email} = lower(${t.email})`),
    check('users_phone_e164', isE164(t.phone)),
    check('users_locale_known', isOneOf(t.locale, locales)),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** Hex sha-256 of the session token; the token itself is never stored. */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The business the user is working in; cleared if that business is deleted. */
    currentBusinessId: uuid('current_business_id').references(() => businesses.id, {
      onDelete: 'set null',
    }),
    expiresAt: tstz('expires_at').notNull(),
    createdAt: createdAt(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    kind: text('kind', { enum: sessionKinds }).notNull().default('cookie'),
  },
  (t) => [
    index('sessions_user_idx').on(t.userId),
    index('sessions_expires_at_idx').on(t.expiresAt),
    check('sessions_id_sha256_hex', sql`${t.id} ~ '^[0-9a-f]{64}$'`),
    check('sessions_kind_known', isOneOf(t.kind, sessionKinds)),
  ],
);

/**
 * A "forgotten password" link: only the SHA-256 of its token is kept, it works once, for an hour,
 * and asking again voids the previous one. Using it sets the password and ends every session.
 */
export const passwordResets = pgTable(
  'password_resets',
  {
    id: id(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Hex SHA-256 of the link's token. */
    tokenHash: text('token_hash').notNull().unique('password_resets_token_hash_unique'),
    expiresAt: tstz('expires_at').notNull(),
    /** Set when the link was used, or voided by a newer one. */
    usedAt: tstz('used_at'),
    ip: text('ip'),
    createdAt: createdAt(),
  },
  (t) => [
    index('password_resets_user_idx').on(t.userId),
    check('password_resets_token_hash_sha256_hex', sql`${t.tokenHash} ~ '^[0-9a-f]{64}$'`),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Session = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;
export type PasswordReset = typeof passwordResets.$inferSelect;
