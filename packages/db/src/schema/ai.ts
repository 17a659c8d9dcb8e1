// The AI's insights on conversations and emails: one row per analysis, with the model's answer.
// A file of its own because it points at both crm.ts (conversations) and email.ts (emails), and
// email.ts points at crm.ts (prospects): in crm.ts it would close an import circle.
import type { InsightOutput } from '@flux/contracts';
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, real, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tstz } from './_columns';
import { businessId } from './_tenant';
import { conversations } from './crm';
import { emails } from './email';
import { aiInsightKindEnum, aiReviewStateEnum } from './enums';
import { users } from './users';

export const aiInsights = pgTable(
  'ai_insights',
  {
    id: id(),
    businessId: businessId(),
    /** The subject: exactly one of conversation_id and email_id is set. */
    conversationId: uuid('conversation_id').references(() => conversations.id, {
      onDelete: 'cascade',
    }),
    emailId: uuid('email_id').references(() => emails.id, { onDelete: 'cascade' }),
    kind: aiInsightKindEnum('kind').notNull(),
    model: text('model').notNull(),
    tokensIn: integer('tokens_in').notNull().default(0),
    tokensOut: integer('tokens_out').notNull().default(0),
    latencyMs: integer('latency_ms'),
    /** The model's answer (an analysis or a triage), parsed with insightOutputSchema on read. */
    output: jsonb('output').$type<InsightOutput>().notNull(),
    confidence: real('confidence'),
    reviewState: aiReviewStateEnum('review_state').notNull().default('pending'),
    reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: tstz('reviewed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('ai_insights_business_created_idx').on(t.businessId, t.createdAt),
    index('ai_insights_conversation_created_idx').on(t.conversationId, t.createdAt),
    index('ai_insights_email_idx').on(t.emailId),
    check('ai_insights_one_subject', sql`num_nonnulls(${t.conversationId}, ${t.emailId}) = 1`),
    check('ai_insights_tokens_in_non_negative', sql`${t.tokensIn} >= 0`),
    check('ai_insights_tokens_out_non_negative', sql`${t.tokensOut} >= 0`),
    check('ai_insights_latency_non_negative', sql`${t.latencyMs} >= 0`),
    check('ai_insights_confidence_range', sql`${t.confidence} between 0 and 1`),
  ],
);

export type AiInsight = typeof aiInsights.$inferSelect;
export type NewAiInsight = typeof aiInsights.$inferInsert;
