// `pnpm eval:ai`: the local analyzer's figures on every labelled set.
import { existsSync } from 'node:fs';
import { evaluateLocalAnalyzer, LABELLED_SETS, labelledMessages } from './evaluate';

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const rows = LABELLED_SETS.filter((set) =>
  existsSync(new URL(`../../../../test/fixtures/ai/${set}.json`, import.meta.url)),
).map((set) => {
  const result = evaluateLocalAnalyzer(labelledMessages(set));
  if (process.argv.includes('--mistakes')) console.log(`${set}:\n${result.mistakes.join('\n')}\n`);
  return {
    set,
    messages: result.messages,
    intent: pct(result.intentAccuracy),
    linePrecision: pct(result.linePrecision),
    lineRecall: pct(result.lineRecall),
    address: pct(result.addressAccuracy),
  };
});
console.table(rows);
