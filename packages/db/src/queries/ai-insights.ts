// The AI assistant's SQL: a conversation's analyses, the agent's review of a draft, and the
// counts the figures are made of (analyses, local vs model, tokens, drafts reviewed).
import { and, desc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { aiInsights } from '../schema';

export type InsightRow = typeof aiInsights.$inferSelect;

/** A conversation's latest analyses, newest first. */
export function latestInsights(
  db: Db,
  params: { businessId: string; conversationId: string; limit: number },
): Promise<InsightRow[]> {
  return db
    .select()
    .from(aiInsights)
    .where(
      and(
        eq(aiInsights.businessId, params.businessId),
        eq(aiInsights.conversationId, params.conversationId),
      ),
    )
    .orderBy(desc(aiInsights.createdAt))
    .limit(params.limit);
}

/** Records what an agent did with a draft; undefined when the insight is not the business's. */
export async function reviewInsight(
  db: Db,
  params: {
    businessId: string;
    insightId: string;
    decision: 'accepted' | 'edited' | 'rejected';
    reviewedBy: string | null;
  },
): Promise<InsightRow | undefined> {
  const [row] = await db
    .update(aiInsights)
    .set({ reviewState: params.decision, reviewedBy: params.reviewedBy, reviewedAt: new Date() })
    .where(and(eq(aiInsights.businessId, params.businessId), eq(aiInsights.id, params.insightId)))
    .returning();
  return row;
}

/** Drafts by what the agent did with them: columns for an aggregate over ai_insights. */
export const draftReviewColumns = () => ({
  accepted: sql<number>`count(*) filter (where ${aiInsights.reviewState} = 'accepted')::int`,
  edited: sql<number>`count(*) filter (where ${aiInsights.reviewState} = 'edited')::int`,
  rejected: sql<number>`count(*) filter (where ${aiInsights.reviewState} = 'rejected')::int`,
});

/**
 * Analyses since a date: how many, how many by the local analyzer (`localModel`), tokens, drafts
 * reviewed, and the model's average latency (the local analyzer's left out).
 */
export async function insightCounts(
  db: Db,
  params: { businessId: string; since: Date; localModel: string },
) {
  const { localModel } = params;
  const [row] = await db
    .select({
      analyses: sql<number>`count(*)::int`,
      local: sql<number>`count(*) filter (where ${aiInsights.model} = ${localModel})::int`,
      tokensIn: sql<number>`coalesce(sum(${aiInsights.tokensIn}), 0)::int`,
      tokensOut: sql<number>`coalesce(sum(${aiInsights.tokensOut}), 0)::int`,
      ...draftReviewColumns(),
      avgLatencyMs: sql<
        number | null
      >`round(avg(${aiInsights.latencyMs}) filter (where ${aiInsights.model} <> ${localModel}))::int`,
    })
    .from(aiInsights)
    .where(
      and(eq(aiInsights.businessId, params.businessId), gte(aiInsights.createdAt, params.since)),
    );
  return (
    row ?? {
      analyses: 0,
      local: 0,
      tokensIn: 0,
      tokensOut: 0,
      accepted: 0,
      edited: 0,
      rejected: 0,
      avgLatencyMs: null,
    }
  );
}

/** An analysis or a triage, as the AI produced it. */
export async function insertInsight(
  db: Db,
  params: { businessId: string; values: Omit<typeof aiInsights.$inferInsert, 'businessId'> },
): Promise<string> {
  const [row] = await db
    .insert(aiInsights)
    .values({ ...params.values, businessId: params.businessId })
    .returning({ id: aiInsights.id });
  if (!row) throw new Error('insight insert returned nothing');
  return row.id;
}
