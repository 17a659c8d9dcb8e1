// The labelled items the intent model learns from, one entry per item with what the model reads.
// Every labelled file but the blind sets not yet run (blind v6 and later): those are never read
// here. Blind v4 and v5 were run, each once, before they were trained on: they are training data
// now, like the voices files.
import firstRuns from '../../../../../test/fixtures/ai/first-runs.json';
import {
  analyzeWithLocalRules,
  catalogOf,
  type LabelledItem,
  labelledFile,
  OLDER_FILES,
  TUNING_FILES,
  VOICES_FILES,
} from '../evaluate';
import type { ModelInput } from '../local-analyzer/classifier';
import type { LocalAnalysis } from '../local-analyzer/index';
import { type Intent, intents } from '../output';

/** The files trained on, each one author's batch written in one go: the cross-validation folds. */
export const TRAINING_FILES = [
  ...TUNING_FILES,
  ...OLDER_FILES,
  'blind',
  'blind3',
  ...VOICES_FILES,
  'blind4',
  'blind5',
] as const;

/** A blind set not yet run (blind v6 and later): never trained on. */
export const unseenBlind = (file: string) => /^blind([6-9]|\d{2,})$/.test(file);

export interface FirstRun {
  intent: string;
  confidence: number;
  lines: string;
  address: string | null;
}

export interface DataItem {
  file: string;
  item: LabelledItem;
  label: number;
  /** What the model reads, the rules' reading being today's (null: a pin alone). */
  input: ModelInput | null;
  /** Today's rules (tuned on the tuning files, always right on them; never on the others). */
  today: LocalAnalysis;
  /** The rules' first run on the file, before they were tuned on it (null: no such run). */
  first: FirstRun | null;
}

const runs = firstRuns.sets as Record<string, { commit: string; items: Record<string, FirstRun> }>;

export async function loadDataset(files: readonly string[] = TRAINING_FILES): Promise<DataItem[]> {
  const data: DataItem[] = [];
  for (const file of files) {
    if (unseenBlind(file)) throw new Error(`${file} is a blind set: never trained on`);
    for (const item of labelledFile(file)) {
      const today = (await analyzeWithLocalRules(item, catalogOf(item))) as LocalAnalysis;
      data.push({
        file,
        item,
        label: intents.indexOf(item.intent as Intent),
        input: today.modelInput,
        today,
        first: runs[file]?.items[item.id] ?? null,
      });
    }
  }
  return data;
}

/** The model's input with the rules' reading replaced (their first run, or none). */
export function withRules(input: ModelInput, rules: ModelInput['rules']): ModelInput {
  return { ...input, rules };
}

/** The rules' honest reading of an item: their first run on its file, as the model reads it. */
export function firstRules(first: FirstRun | null): ModelInput['rules'] {
  if (!first) return null;
  return { intent: first.intent as Intent, lines: first.lines !== '-' };
}
