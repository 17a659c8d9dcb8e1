// The AI's analyses as the inbox's AI panel shows them: what the model said (intent, summary,
// draft reply, draft order lines), how sure it was, and what the team did with it. The usage
// bookkeeping per call (tokens, latency) stays on the server; `ai.metrics` gives its totals.
import { insightOutputSchema } from '@flux/contracts';
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
    /** Parsed again on the way out: jsonb is whatever was written, the answer is the contract's. */
    output: insightOutputSchema.parse(row.output),
    confidence: row.confidence,
    reviewState: row.reviewState,
    reviewedBy: row.reviewedBy,
    reviewedAt: row.reviewedAt,
    createdAt: row.createdAt,
  };
}
export type InsightView = ReturnType<typeof presentInsight>;
