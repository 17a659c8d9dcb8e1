// `pnpm eval:ai`: the local analyzer's figures on the tuning and blind sets, then the recorded
// Gemini answers played back by the fake through the same evaluation and the guard.
// `--mistakes` lists the tuning set's mistakes (the blind set's stay hidden unless `--blind-mistakes`).
import { analyzeWithLocalRules, evaluate, formatEvaluation, labelledItems } from './evaluate';

for (const set of ['tuning', 'blind'] as const) {
  const result = await evaluate(labelledItems(set), analyzeWithLocalRules);
  console.log(formatEvaluation(`local analyzer, ${set} set`, result));
  const show = set === 'tuning' ? '--mistakes' : '--blind-mistakes';
  if (process.argv.includes(show)) console.log(`\n${result.mistakes.join('\n')}`);
  console.log('');
}
