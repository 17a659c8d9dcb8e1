// The team's tools around the inbox's conversations: saved answers (quick replies), internal notes
// on a conversation (never sent to the customer), and labels to sort conversations by.
import { sql } from 'drizzle-orm';
import { check, index, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, timestamps } from './_columns';
import { businessId } from './_tenant';
import { conversations } from './crm';
import { users } from './users';

/** A saved answer: `/shortcut` in the composer finds it; `{prénom}`-style variables are filled in. */
export const quickReplies = pgTable(
  'quick_replies',
  {
    id: id(),
    businessId: businessId(),
    title: text('title').notNull(),
    /** Lower case letters, digits, `-` and `_`: what follows the `/` in the composer. */
    shortcut: text('shortcut').notNull(),
    body: text('body').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    unique('quick_replies_business_shortcut_unique').on(t.businessId, t.shortcut),
    check('quick_replies_shortcut_shape', sql`${t.shortcut} ~ '^[a-z0-9_-]{1,32}$'`),
  ],
);

/** A note the team leaves on a conversation: only the team sees it. */
export const conversationNotes = pgTable(
  'conversation_notes',
  {
    id: id(),
    businessId: businessId(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    ...timestamps,
  },
  (t) => [index('conversation_notes_conversation_idx').on(t.conversationId, t.createdAt)],
);

/** A label of the business ("VIP", "à rappeler"), given to conversations. */
export const labels = pgTable(
  'labels',
  {
    id: id(),
    businessId: businessId(),
    name: text('name').notNull(),
    /** One of the dashboard's few label colours. */
    color: text('color').notNull().default('slate'),
    ...timestamps,
  },
  (t) => [unique('labels_business_name_unique').on(t.businessId, t.name)],
);

export const conversationLabels = pgTable(
  'conversation_labels',
  {
    businessId: businessId(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    labelId: uuid('label_id')
      .notNull()
      .references(() => labels.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.conversationId, t.labelId] }),
    // The inbox filtered by a label.
    index('conversation_labels_label_idx').on(t.labelId, t.conversationId),
  ],
);

export type QuickReply = typeof quickReplies.$inferSelect;
export type ConversationNote = typeof conversationNotes.$inferSelect;
export type Label = typeof labels.$inferSelect;
