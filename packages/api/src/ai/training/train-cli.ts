// `pnpm train:ai`: trains the local analyzer's intent models on every labelled set but the blind
// ones (training/dataset.ts), after measuring them by leave-one-set-out cross-validation, and
// writes local-analyzer/intent-model.json (weights and the calibration table the held-out answers
// gave). Deterministic: the same sets and code give the same file, byte for byte.
//
// It prints, per held-out file: the rules' first run on it (before they were tuned on it), the
// words-only model, and the combination the analyzer uses (both models averaged), then how the
// combination's confidence held on the held-out answers.
// `--check`: writes nothing, fails if the committed model is not what the script produces.
// `--quick`: no cross-validation (keeps the committed calibration table; for trying features).
import { execSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TUNING_FILES, VOICES_FILES } from '../evaluate';
import { calibration, encodeWeights, type StoredModel } from '../local-analyzer/model';
import type { Intent } from '../output';
import { intents } from '../output';
import {
  answersUnderCv,
  calibrationOf,
  combinedOf,
  examplesDigest,
  type HeldOut,
  leaveOneSetOut,
  likeliest,
  type Scores,
  scoresOf,
  TRAINING_OPTIONS,
  trainModels,
} from './crossval';
import { loadDataset } from './dataset';

/** Files whose first run had today's kind of confidence (evidence, calibrated: kinds3 onwards). */
const EVIDENCE_ERA: readonly string[] = TUNING_FILES.slice(TUNING_FILES.indexOf('kinds3'));
/** Files by authors other than the rules' (the voices files, blind v4 and v5): unseen wording. */
const NEW_AUTHORS: readonly string[] = [...VOICES_FILES, 'blind4', 'blind5'];

const target = new URL('../local-analyzer/intent-model.json', import.meta.url);
const check = process.argv.includes('--check');
const quick = process.argv.includes('--quick');

const data = await loadDataset();
const digest = createHash('sha256').update(examplesDigest(data, TRAINING_OPTIONS)).digest('hex');
const committed = JSON.parse(readFileSync(target, 'utf8')) as StoredModel;

const pct = (x: number) => (Number.isNaN(x) ? '    —' : `${(100 * x).toFixed(1)}`.padStart(5));
const row = (name: string, s: Scores) =>
  `${name.padEnd(26)}${String(s.items).padStart(5)} ${pct(s.accuracy)}  ${pct(s.questionPrecision)}  ${intents.map((i) => pct(s.recall[i] ?? Number.NaN)).join(' ')}`;

let table = committed.calibration;
if (!quick) {
  const started = Date.now();
  const held: HeldOut[] = leaveOneSetOut(data, TRAINING_OPTIONS, (file) =>
    process.stderr.write(`${file} `),
  );
  process.stderr.write(`(${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  table = calibrationOf(held);
  report(held);
  // `--oof FILE`: the held-out answers, for a closer look.
  const oof = process.argv[process.argv.indexOf('--oof') + 1];
  if (process.argv.includes('--oof') && oof) {
    writeFileSync(
      oof,
      JSON.stringify(
        held.map((h) => ({
          file: h.d.file,
          id: h.d.item.id,
          label: h.d.item.intent,
          p: h.combined,
          words: h.words,
          first: h.d.first,
          rules: h.d.input?.rules ?? null,
          lines: h.d.item.lines.map((l) => `${l.sku}*${l.quantity}`).join(' ') || '-',
          address: h.d.item.address,
        })),
      ),
    );
  }
}

const models = trainModels(data, TRAINING_OPTIONS);
const stored = models.map((m) => encodeWeights(m.weights, m.bias));
const signature = createHash('sha256')
  .update(digest)
  .update(JSON.stringify(stored))
  .update(JSON.stringify(table))
  .digest('hex');
const model: StoredModel = {
  note: 'Written by `pnpm train:ai` (packages/api/src/ai/training/train-cli.ts); do not edit by hand.',
  options: { bits: TRAINING_OPTIONS.bits, groups: TRAINING_OPTIONS.groups },
  models: stored,
  calibration: table,
  trainedFrom: digest,
  signature,
};
const text = `${JSON.stringify(model, null, 2)}\n`;
if (check) {
  // Compared as data: the committed file is laid out by the formatter.
  const same = JSON.stringify(JSON.parse(readFileSync(target, 'utf8'))) === JSON.stringify(model);
  console.log(
    same
      ? 'the committed model is what the script produces'
      : 'the committed model differs: run pnpm train:ai',
  );
  process.exit(same ? 0 : 1);
}
writeFileSync(target, text);
execSync(`pnpm exec biome format --write ${JSON.stringify(fileURLToPath(target))}`, {
  stdio: 'ignore',
});
console.log(`wrote ${fileURLToPath(target)} (${(text.length / 1024).toFixed(0)} KB)`);

function report(held: HeldOut[]) {
  const files = [...new Set(held.map((h) => h.d.file))];
  const pairsOf = (hs: HeldOut[], pick: (h: HeldOut) => string) =>
    hs.map((h) => ({ expected: h.d.item.intent, predicted: pick(h) }));
  const rules = (h: HeldOut) => h.d.first?.intent ?? h.d.input?.rules?.intent ?? h.d.today.intent;
  const words = (h: HeldOut) => (h.words ? likeliest(h.words) : rules(h));
  const combined = (h: HeldOut) => combinedOf(h)?.intent ?? rules(h);
  console.log(
    `Leave-one-set-out cross-validation (${held.length} items, ${files.length} files); intent accuracy, "question" precision, recall per intent\n`,
  );
  console.log(
    `${'held-out file / method'.padEnd(26)}items   acc  qPrec  ${intents.map((i) => i.slice(0, 5).padStart(5)).join(' ')}`,
  );
  for (const file of files) {
    const hs = held.filter((h) => h.d.file === file);
    const honest = hs[0]?.d.first != null;
    console.log(
      row(`${file}: rules${honest ? ' (1st run)' : ' (tuned)'}`, scoresOf(pairsOf(hs, rules))),
    );
    console.log(row('  words-only model', scoresOf(pairsOf(hs, words))));
    console.log(row('  combination', scoresOf(pairsOf(hs, combined))));
  }
  const honest = held.filter((h) => h.d.first);
  console.log(`\nall files with a first run (${honest.length} items):`);
  console.log(row('rules, first run', scoresOf(pairsOf(honest, rules))));
  console.log(row('words-only model', scoresOf(pairsOf(honest, words))));
  console.log(row('combination', scoresOf(pairsOf(honest, combined))));
  const fresh = held.filter((h) => NEW_AUTHORS.includes(h.d.file));
  console.log(`files by new authors (${NEW_AUTHORS.join(', ')}; ${fresh.length} items):`);
  console.log(row('rules, first run', scoresOf(pairsOf(fresh, rules))));
  console.log(row('words-only model', scoresOf(pairsOf(fresh, words))));
  console.log(row('combination', scoresOf(pairsOf(fresh, combined))));
  console.log(
    `all files (${held.length} items; the older single-message sets scored by today's rules):`,
  );
  console.log(row('combination', scoresOf(pairsOf(held, combined))));

  // The confidence on held-out answers: each file's calibration table built without it.
  const tables = new Map(
    files.map((f) => [f, calibration(calibrationOf(held.filter((h) => h.d.file !== f)))]),
  );
  const answers = answersUnderCv(held, (file) => tables.get(file) ?? (() => 0));
  console.log(
    "\nConfidence under cross-validation (lines, address and their confidence from the rules' first run):",
  );
  for (const [name, files] of [
    ['evidence-era files (kinds3–11)', EVIDENCE_ERA],
    ['files by new authors', NEW_AUTHORS],
    ['all files with a first run', [...new Set(answers.map((a) => a.file))]],
  ] as const) {
    const set = answers.filter((a) => (files as readonly string[]).includes(a.file));
    const firstRuns = honest.filter((h) => (files as readonly string[]).includes(h.d.file));
    const rulesSure = answersOfRules(firstRuns).filter((a) => a.confidence >= 0.85);
    for (const from of [0.85, 0.95]) {
      const sure = set.filter((a) => a.confidence >= from);
      console.log(
        `  ${name}, combination at ≥ ${from}: ${sure.length} of ${set.length} answers, ${pct(sure.filter((a) => a.right).length / (sure.length || 1))} % fully right`,
      );
    }
    console.log(
      `  ${name}, rules' first run at ≥ 0.85: ${rulesSure.length} answers, ${pct(rulesSure.filter((a) => a.right).length / (rulesSure.length || 1))} % fully right; all answers ${pct(set.filter((a) => a.right).length / (set.length || 1))} % fully right (combination)`,
    );
  }
}

/** The rules' first run as answers (their own confidence). */
function answersOfRules(held: HeldOut[]) {
  return answersUnderCv(
    held.map((h) => ({
      ...h,
      combined: intents.map((i) => (i === h.d.first?.intent ? 1 : 0)),
    })),
    () => (_intent: Intent, _p: number) => 1,
  ).map((a, i) => ({ ...a, confidence: held[i]?.d.first?.confidence ?? 0 }));
}
