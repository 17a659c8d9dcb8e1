// `pnpm eval:ai`: the local analyzer's figures on the tuning and blind sets, then Gemini-shaped
// answers played back by the fake through the same evaluation and the guard.
// `--mistakes` lists the tuning set's mistakes (and a voices file's: `--only voices1 --mistakes`,
// training data the rules were not tuned on); the blind sets' stay hidden unless
// `--blind-mistakes` / `--blind3-mistakes` / … / `--blind6-mistakes` (blind v6 is the set not
// tuned or trained on; v4 and v5 were trained on after their runs; blind v3's mistakes were read
// by kind in the fourth round; see docs/ai.md).
import { writeFileSync } from 'node:fs';
import blindBaseline from '../../../../test/fixtures/ai/blind-baseline.json';
import blind3Baseline from '../../../../test/fixtures/ai/blind3-baseline.json';
import blind4Baseline from '../../../../test/fixtures/ai/blind4-baseline.json';
import blind5Baseline from '../../../../test/fixtures/ai/blind5-baseline.json';
import blind6Baseline from '../../../../test/fixtures/ai/blind6-baseline.json';
import {
  analyzeWithEvidence,
  analyzeWithLocalRules,
  EVAL_SETS,
  type EvalSet,
  evaluate,
  formatEvaluation,
  labelledItems,
  VOICES_FILES,
} from './evaluate';
import { playRecordedGemini } from './gemini-playback';
import { calibrationTable } from './local-analyzer/evidence';

// `--calibrate`: bins the tuning set's answers by their evidence and writes
// local-analyzer/calibration.json (the confidence the analyzer gives is capped by it).
if (process.argv.includes('--calibrate')) {
  const result = await evaluate(labelledItems('tuning'), analyzeWithEvidence);
  const bins = calibrationTable(
    result.answers.map((a) => ({ evidence: a.confidence, right: a.right })),
  );
  const note =
    'Written by `pnpm eval:ai --calibrate`: the tuning set answers binned by evidence (local-analyzer/evidence.ts).';
  writeFileSync(
    new URL('./local-analyzer/calibration.json', import.meta.url),
    `${JSON.stringify({ note, bins }, null, 2)}\n`,
  );
  console.log(bins.map((b) => `${b.from.toFixed(2)} ${b.fullyRight}/${b.items}`).join('\n'));
  process.exit(0);
}

// `--only tuning` (or `--only voices3`): one set (while tuning, the blind sets' figures are not looked at either).
const only = process.argv[process.argv.indexOf('--only') + 1];
const sets = process.argv.includes('--only') ? EVAL_SETS.filter((s) => s === only) : EVAL_SETS;

// The blind sets' floors: below any of them, the command fails (as the evaluation test does).
const floors: Partial<Record<EvalSet, typeof blindBaseline>> = {
  blind: blindBaseline,
  blind3: blind3Baseline,
  blind4: blind4Baseline,
  blind5: blind5Baseline,
  blind6: blind6Baseline,
};
const below: string[] = [];
for (const set of sets) {
  const result = await evaluate(labelledItems(set), analyzeWithLocalRules);
  console.log(formatEvaluation(`local analyzer, ${set} set`, result));
  const trainedOn = set === 'tuning' || (VOICES_FILES as readonly string[]).includes(set);
  const show = trainedOn ? '--mistakes' : `--${set}-mistakes`;
  if (process.argv.includes(show)) console.log(`\n${result.mistakes.join('\n')}`);
  console.log('');
  const floor = floors[set];
  if (!floor) continue;
  const figures: [string, number, number][] = [
    ['intent accuracy', result.intentAccuracy, floor.intentAccuracy],
    ['line F1', result.lineF1, floor.lineF1],
    ['question precision', result.perIntent.question?.precision ?? 0, floor.questionPrecision],
    ['fully right at >= 0.85', result.rightAtAutoReply, floor.rightAtAutoReply],
  ];
  for (const [name, value, min] of figures) {
    if (value < min) below.push(`${set}: ${name} ${value.toFixed(3)} < floor ${min}`);
  }
}
if (below.length) {
  console.error(`below the recorded floors:\n${below.join('\n')}`);
  process.exitCode = 1;
}

if (process.argv.includes('--only')) process.exit();
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
