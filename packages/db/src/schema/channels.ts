// The provider accounts a business connects: WhatsApp Cloud API numbers and Gmail/Outlook
// mailboxes. Tokens are AES-GCM ciphertext written by the app; the database never sees them in clear.
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { isOneOf } from './_checks';
import { encrypted, id, timestamps, tstz } from './_columns';
import { businessId } from './_tenant';
import { emailProviderEnum, type SmsProviderName, smsProviders } from './enums';
import { users } from './users';

export const whatsappAccounts = pgTable(
  'whatsapp_accounts',
  {
    id: id(),
    businessId: businessId(),
    /** Meta's id of the number; webhooks name it, so it maps an event to one business. */
    phoneNumberId: text('phone_number_id')
      .notNull()
      .unique('whatsapp_accounts_phone_number_id_unique'),
    wabaId: text('waba_id').notNull(),
    displayPhoneNumber: text('display_phone_number').notNull(),
    accessToken: encrypted('access_token_encrypted').notNull(),
    verifiedName: text('verified_name'),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [index('whatsapp_accounts_business_idx').on(t.businessId)],
);

/** Where a mailbox stands: `reconnect_needed` when its grant was revoked or expired. */
export const emailAccountStatuses = ['active', 'reconnect_needed', 'disconnected'] as const;
export type EmailAccountStatus = (typeof emailAccountStatuses)[number];
/** A full import (first connection, or a resync after a history gap) and how far it got. */
export const emailImportStatuses = ['pending', 'running', 'done'] as const;
export type EmailImportStatus = (typeof emailImportStatuses)[number];

export const emailAccounts = pgTable(
  'email_accounts',
  {
    id: id(),
    businessId: businessId(),
    /** The staff member who connected the mailbox. */
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** A shop's shared mailbox (contact@), seen by its team; false: the connecting user's own. */
    shared: boolean('shared').notNull().default(false),
    provider: emailProviderEnum('provider').notNull(),
    address: text('address').notNull(),
    /** Null once disconnected (the tokens are deleted; the mail may be kept). */
    accessToken: encrypted('access_token_encrypted'),
    /** Null when the provider did not return one (Gmail only does on first consent). */
    refreshToken: encrypted('refresh_token_encrypted'),
    tokenExpiresAt: tstz('token_expires_at'),
    scopes: text('scopes').array().notNull().default([]),
    status: text('status', { enum: emailAccountStatuses })
      .$type<EmailAccountStatus>()
      .notNull()
      .default('active'),
    /** Why the account needs the user (the provider's refusal), for the settings page. */
    statusReason: text('status_reason'),
    /** Where incremental sync resumes: Gmail historyId or Microsoft Graph deltaLink. */
    syncCursor: text('sync_cursor'),
    /** Days of mail the initial import (and a resync) fetches. */
    importDays: integer('import_days').notNull().default(30),
    importStatus: text('import_status', { enum: emailImportStatuses })
      .$type<EmailImportStatus>()
      .notNull()
      .default('pending'),
    /** The import fetches mail received after this (fixed when it starts, so its pages stay valid). */
    importSince: tstz('import_since'),
    /** Messages the import found to fetch so far, and how many are stored (the progress shown). */
    importListed: integer('import_listed').notNull().default(0),
    importDone: integer('import_done').notNull().default(0),
    /** The list page the import resumes from after a stop (the provider's page token). */
    importPageToken: text('import_page_token'),
    /** Full resyncs after a history gap; bounded (EMAIL_MAX_RESYNCS a day), then the team is told. */
    resyncCount: integer('resync_count').notNull().default(0),
    lastResyncAt: tstz('last_resync_at'),
    /**
     * The sync's claim: set while one runs (one at a time per mailbox). Still set long after its
     * lease, the sync's process died: the next one says so in lastSyncError and takes over.
     */
    syncClaimedAt: tstz('sync_claimed_at'),
    syncClaim: uuid('sync_claim'),
    /** Consecutive failed syncs (reset by a successful one). */
    syncFailures: integer('sync_failures').notNull().default(0),
    lastSyncError: text('last_sync_error'),
    lastSyncedAt: tstz('last_synced_at'),
    /**
     * When the push ends unless renewed: Gmail's users.watch (7 days), Outlook's Graph
     * subscription (under 3 days for mail).
     */
    watchExpiresAt: tstz('watch_expires_at'),
    /** Outlook: the Graph subscription whose change notifications name this mailbox. */
    subscriptionId: text('subscription_id'),
    /** Outlook: the subscription's clientState, a secret per subscription checked on every notification. */
    subscriptionSecret: encrypted('subscription_secret_encrypted'),
    ...timestamps,
  },
  (t) => [
    unique('email_accounts_business_provider_address_unique').on(
      t.businessId,
      t.provider,
      t.address,
    ),
    index('email_accounts_user_idx').on(t.userId),
    // A push names the mailbox by its address only.
    index('email_accounts_address_idx').on(t.address),
    // An Outlook notification names the mailbox by its subscription only.
    index('email_accounts_subscription_idx').on(t.subscriptionId),
    check('email_accounts_status_known', isOneOf(t.status, emailAccountStatuses)),
    check('email_accounts_import_status_known', isOneOf(t.importStatus, emailImportStatuses)),
    check('email_accounts_import_days_range', sql`${t.importDays} between 1 and 365`),
  ],
);

/**
 * The business's SMS provider account (one per business): Africa's Talking (West Africa) or
 * Twilio (France). The API key / auth token and the delivery-report callback secret are
 * encrypted like the WhatsApp token; the account's username / SID is not a secret.
 */
export const smsAccounts = pgTable(
  'sms_accounts',
  {
    id: id(),
    businessId: businessId().unique('sms_accounts_business_unique'),
    provider: text('provider', { enum: smsProviders }).$type<SmsProviderName>().notNull(),
    /** Africa's Talking username, or Twilio's account SID. */
    accountId: text('account_id').notNull(),
    /** Africa's Talking API key, or Twilio's auth token. */
    apiKey: encrypted('api_key_encrypted').notNull(),
    /** The alphanumeric sender id or number messages come from. */
    senderId: text('sender_id'),
    /** Checks the provider's delivery reports and inbound messages (STOP). */
    callbackSecret: encrypted('callback_secret_encrypted').notNull(),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [check('sms_accounts_provider_known', isOneOf(t.provider, smsProviders))],
);

export type SmsAccount = typeof smsAccounts.$inferSelect;
export type NewSmsAccount = typeof smsAccounts.$inferInsert;
export type WhatsappAccount = typeof whatsappAccounts.$inferSelect;
export type NewWhatsappAccount = typeof whatsappAccounts.$inferInsert;
export type EmailAccount = typeof emailAccounts.$inferSelect;
export type NewEmailAccount = typeof emailAccounts.$inferInsert;
