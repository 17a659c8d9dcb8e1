// `pnpm eval:ai`: the local analyzer's figures on the tuning and blind sets, then Gemini-shaped
// answers played back by the fake through the same evaluation and the guard.
// `--mistakes` lists the tuning set's mistakes; the blind sets' stay hidden unless
// `--blind-mistakes` / `--blind3-mistakes` (they are not tuned on).
import {
  analyzeWithLocalRules,
  EVAL_SETS,
  evaluate,
  formatEvaluation,
  labelledItems,
} from './evaluate';
import { playRecordedGemini } from './gemini-playback';

// `--only tuning`: one set (while tuning, the blind sets' figures are not looked at either).
const only = process.argv[process.argv.indexOf('--only') + 1];
const sets = process.argv.includes('--only') ? EVAL_SETS.filter((s) => s === only) : EVAL_SETS;

for (const set of sets) {
  const result = await evaluate(labelledItems(set), analyzeWithLocalRules);
  console.log(formatEvaluation(`local analyzer, ${set} set`, result));
  const show = set === 'tuning' ? '--mistakes' : `--${set}-mistakes`;
  if (process.argv.includes(show)) console.log(`\n${result.mistakes.join('\n')}`);
  console.log('');
}

if (process.argv.includes('--only')) process.exit(0);
const playback = await playRecordedGemini();
console.log(formatEvaluation('Gemini answers played back by the fake', playback.evaluation));
console.log(
  `guard: ${playback.heldRight}/${playback.heldExpected} replies that had to wait were held; ` +
    `${playback.heldNeedlessly} held needlessly; unsafe replies sent: ${playback.unsafeSent.length ? playback.unsafeSent.join(', ') : 'none'}`,
);
if (process.argv.includes('--guard')) {
  for (const { id, issues } of playback.issues) {
    for (const issue of issues) {
      console.log(
        `  ${id} ${issue.kind}: ${issue.text}${issue.expected ? ` (expected ${issue.expected})` : ''}`,
      );
    }
  }
}
