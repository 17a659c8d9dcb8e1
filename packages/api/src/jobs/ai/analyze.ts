// `ai.analyze-conversation`: one analysis per burst of customer messages. Sent with the
// conversation as singleton key on a `stately` queue (at most one waiting, one running per
// conversation) and a few seconds' delay, so five messages in a row give one analysis.
import { z } from 'zod';
import { apiEnv } from '../../env';
import { analyzeConversation } from '../../services/ai';
import { defineJob } from '../define';

export const aiAnalyzeConversation = defineJob('ai.analyze-conversation', {
  schema: z.object({ businessId: z.uuid(), conversationId: z.uuid() }),
  queue: {
    policy: 'stately',
    retryLimit: 3,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 180,
  },
  work: { batchSize: 1, localConcurrency: apiEnv.AI_CONCURRENCY, pollingIntervalSeconds: 1 },
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
