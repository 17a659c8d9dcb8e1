// The local analyzer against the labelled WhatsApp messages (test/fixtures/ai): the figures are
// printed (`pnpm eval:ai` prints them alone) and must stay above 90%.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateLocalAnalyzer, LABELLED_SETS, labelledMessages } from './evaluate';

const present = LABELLED_SETS.filter((set) =>
  existsSync(new URL(`../../../../test/fixtures/ai/${set}.json`, import.meta.url)),
);

describe('local analyzer on labelled messages', () => {
  it.each(present)('%s: intent accuracy and order-line precision/recall above 90%%', (set) => {
    const messages = labelledMessages(set);
    expect(messages.length).toBeGreaterThanOrEqual(40);
    const result = evaluateLocalAnalyzer(messages);
    if (result.mistakes.length) console.log(`${set} mistakes:\n${result.mistakes.join('\n')}`);
    expect(result.intentAccuracy).toBeGreaterThan(0.9);
    expect(result.linePrecision).toBeGreaterThan(0.9);
    expect(result.lineRecall).toBeGreaterThan(0.9);
  });

  it('the set the rules were written with has at least 60 messages in French and English', () => {
    const messages = labelledMessages('labelled-messages');
    expect(messages.length).toBeGreaterThanOrEqual(60);
    expect(new Set(messages.map((m) => m.lang))).toEqual(new Set(['fr', 'en']));
  });
});
