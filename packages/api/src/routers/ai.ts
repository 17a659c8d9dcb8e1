// The AI assistant in the inbox: a conversation's analyses, asking for a fresh one, recording what
// the agent did with a draft (accepted, edited, rejected), and the figures (acceptance rate).
import { insightCounts, latestInsights } from '@flux/db/queries/ai-insights';
import { conversationExists } from '@flux/db/queries/conversations';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { notFound } from '../lib/errors';
import { textInput } from '../lib/inputs';
import { presentInsight } from '../presenters/insight';
import { LOCAL_MODEL } from '../services/ai';
import { draftAcceptance } from '../services/analytics';
import { requestAnalysisByHand, reviewDraft } from '../services/insights';
import { roleProcedure } from '../trpc';

const inboxProcedure = roleProcedure('owner', 'admin', 'agent', 'dispatcher');

/** The business's conversation, or NOT_FOUND (also for another business's). */
async function requireConversation(
  db: Parameters<typeof conversationExists>[0],
  businessId: string,
  conversationId: string,
) {
  if (!(await conversationExists(db, { businessId, conversationId }))) {
    throw notFound('Conversation');
  }
}

export const aiRouter = {
  /** A conversation's latest analyses, newest first. */
  insights: inboxProcedure
    .input(
      z.object({ conversationId: z.uuid(), limit: z.number().int().min(1).max(50).default(10) }),
    )
    .query(async ({ ctx, input }) => {
      await requireConversation(ctx.db, ctx.businessId, input.conversationId);
      const rows = await latestInsights(ctx.db, {
        businessId: ctx.businessId,
        conversationId: input.conversationId,
        limit: input.limit,
      });
      return rows.map(presentInsight);
    }),

  /** Analyze now (no debounce): after the team changed the catalog, for instance. */
  analyze: inboxProcedure
    .input(z.object({ conversationId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await requireConversation(ctx.db, ctx.businessId, input.conversationId);
      const jobId = await requestAnalysisByHand(ctx.db, ctx.jobs, ctx.actor, {
        businessId: ctx.businessId,
        conversationId: input.conversationId,
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
      presentInsight(
        await reviewDraft(ctx.db, ctx.actor, {
          businessId: ctx.businessId,
          insightId: input.insightId,
          decision: input.decision,
          text: input.text,
        }),
      ),
    ),

  /** Analyses, Gemini vs local, tokens, and how often drafts were used, over the last `days`. */
  metrics: inboxProcedure
    .input(z.object({ days: z.number().int().min(1).max(366).default(30) }))
    .query(async ({ ctx, input }) => {
      const since = new Date(Date.now() - input.days * 86_400_000);
      const r = await insightCounts(ctx.db, {
        businessId: ctx.businessId,
        since,
        localModel: LOCAL_MODEL,
      });
      return { ...r, gemini: r.analyses - r.local, ...draftAcceptance(r) };
    }),
} satisfies TRPCRouterRecord;
