// The provider accounts a business connects: WhatsApp Cloud API numbers and Gmail/Outlook
// mailboxes. Tokens are AES-GCM ciphertext written by the app; the database never sees them in clear.
import { boolean, check, index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
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

export const emailAccounts = pgTable(
  'email_accounts',
  {
    id: id(),
    businessId: businessId(),
    /** The staff member who connected the mailbox. */
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    provider: emailProviderEnum('provider').notNull(),
    address: text('address').notNull(),
    accessToken: encrypted('access_token_encrypted').notNull(),
    /** Null when the provider did not return one (Gmail only does on first consent). */
    refreshToken: encrypted('refresh_token_encrypted'),
    tokenExpiresAt: tstz('token_expires_at'),
    /** Where incremental sync resumes: Gmail historyId or Microsoft Graph deltaLink. */
    syncCursor: text('sync_cursor'),
    lastSyncedAt: tstz('last_synced_at'),
    active: boolean('active').notNull().default(true),
    ...timestamps,
  },
  (t) => [
    unique('email_accounts_business_provider_address_unique').on(
      t.businessId,
      t.provider,
      t.address,
    ),
    index('email_accounts_user_idx').on(t.userId),
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
