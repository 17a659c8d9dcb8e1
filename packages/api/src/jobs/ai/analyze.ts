// `ai.analyze-conversation`: one analysis per burst of customer messages. Sent with the
// conversation as singleton key on a `stately` queue (at most one waiting, one running per
// conversation) and a few seconds' delay, so five messages in a row give one analysis.
import { analyzeConversation } from '../../services/ai';
import { defineJob } from '../define';

/**
 * Worker settings giving `concurrency` analyses in flight: loops of up to 4 handled at once,
 * fetched back to back while the backlog lasts.
 */
export function aiWork(concurrency: number) {
  const batchSize = Math.min(4, concurrency);
  return { batchSize, localConcurrency: Math.ceil(concurrency / batchSize) };
}

export const aiAnalyzeConversation = defineJob('ai.analyze-conversation', {
  queue: {
    policy: 'stately',
    retryLimit: 3,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 180,
  },
  async handler(payload, services) {
    const outcome = await analyzeConversation(services, payload);
    if (outcome.status === 'analyzed' && outcome.fallback && services.ai.gemini) {
      services.log.info(
        { conversationId: payload.conversationId, fallback: outcome.fallback },
        'analysis by the local analyzer',
      );
    }
    return outcome.status === 'analyzed'
      ? { insightId: outcome.insightId, source: outcome.source, intent: outcome.analysis.intent }
      : outcome;
  },
});
