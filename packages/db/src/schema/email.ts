// Emails synced from connected Gmail/Outlook mailboxes, with their AI triage.
import { index, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tstz } from './_columns';
import { businessId } from './_tenant';
import { emailAccounts } from './channels';
import { prospects } from './crm';
import { emailCategoryEnum, priorityEnum } from './enums';

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
    threadId: text('thread_id'),
    fromAddress: text('from_address').notNull(),
    toAddresses: text('to_addresses').array().notNull().default([]),
    subject: text('subject'),
    snippet: text('snippet'),
    bodyText: text('body_text'),
    receivedAt: tstz('received_at').notNull(),
    prospectId: uuid('prospect_id').references(() => prospects.id, { onDelete: 'set null' }),
    aiCategory: emailCategoryEnum('ai_category'),
    aiPriority: priorityEnum('ai_priority'),
    aiSummary: text('ai_summary'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('emails_account_provider_message_unique').on(t.emailAccountId, t.providerMessageId),
    index('emails_business_received_idx').on(t.businessId, t.receivedAt),
    index('emails_prospect_idx').on(t.prospectId),
  ],
);

export type Email = typeof emails.$inferSelect;
export type NewEmail = typeof emails.$inferInsert;
