// The AI's analyses as the inbox's AI panel shows them: what the model said (intent, summary,
// draft reply, draft order lines), how sure it was, and what the team did with it. The usage
// bookkeeping per call (tokens, latency) stays on the server; `ai.metrics` gives its totals.
import type { schema } from '@flux/db';

type InsightRow = typeof schema.aiInsights.$inferSelect;

export function presentInsight(row: InsightRow) {
  return {
    id: row.id,
    conversationId: row.conversationId,
    emailId: row.emailId,
    kind: row.kind,
    /** Which model answered: Gemini's name, or the local analyzer's. */
    model: row.model,
    /** Parsed by the AI service's zod schema before it was stored. */
    output: row.output,
    confidence: row.confidence,
    reviewState: row.reviewState,
    reviewedBy: row.reviewedBy,
    reviewedAt: row.reviewedAt,
    createdAt: row.createdAt,
  };
}
export type InsightView = ReturnType<typeof presentInsight>;
