// The local analyzer against the labelled WhatsApp conversations (test/fixtures/ai). `pnpm eval:ai`
// prints the full figures. The blind sets were each written in one go before a round of rules and
// never tuned on: their recorded figures (blind-baseline.json, blind3-baseline.json, blind4- to blind6-baseline.json) are floors, so
// a change that makes the analyzer worse on messages it has never seen fails here.
import { describe, expect, it } from 'vitest';
import blindBaseline from '../../../../test/fixtures/ai/blind-baseline.json';
import blind3Baseline from '../../../../test/fixtures/ai/blind3-baseline.json';
import blind4Baseline from '../../../../test/fixtures/ai/blind4-baseline.json';
import blind5Baseline from '../../../../test/fixtures/ai/blind5-baseline.json';
import blind6Baseline from '../../../../test/fixtures/ai/blind6-baseline.json';
import { analyzeWithLocalRules, type EvalSet, evaluate, labelledItems } from './evaluate';

describe('local analyzer on labelled conversations', () => {
  it.each([
    ['blind', blindBaseline],
    ['blind3', blind3Baseline],
    ['blind4', blind4Baseline],
    ['blind5', blind5Baseline],
    ['blind6', blind6Baseline],
  ] as [EvalSet, typeof blindBaseline][])(
    '%s set: no worse than its recorded figures',
    async (set, baseline) => {
      const result = await evaluate(labelledItems(set), analyzeWithLocalRules);
      expect(result.items).toBe(baseline.items);
      expect(result.intentAccuracy).toBeGreaterThanOrEqual(baseline.intentAccuracy);
      expect(result.lineF1).toBeGreaterThanOrEqual(baseline.lineF1);
      expect(result.perIntent.question?.precision).toBeGreaterThanOrEqual(
        baseline.questionPrecision,
      );
      expect(result.rightAtAutoReply).toBeGreaterThanOrEqual(baseline.rightAtAutoReply);
    },
  );

  it('the sets hold several hundred items in French, English, Wolof–French and Ivorian French', () => {
    const items = [...labelledItems('tuning'), ...labelledItems('blind')];
    expect(items.length).toBeGreaterThanOrEqual(450);
    expect(new Set(items.map((m) => m.lang))).toEqual(new Set(['fr', 'en', 'wo', 'ci']));
    expect(items.some((m) => m.conversation.filter((l) => l.from === 'customer').length > 1)).toBe(
      true,
    );
  });
});
