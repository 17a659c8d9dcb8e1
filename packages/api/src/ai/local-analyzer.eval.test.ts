// The local analyzer against the labelled WhatsApp conversations (test/fixtures/ai). `pnpm eval:ai`
// prints the full figures. The blind set was written in one go before the rules were rebuilt and
// never tuned on: its recorded figures (blind-baseline.json) are a floor, so a change that makes
// the analyzer worse on messages it has never seen fails here.
import { describe, expect, it } from 'vitest';
import baseline from '../../../../test/fixtures/ai/blind-baseline.json';
import { analyzeWithLocalRules, evaluate, labelledItems } from './evaluate';

describe('local analyzer on labelled conversations', () => {
  it('blind set: no worse than its recorded figures', async () => {
    const result = await evaluate(labelledItems('blind'), analyzeWithLocalRules);
    expect(result.items).toBe(baseline.items);
    expect(result.intentAccuracy).toBeGreaterThanOrEqual(baseline.intentAccuracy);
    expect(result.lineF1).toBeGreaterThanOrEqual(baseline.lineF1);
    expect(result.perIntent.question?.precision).toBeGreaterThanOrEqual(baseline.questionPrecision);
    expect(result.rightAtAutoReply).toBeGreaterThanOrEqual(baseline.rightAtAutoReply);
  });

  it('the sets hold several hundred items in French, English, Wolof–French and Ivorian French', () => {
    const items = [...labelledItems('tuning'), ...labelledItems('blind')];
    expect(items.length).toBeGreaterThanOrEqual(450);
    expect(new Set(items.map((m) => m.lang))).toEqual(new Set(['fr', 'en', 'wo', 'ci']));
    expect(items.some((m) => m.conversation.filter((l) => l.from === 'customer').length > 1)).toBe(
      true,
    );
  });
});
