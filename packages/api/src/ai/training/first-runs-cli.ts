// `pnpm tsx packages/api/src/ai/training/first-runs-cli.ts`: what the rules said on each labelled
// file before anyone tuned them on it, kept in test/fixtures/ai/first-runs.json.
//
// Why: the rules today are right on every item they were tuned on, so their answers on those
// items say nothing about how often they are right on wording they have not met (blind v4: 79 %
// of intents). Each file was written in one go and first run against the rules of its day, before
// rules were written for it: those answers are the rules' honest behaviour on unseen wording. The
// trained classifier reads the rules' intent as a feature, so it must learn from those honest
// answers (how far to trust the rules), not from today's, which are always right on its data.
//
// For each file, the analyzer of the commit before its tuning is taken out of git (packages/api/src
// only, into a scratch folder that is removed after) and run on the file's items as they are
// labelled today, with today's catalogs; an analyzer that has a trained model runs without it (the
// rules alone, the feature the model reads). Each file's figures are printed as the headers record
// them. The files with no such commit (the first labelled sets, written with the first rules) get
// no first run.
import { execSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type catalogOf, evaluate, type LabelledItem, labelledFile } from '../evaluate';
import type { Analysis } from '../output';

/** The commit whose rules first read each file (verified against the figures in each header). */
export const FIRST_RUN_COMMITS: Record<string, string> = {
  'blind-messages': 'b2c162f',
  tuning: 'e2c509c',
  blind: 'e2c509c',
  fresh: '6630345',
  blind3: 'e9e1d3e',
  kinds: 'e9e1d3e',
  kinds2: '4511c1e',
  kinds3: '166fa47',
  kinds4: '0554358',
  kinds5: '5733d09',
  kinds6: 'c4ab677',
  kinds7: 'd776b7c',
  kinds8: '3193d14',
  kinds9: 'd87eb36',
  kinds10: '66f656a',
  kinds11: 'c8cc6ce',
  // Blind v4's one run with the rules, after the fourth round (the commit that recorded it).
  blind4: '88b0f92',
  // Blind v5's run with the rules alone, just before the trained model was merged.
  blind5: '87a49dd',
  // Written by new authors after the trained model was merged; the analyzer had not changed since.
  voices1: '000d361',
  voices2: '000d361',
  voices3: '000d361',
  voices4: '000d361',
  voices5: '000d361',
  // The second batch of new authors, written after the lines round (ai-lines) was merged; the
  // rules had not changed since.
  voices6: '3b29699',
  voices7: '3b29699',
  voices8: '3b29699',
  voices9: '3b29699',
  voices10: '3b29699',
  voices11: '3b29699',
};

export interface FirstRun {
  intent: string;
  confidence: number;
  /** `SKU*2 SKU*1`, `-` for none. */
  lines: string;
  address: string | null;
}

const root = fileURLToPath(new URL('../../../../../', import.meta.url));
// Inside packages/api so that the old files resolve the packages (@flux/contracts, zod) it has.
const scratch = fileURLToPath(new URL('../../../.first-runs/', import.meta.url));

type Analyze = (input: {
  conversation: LabelledItem['conversation'];
  catalog: ReturnType<typeof catalogOf>;
  business: { name: string; currency: 'XOF' };
  /** The rules alone (an analyzer with a trained model has one): older analyzers ignore it. */
  intentModel: false;
}) => Analysis;

async function analyzerAt(commit: string): Promise<Analyze> {
  const dir = `${scratch}${commit}`;
  mkdirSync(dir, { recursive: true });
  execSync(
    `git archive ${commit} packages/api/src/ai packages/api/src/lib | tar -x -C ${JSON.stringify(dir)}`,
    { cwd: root },
  );
  const base = `${dir}/packages/api/src/ai/`;
  const files = execSync(`git ls-tree -r --name-only ${commit} packages/api/src/ai`, {
    cwd: root,
    encoding: 'utf8',
  });
  const entry = files.includes('ai/local-analyzer/index.ts')
    ? 'local-analyzer/index.ts'
    : 'local-analyzer.ts';
  const module = await import(`${base}${entry}`);
  return module.analyzeLocally as Analyze;
}

const out: Record<string, { commit: string; items: Record<string, FirstRun> }> = {};
try {
  for (const [file, commit] of Object.entries(FIRST_RUN_COMMITS)) {
    const analyze = await analyzerAt(commit);
    const items = labelledFile(file);
    const runs: Record<string, FirstRun> = {};
    const result = await evaluate(items, (item, catalog) => {
      const a = analyze({
        conversation: item.conversation,
        catalog,
        business: { name: 'Boutique Awa', currency: 'XOF' },
        intentModel: false,
      });
      runs[item.id] = {
        intent: a.intent,
        confidence: a.confidence,
        lines: a.orderLines.length
          ? a.orderLines.map((l) => `${l.productId}*${l.quantity}`).join(' ')
          : '-',
        address: a.deliveryAddress,
      };
      return a;
    });
    out[file] = { commit, items: runs };
    const pct = (x: number | undefined) => `${(100 * (x ?? Number.NaN)).toFixed(1)} %`;
    console.log(
      `${file.padEnd(18)} ${commit}  ${items.length} items, intent ${pct(result.intentAccuracy)}, line F1 ${result.lineF1.toFixed(3)}, question precision ${pct(result.perIntent.question?.precision)}, fully right ${pct(result.fullyRight)}, at >= 0.85 ${pct(result.rightAtAutoReply)} of ${result.answeredAtAutoReply}`,
    );
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const note =
  'Written by packages/api/src/ai/training/first-runs-cli.ts: each file read by the rules of the commit before they were tuned on it (the rules honest behaviour on wording they had not met), labels as today.';
const target = `${root}test/fixtures/ai/first-runs.json`;
writeFileSync(target, `${JSON.stringify({ note, sets: out })}\n`);
execSync(`pnpm exec biome format --write ${JSON.stringify(target)}`, {
  cwd: root,
  stdio: 'ignore',
});
