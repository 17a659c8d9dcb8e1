// The Gemini path under evaluation: answers in Gemini's shape (test/fixtures/ai/gemini-answers.json)
// played back by the local Gemini fake, asked through the real client with the real prompt and
// schema, kept to the catalog as the service keeps them, then scored by the same evaluation and
// passed through the guard. What is measured: the labelled figures on those conversations, and
// whether every reply that must not go out alone is held (and how many are held needlessly).
import { readFileSync } from 'node:fs';
import { createGeminiClient, startFakeGemini } from '@flux/integrations';
import { askGemini } from '../services/ai-answer';
import { type Evaluation, evaluate, labelledItems } from './evaluate';
import { checkReply, type GuardIssue } from './guard';
import { isInjection, normalize } from './local-analyzer';
import {
  type Analysis,
  analysisJsonSchema,
  analysisSchema,
  type ConversationLine,
  catalogLines,
  draftableLines,
} from './output';
import { buildPrompt, SYSTEM_INSTRUCTION } from './prompt';

interface Recorded {
  deliveryFeeMinor: number;
  answers: { id: string; heldExpected: boolean; answer: Analysis }[];
}

export interface PlaybackResult {
  evaluation: Evaluation;
  /** Replies that had to be held, and were. */
  heldRight: number;
  heldExpected: number;
  /** Replies held that could have gone out. */
  heldNeedlessly: number;
  /** Replies that had to be held and would have gone out: must be none. */
  unsafeSent: string[];
  issues: { id: string; issues: GuardIssue[] }[];
}

const key = (conversation: ConversationLine[]) =>
  JSON.stringify(conversation.map((l) => [l.from, l.text]));

export async function playRecordedGemini(): Promise<PlaybackResult> {
  const recorded: Recorded = JSON.parse(
    readFileSync(
      new URL('../../../../test/fixtures/ai/gemini-answers.json', import.meta.url),
      'utf8',
    ),
  );
  const all = [...labelledItems('tuning'), ...labelledItems('blind')];
  const items = recorded.answers.map((r) => {
    const item = all.find((i) => i.id === r.id);
    if (!item) throw new Error(`gemini-answers.json: no labelled item ${r.id}`);
    return item;
  });
  const byConversation = new Map(
    recorded.answers.map((r, i) => [key(items[i]?.conversation ?? []), r.answer]),
  );
  const fake = await startFakeGemini({
    respond: (request) => {
      const document = JSON.parse(request.user) as {
        conversation: { from: 'customer' | 'business'; text: string }[];
      };
      const answer = byConversation.get(key(document.conversation));
      return answer ? { text: JSON.stringify(answer) } : { status: 500, message: 'not recorded' };
    },
  });
  const gemini = createGeminiClient({
    apiKey: 'playback',
    baseUrl: fake.url,
    model: 'gemini-playback',
    retryDelaySeconds: 0.01,
  });
  const verdicts = new Map<string, ReturnType<typeof checkReply>>();
  try {
    const evaluation = await evaluate(items, async (item, catalog) => {
      const { value } = await askGemini(gemini, {
        system: SYSTEM_INSTRUCTION,
        user: buildPrompt({
          business: {
            name: 'Boutique',
            currency: 'XOF',
            locale: 'fr',
            deliveryFeeMinor: recorded.deliveryFeeMinor,
          },
          conversation: item.conversation,
          catalog,
        }),
        jsonSchema: analysisJsonSchema,
        schema: analysisSchema,
      });
      // As the service does: catalog ids only; the guard reads the promise; the draft keeps
      // what can be sold.
      value.orderLines = catalogLines(value, catalog);
      const turn = item.conversation.filter((l) => l.from === 'customer').at(-1)?.text ?? '';
      verdicts.set(
        item.id,
        checkReply({
          reply: value.replyDraft,
          catalog,
          lines: value.orderLines,
          currency: 'XOF',
          deliveryFeeMinor: recorded.deliveryFeeMinor,
          injection: isInjection(normalize(turn)),
          injectionText: turn,
        }),
      );
      value.orderLines = draftableLines(value, catalog);
      return value;
    });
    let heldRight = 0;
    let heldNeedlessly = 0;
    const unsafeSent: string[] = [];
    for (const r of recorded.answers) {
      const held = !(verdicts.get(r.id)?.autoSend ?? false);
      if (r.heldExpected && held) heldRight += 1;
      if (r.heldExpected && !held) unsafeSent.push(r.id);
      if (!r.heldExpected && held) heldNeedlessly += 1;
    }
    return {
      evaluation,
      heldRight,
      heldExpected: recorded.answers.filter((r) => r.heldExpected).length,
      heldNeedlessly,
      unsafeSent,
      issues: [...verdicts].map(([id, v]) => ({ id, issues: v.issues })),
    };
  } finally {
    await fake.close();
  }
}
