// A whole analysis for tests that store an insight by hand: ai_insights.output is typed and parsed
// on read as the contract's shape, so a fixture names the fields it cares about and gets the rest.
import type { Analysis } from '@flux/contracts';

export function analysisOutput(fields: Partial<Analysis> = {}): Analysis {
  return {
    language: 'fr',
    intent: 'other',
    sentiment: 'neutral',
    summary: 'Conversation de test',
    confidence: 0.9,
    orderLines: [],
    deliveryAddress: null,
    replyDraft: 'Bonjour !',
    ...fields,
  };
}
