// The inbox: prospects (the merchant's contacts), their conversations per channel and the
// messages in them. The AI's insights on them live in ai.ts.
import type { MessageMedia } from '@flux/contracts/media';
import { sql } from 'drizzle-orm';
import {
  bigint,
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
import { isE164, isOneOf } from './_checks';
import { id, timestamps, tstz } from './_columns';
import { businessId } from './_tenant';
import {
  authorTypeEnum,
  channelEnum,
  conversationStatusEnum,
  locales,
  messageDirectionEnum,
  messageStatusEnum,
  messageTypeEnum,
  prospectStatusEnum,
} from './enums';
import { users } from './users';

/** What `messages.media` holds, by the message's type (one shape, in @flux/contracts). */
export type { MessageMedia };

export const prospects = pgTable(
  'prospects',
  {
    id: id(),
    businessId: businessId(),
    /** E.164; null for contacts known only by email or from the web. */
    phone: text('phone'),
    /** WhatsApp's id of the contact (digits, no plus), as webhooks send it. */
    waId: text('wa_id'),
    /**
     * WhatsApp's business-scoped user id (BSUID, `CC.` then up to 128 alphanumerics, e.g.
     * "US.13491208655302741918"): the only id of a customer who hides their number behind a
     * username, and the address replies go to when there is no phone.
     */
    waUserId: text('wa_user_id'),
    /** The customer's WhatsApp username (without '@'); it can change, so it only labels them. */
    username: text('username'),
    name: text('name'),
    email: text('email'),
    /** Where the customer usually has their orders delivered, as the team wrote it. */
    address: text('address'),
    status: prospectStatusEnum('status').notNull().default('new'),
    tags: text('tags').array().notNull().default([]),
    assignedUserId: uuid('assigned_user_id').references(() => users.id, { onDelete: 'set null' }),
    notes: text('notes'),
    lastContactAt: tstz('last_contact_at'),
    /** The customer asked for no more messages (STOP by SMS, a WhatsApp 'stop'): when, and where. */
    optedOutAt: tstz('opted_out_at'),
    optedOutChannel: channelEnum('opted_out_channel'),
    /**
     * The language the customer is told in (notifications' templates); null: the business's. Set
     * from the dashboard, or guessed once from the customer's first text messages.
     */
    locale: text('locale', { enum: locales }),
    ...timestamps,
  },
  (t) => [
    // NULL phones are distinct, so any number of phoneless prospects fit.
    unique('prospects_business_phone_unique').on(t.businessId, t.phone),
    // Like phones: NULLs are distinct, and a customer has one BSUID per business.
    unique('prospects_business_wa_user_id_unique').on(t.businessId, t.waUserId),
    index('prospects_business_created_idx').on(t.businessId, t.createdAt),
    index('prospects_business_status_idx').on(t.businessId, t.status),
    index('prospects_business_last_contact_idx').on(t.businessId, t.lastContactAt),
    index('prospects_business_email_idx').on(t.businessId, t.email),
    index('prospects_assigned_user_idx').on(t.assignedUserId),
    check('prospects_phone_e164', isE164(t.phone)),
    check('prospects_locale_known', isOneOf(t.locale, locales)),
  ],
);

export const conversations = pgTable(
  'conversations',
  {
    id: id(),
    businessId: businessId(),
    prospectId: uuid('prospect_id')
      .notNull()
      .references(() => prospects.id, { onDelete: 'cascade' }),
    channel: channelEnum('channel').notNull(),
    status: conversationStatusEnum('status').notNull().default('open'),
    unreadCount: integer('unread_count').notNull().default(0),
    lastMessageAt: tstz('last_message_at'),
    /** WhatsApp allows free-form replies until 24 h after the customer's last message. */
    serviceWindowEndsAt: tstz('service_window_ends_at'),
    assignedUserId: uuid('assigned_user_id').references(() => users.id, { onDelete: 'set null' }),
    aiIntent: text('ai_intent'),
    aiSentiment: text('ai_sentiment'),
    aiSummary: text('ai_summary'),
    ...timestamps,
  },
  (t) => [
    // One live conversation per prospect and channel; closed ones are history.
    uniqueIndex('conversations_open_per_prospect_channel_unique')
      .on(t.businessId, t.prospectId, t.channel)
      .where(sql`${t.status} <> 'closed'`),
    index('conversations_business_last_message_idx').on(t.businessId, t.lastMessageAt),
    index('conversations_business_status_idx').on(t.businessId, t.status),
    index('conversations_prospect_idx').on(t.prospectId),
    check('conversations_unread_count_non_negative', sql`${t.unreadCount} >= 0`),
  ],
);

export const messages = pgTable(
  'messages',
  {
    id: id(),
    businessId: businessId(),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    direction: messageDirectionEnum('direction').notNull(),
    /**
     * The order messages were stored in. `created_at` is the provider's timestamp for a customer's
     * message, to the second: several in one second are told apart by this, never by the uuid.
     */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    /** The provider's id (WhatsApp wamid): the dedupe key of inbound messages and status receipts. */
    externalId: text('external_id'),
    /** Idempotency key sent by the dashboard or app, so a retried send stores one message. */
    clientMessageId: text('client_message_id'),
    type: messageTypeEnum('type').notNull(),
    body: text('body'),
    media: jsonb('media').$type<MessageMedia>(),
    status: messageStatusEnum('status').notNull(),
    errorCode: text('error_code'),
    errorTitle: text('error_title'),
    authorType: authorTypeEnum('author_type').notNull(),
    authorUserId: uuid('author_user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Calls made to the provider for this message (each claim counts one). */
    sendAttempts: integer('send_attempts').notNull().default(0),
    /** When the current send claim was taken (status `sending`): a stale one becomes `unknown`. */
    sendingSince: tstz('sending_since'),
    sentAt: tstz('sent_at'),
    deliveredAt: tstz('delivered_at'),
    readAt: tstz('read_at'),
    /** The provider payload as received, for debugging and replays. */
    raw: jsonb('raw'),
    ...timestamps,
  },
  (t) => [
    // Plain (not partial) unique constraints: NULLs never collide, and a non-partial index lets
    // `ON CONFLICT (external_id)` infer it without repeating a WHERE predicate.
    unique('messages_external_id_unique').on(t.externalId),
    unique('messages_business_client_message_id_unique').on(t.businessId, t.clientMessageId),
    // The thread's order (sent time, then arrival), read newest first with its keyset.
    index('messages_conversation_created_seq_idx').on(t.conversationId, t.createdAt, t.seq),
    index('messages_business_created_idx').on(t.businessId, t.createdAt),
    // The few messages whose send is under way, for the sweep that settles abandoned claims.
    index('messages_sending_idx').on(t.sendingSince).where(sql`${t.sendingSince} is not null`),
    check('messages_send_attempts_non_negative', sql`${t.sendAttempts} >= 0`),
  ],
);

export type Prospect = typeof prospects.$inferSelect;
export type NewProspect = typeof prospects.$inferInsert;
export type Conversation = typeof conversations.$inferSelect;
export type NewConversation = typeof conversations.$inferInsert;
export type Message = typeof messages.$inferSelect;
export type NewMessage = typeof messages.$inferInsert;
