// Cases of the ai router for the tenant-isolation harness.
import { schema } from '@flux/db';
import type { TestApp, TestUser } from '../testing';
import { analysisOutput } from '../testing/analysis';
import { type DomainCases, STAFF_ONLY } from '../testing/harness';

const TOKEN_COUNTS = 'Gemini tokens counted (usage), not a credential';

let phones = 0;
/** A conversation with a stored analysis, owned by `owner`'s business. */
async function insightOf(app: TestApp, owner: TestUser) {
  phones += 1;
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values({ businessId: owner.businessId, phone: `+2217855${String(phones).padStart(5, '0')}` })
    .returning();
  const [conversation] = await app.services.db
    .insert(schema.conversations)
    .values({ businessId: owner.businessId, prospectId: prospect?.id ?? '', channel: 'whatsapp' })
    .returning();
  const [insight] = await app.services.db
    .insert(schema.aiInsights)
    .values({
      businessId: owner.businessId,
      conversationId: conversation?.id ?? '',
      kind: 'analysis',
      model: 'local-rules-v1',
      output: analysisOutput({ intent: 'greeting' }),
      confidence: 0.9,
    })
    .returning();
  return { conversationId: conversation?.id ?? '', insightId: insight?.id ?? '' };
}

export const aiCases: DomainCases = {
  async setup(world, app) {
    const { conversationId, insightId } = await insightOf(app, world.victim);
    world.records.aiConversationId = conversationId;
    world.records.insightId = insightId;
  },
  procedures: {
    'ai.insights': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ conversationId: w.records.aiConversationId ?? '' }),
      invalid: { conversationId: 'x', limit: 0 },
    },
    'ai.analyze': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ conversationId: w.records.aiConversationId ?? '' }),
      invalid: { conversationId: 'x' },
    },
    'ai.review': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ insightId: w.records.insightId ?? '', decision: 'rejected' }),
      invalid: { insightId: 'x', decision: 'maybe' },
    },
    'ai.metrics': {
      scope: 'business',
      meantForCaller: { tokensIn: TOKEN_COUNTS, tokensOut: TOKEN_COUNTS },
      deniedTo: STAFF_ONLY,
      input: () => ({}),
      invalid: { days: 0 },
    },
  },
  audited: {
    'ai.analyze': async (app) => {
      const owner = await app.signUp();
      const { conversationId } = await insightOf(app, owner);
      await owner.caller.ai.analyze({ conversationId });
      return { userId: owner.userId, action: 'ai.analyze' };
    },
    'ai.review': async (app) => {
      const owner = await app.signUp();
      const { insightId } = await insightOf(app, owner);
      await owner.caller.ai.review({ insightId, decision: 'edited', text: 'Bonjour !' });
      return { userId: owner.userId, action: 'ai.review' };
    },
  },
};
