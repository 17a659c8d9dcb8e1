// Emails synced from connected Gmail/Outlook mailboxes, with their AI triage.

import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { isOneOf } from './_checks';
import { createdAt, encrypted, id, tstz } from './_columns';
import { businessId } from './_tenant';
import { emailAccounts } from './channels';
import { prospects } from './crm';
import { emailCategoryEnum, emailProviderEnum, priorityEnum } from './enums';
import { sessions, users } from './users';

export const emailDirections = ['inbound', 'outbound'] as const;
export type EmailDirection = (typeof emailDirections)[number];

/**
 * A reply sent from the inbox: `sending` is claimed before the provider is called; `sent` once it
 * answered; `unknown` when the process died (or the call timed out) in between, so it may or may
 * not have left (a person checks the mailbox's Sent folder rather than a blind resend); `failed`
 * when the provider refused it. Null for mail the sync brought.
 */
export const emailSendStatuses = ['sending', 'sent', 'unknown', 'failed'] as const;
export type EmailSendStatus = (typeof emailSendStatuses)[number];

export interface EmailAttachment {
  filename: string | null;
  contentType: string;
  size: number;
  inline: boolean;
  contentId: string | null;
}

export const emails = pgTable(
  'emails',
  {
    id: id(),
    businessId: businessId(),
    emailAccountId: uuid('email_account_id')
      .notNull()
      .references(() => emailAccounts.id, { onDelete: 'cascade' }),
    /** Gmail message id or Graph message id: the sync's dedupe key within the mailbox. */
    providerMessageId: text('provider_message_id').notNull(),
    /** Gmail threadId or Graph conversationId: the messages of one conversation. */
    threadId: text('thread_id'),
    direction: text('direction', { enum: emailDirections })
      .$type<EmailDirection>()
      .notNull()
      .default('inbound'),
    fromAddress: text('from_address').notNull(),
    fromName: text('from_name'),
    toAddresses: text('to_addresses').array().notNull().default([]),
    ccAddresses: text('cc_addresses').array().notNull().default([]),
    subject: text('subject'),
    snippet: text('snippet'),
    /** Plain text (an HTML-only message is turned into text): what the inbox and the AI read. */
    bodyText: text('body_text'),
    /** The HTML part as sent: untrusted, only ever shown sanitized or in a sandboxed frame. */
    bodyHtml: text('body_html'),
    /** The RFC 822 Message-ID and In-Reply-To: a reply names them to stay in the thread. */
    messageIdHeader: text('message_id_header'),
    inReplyTo: text('in_reply_to'),
    labelIds: text('label_ids').array().notNull().default([]),
    /** Listed, not stored: the bytes stay at the provider until someone opens one. */
    attachments: jsonb('attachments').$type<EmailAttachment[]>().notNull().default([]),
    sizeBytes: integer('size_bytes'),
    receivedAt: tstz('received_at').notNull(),
    prospectId: uuid('prospect_id').references(() => prospects.id, { onDelete: 'set null' }),
    aiCategory: emailCategoryEnum('ai_category'),
    aiPriority: priorityEnum('ai_priority'),
    aiSummary: text('ai_summary'),
    /**
     * An inbound email that arrived after the mailbox's import and that no member has opened yet
     * (its thread opened in the inbox reads it). Imported mail is history: stored read.
     */
    unread: boolean('unread').notNull().default(false),
    sendStatus: text('send_status', { enum: emailSendStatuses }).$type<EmailSendStatus>(),
    /** The client's key for one reply: a double click or a retry finds the same row. */
    sendKey: text('send_key'),
    sentByUserId: uuid('sent_by_user_id').references(() => users.id, { onDelete: 'set null' }),
    sendError: text('send_error'),
    sendClaimedAt: tstz('send_claimed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('emails_account_provider_message_unique').on(t.emailAccountId, t.providerMessageId),
    index('emails_business_received_idx').on(t.businessId, t.receivedAt),
    index('emails_prospect_idx').on(t.prospectId),
    index('emails_account_thread_idx').on(t.emailAccountId, t.threadId),
    // A thread by its key (Gmail's threadId, Graph's conversationId, or the lone email's id),
    // latest first: the inbox's thread list, one thread, its unread count.
    index('emails_account_thread_key_idx').on(
      t.emailAccountId,
      sql`coalesce(${t.threadId}, ${t.id}::text)`,
      // As `order by … desc` sorts (nulls first), so that the index gives that order.
      t.receivedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // The unread emails alone (a few, against a mailbox's years): the inbox's unread total, read
    // on every dashboard load, and its "unread" filter.
    index('emails_unread_idx').on(t.businessId).where(sql`${t.unread}`),
    // Outlook's second dedupe key (a moved message gets a new Graph id).
    index('emails_account_message_id_idx').on(t.emailAccountId, t.messageIdHeader),
    check('emails_direction_known', isOneOf(t.direction, emailDirections)),
    check('emails_send_status_known', isOneOf(t.sendStatus, emailSendStatuses)),
    unique('emails_account_send_key_unique').on(t.emailAccountId, t.sendKey),
    index('emails_sending_idx').on(t.sendStatus, t.sendClaimedAt),
  ],
);

/**
 * One OAuth connection in progress: the state and PKCE verifier, bound to the session that
 * started it, for a few minutes. The callback consumes it (deleted as it is read), so a state is
 * used once; the state itself is stored hashed.
 */
export const emailOauthStates = pgTable(
  'email_oauth_states',
  {
    id: id(),
    stateHash: text('state_hash').notNull().unique('email_oauth_states_state_hash_unique'),
    codeVerifier: encrypted('code_verifier_encrypted').notNull(),
    sessionId: text('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    businessId: businessId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    provider: emailProviderEnum('provider').notNull(),
    shared: boolean('shared').notNull().default(false),
    importDays: integer('import_days').notNull().default(30),
    expiresAt: tstz('expires_at').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('email_oauth_states_expires_idx').on(t.expiresAt)],
);

export type Email = typeof emails.$inferSelect;
export type NewEmail = typeof emails.$inferInsert;
