// The agent's hand on the AI assistant: asking for an analysis now, and recording what they did
// with a draft. Each audited in the transaction of its change.
import type { Db } from '@flux/db';
import { type InsightRow, reviewInsight } from '@flux/db/queries/ai-insights';
import type { JobSender } from '../jobs/sender';
import { type Actor, writeAudit } from '../lib/audit';
import { notFound } from '../lib/errors';

/**
 * Queues an analysis of the conversation now (no debounce); the job and its audit row commit
 * together. The job's id, or null when one is already waiting for it (which does the same).
 */
export function requestAnalysisByHand(
  db: Db,
  jobs: JobSender,
  actor: Actor,
  params: { businessId: string; conversationId: string },
) {
  return db.transaction(async (tx) => {
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'ai.analyze',
      entityType: 'conversation',
      entityId: params.conversationId,
    });
    return jobs.send(
      'ai.analyze-conversation',
      { businessId: params.businessId, conversationId: params.conversationId },
      { db: tx, singletonKey: params.conversationId },
    );
  });
}

/** What the agent did with a draft: accepted, edited (with the text sent instead) or rejected. */
export function reviewDraft(
  db: Db,
  actor: Actor,
  params: {
    businessId: string;
    insightId: string;
    decision: 'accepted' | 'edited' | 'rejected';
    text?: string | undefined;
  },
): Promise<InsightRow> {
  return db.transaction(async (tx) => {
    const insight = await reviewInsight(tx, {
      businessId: params.businessId,
      insightId: params.insightId,
      decision: params.decision,
      reviewedBy: actor.userId,
    });
    if (!insight) throw notFound('Insight');
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'ai.review',
      entityType: 'ai_insight',
      entityId: insight.id,
      changes: { decision: params.decision, ...(params.text ? { text: params.text } : {}) },
    });
    return insight;
  });
}
