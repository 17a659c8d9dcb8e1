// The AI assistant in the inbox: a conversation's analyses, asking for a fresh one, recording what
// the agent did with a draft (accepted, edited, rejected), and the figures (acceptance rate).
import { type Db, schema } from '@flux/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import { z } from 'zod';
import { writeAudit } from '../lib/audit';
import { AppError } from '../lib/errors';
import { textInput } from '../lib/inputs';
import { presentInsight } from '../presenters/insight';
import { LOCAL_MODEL } from '../services/ai';
import { draftAcceptance, draftReviewColumns } from '../services/analytics';
import { roleProcedure } from '../trpc';

const { aiInsights, conversations } = schema;
const inboxProcedure = roleProcedure('owner', 'admin', 'agent', 'dispatcher');

/** The business's conversation, or NOT_FOUND (also for another business's). */
async function requireConversation(db: Db, businessId: string, id: string) {
  const [conversation] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(and(eq(conversations.businessId, businessId), eq(conversations.id, id)));
  if (!conversation) throw new AppError('NOT_FOUND', 'Conversation not found');
}

export const aiRouter = {
  /** A conversation's latest analyses, newest first. */
  insights: inboxProcedure
    .input(
      z.object({ conversationId: z.uuid(), limit: z.number().int().min(1).max(50).default(10) }),
    )
    .query(async ({ ctx, input }) => {
      await requireConversation(ctx.db, ctx.businessId, input.conversationId);
      const rows = await ctx.db
        .select()
        .from(aiInsights)
        .where(
          and(
            eq(aiInsights.businessId, ctx.businessId),
            eq(aiInsights.conversationId, input.conversationId),
          ),
        )
        .orderBy(desc(aiInsights.createdAt))
        .limit(input.limit);
      return rows.map(presentInsight);
    }),

  /** Analyze now (no debounce): after the team changed the catalog, for instance. */
  analyze: inboxProcedure
    .input(z.object({ conversationId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await requireConversation(ctx.db, ctx.businessId, input.conversationId);
      // The job and its audit row commit together.
      const jobId = await ctx.db.transaction(async (tx) => {
        await writeAudit(tx, ctx.actor, {
          businessId: ctx.businessId,
          action: 'ai.analyze',
          entityType: 'conversation',
          entityId: input.conversationId,
        });
        return ctx.jobs.send(
          'ai.analyze-conversation',
          { businessId: ctx.businessId, conversationId: input.conversationId },
          { db: tx, singletonKey: input.conversationId },
        );
      });
      // null: one is already waiting for this conversation, which does the same.
      return { queued: true, alreadyWaiting: jobId === null };
    }),

  /** What the agent did with a draft. Edited needs the text that was sent instead. */
  review: inboxProcedure
    .input(
      z
        .object({
          insightId: z.uuid(),
          decision: z.enum(['accepted', 'edited', 'rejected']),
          text: textInput(1_000).optional(),
        })
        .refine((value) => value.decision !== 'edited' || !!value.text, {
          message: 'An edited draft needs its text',
          path: ['text'],
        }),
    )
    .mutation(async ({ ctx, input }) =>
      ctx.db.transaction(async (tx) => {
        const [insight] = await tx
          .update(aiInsights)
          .set({
            reviewState: input.decision,
            reviewedBy: ctx.actor.userId,
            reviewedAt: new Date(),
          })
          .where(and(eq(aiInsights.businessId, ctx.businessId), eq(aiInsights.id, input.insightId)))
          .returning();
        if (!insight) throw new AppError('NOT_FOUND', 'Insight not found');
        await writeAudit(tx, ctx.actor, {
          businessId: ctx.businessId,
          action: 'ai.review',
          entityType: 'ai_insight',
          entityId: insight.id,
          changes: { decision: input.decision, ...(input.text ? { text: input.text } : {}) },
        });
        return presentInsight(insight);
      }),
    ),

  /** Analyses, Gemini vs local, tokens, and how often drafts were used, over the last `days`. */
  metrics: inboxProcedure
    .input(z.object({ days: z.number().int().min(1).max(366).default(30) }))
    .query(async ({ ctx, input }) => {
      const since = new Date(Date.now() - input.days * 86_400_000);
      const [row] = await ctx.db
        .select({
          analyses: sql<number>`count(*)::int`,
          local: sql<number>`count(*) filter (where ${aiInsights.model} = ${LOCAL_MODEL})::int`,
          tokensIn: sql<number>`coalesce(sum(${aiInsights.tokensIn}), 0)::int`,
          tokensOut: sql<number>`coalesce(sum(${aiInsights.tokensOut}), 0)::int`,
          ...draftReviewColumns(),
          avgLatencyMs: sql<
            number | null
          >`round(avg(${aiInsights.latencyMs}) filter (where ${aiInsights.model} <> ${LOCAL_MODEL}))::int`,
        })
        .from(aiInsights)
        .where(and(eq(aiInsights.businessId, ctx.businessId), gte(aiInsights.createdAt, since)));
      const r = row ?? {
        analyses: 0,
        local: 0,
        tokensIn: 0,
        tokensOut: 0,
        accepted: 0,
        edited: 0,
        rejected: 0,
        avgLatencyMs: null,
      };
      return { ...r, gemini: r.analyses - r.local, ...draftAcceptance(r) };
    }),
} satisfies TRPCRouterRecord;
