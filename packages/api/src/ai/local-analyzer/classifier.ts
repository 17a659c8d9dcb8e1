// The trained part of the local analyzer: a multinomial logistic regression over the customer's
// turn, read as hashed features (words, word pairs, character n-grams of the accent-folded text,
// the team's message before it, earlier turns) and the rules' own reading (their intent, whether
// they found products, an open draft). The rules fit the wording they were tuned on; the model,
// trained on every labelled set by several authors, weighs many small cues at once and so holds
// better on wording no rule was written for (docs/ai.md, "The trained intent model").
// The weights are written by `pnpm train:ai` (training/train-cli.ts) into intent-model.json.
import { type Intent, intents } from '../output';
import { normalize } from './text';

/** What the model reads of a conversation. */
export interface ModelInput {
  /** The customer's current turn, as written. */
  turn: string;
  /** What the team wrote just before it. */
  before: string;
  /** The customer's earlier turns, oldest first. */
  earlier: string[];
  /** The rules' reading of the turn; null when not known (a labelled set with no honest one). */
  rules: {
    intent: Intent;
    /** The rules drafted order lines. */
    lines: boolean;
  } | null;
  /** What the catalog matching found in the turn. */
  catalog: {
    /** Products the turn's words name. */
    products: number;
    /** One of them has a count said by it. */
    quantified: boolean;
    /** An order was open before the turn. */
    draft: boolean;
  };
}

export interface FeatureOptions {
  /** log2 of the number of hashed buckets. */
  bits: number;
  /** Scale of each feature group (each group's vector has this length). */
  groups: Record<FeatureGroup, number>;
}

export type FeatureGroup = 'words' | 'chars' | 'context' | 'signals';

/** FNV-1a, 32 bits: deterministic and fast, enough to spread feature names over the buckets. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const EMOJI = /\p{Extended_Pictographic}/gu;
const MAX_TEXT = 4_000;

/** The words of a normalized text, numbers as `0`, question marks kept. */
function wordsOf(normalized: string): string[] {
  return (normalized.match(/[a-z0-9]+|\?/g) ?? []).map((w) => (/^\d+$/.test(w) ? '0' : w));
}

/** The named features of a conversation, by group (before hashing). */
export function featureNames(input: ModelInput): Record<FeatureGroup, string[]> {
  // As the rules do: a message past 4,000 characters is read no further.
  const text = normalize(input.turn.slice(0, MAX_TEXT));
  const words = wordsOf(text);
  const wordFeatures: string[] = [];
  const padded = ['<', ...words, '>'];
  for (let i = 0; i < padded.length; i++) {
    if (i > 0 && i < padded.length - 1) wordFeatures.push(`w:${padded[i]}`);
    if (i > 0) wordFeatures.push(`b:${padded[i - 1]} ${padded[i]}`);
  }
  const emojis = input.turn.slice(0, MAX_TEXT).match(EMOJI) ?? [];
  for (const emoji of emojis) wordFeatures.push(`e:${emoji}`);
  const chars: string[] = [];
  const flat = ` ${words.join(' ')} `;
  for (let n = 3; n <= 5; n++) {
    for (let i = 0; i + n <= flat.length; i++) chars.push(`c:${flat.slice(i, i + n)}`);
  }
  const context: string[] = [];
  for (const w of wordsOf(normalize(input.before.slice(0, MAX_TEXT)))) context.push(`t:${w}`);
  for (const turn of input.earlier.slice(-2)) {
    for (const w of wordsOf(normalize(turn.slice(0, MAX_TEXT)))) context.push(`p:${w}`);
  }
  const signals: string[] = [];
  const length = words.filter((w) => w !== '?').length;
  signals.push(`len:${length <= 3 ? length : length <= 6 ? '4-6' : length <= 12 ? '7-12' : '13+'}`);
  signals.push(`turns:${Math.min(input.earlier.length, 2)}`);
  if (input.before.trim() === '') signals.push('before:none');
  if (words.includes('?')) signals.push('asks');
  if (emojis.length) signals.push('emoji');
  const { products, quantified, draft } = input.catalog;
  signals.push(`products:${Math.min(products, 2)}`);
  if (quantified) signals.push('quantified');
  if (draft) signals.push('draft');
  if (input.rules) {
    signals.push(`rules:${input.rules.intent}`);
    if (input.rules.lines) signals.push('rules:lines');
  } else signals.push('rules:none');
  return {
    words: [...new Set(wordFeatures)],
    chars: [...new Set(chars)],
    context: [...new Set(context)],
    signals,
  };
}

/** Hashed, scaled features: bucket → value (each group scaled to the length its option gives). */
export function featuresOf(input: ModelInput, options: FeatureOptions): Map<number, number> {
  const mask = (1 << options.bits) - 1;
  const features = new Map<number, number>();
  const named = featureNames(input);
  for (const group of Object.keys(named) as FeatureGroup[]) {
    const names = named[group];
    if (!names.length) continue;
    const value =
      group === 'signals' ? options.groups[group] : options.groups[group] / Math.sqrt(names.length);
    for (const name of names) {
      const bucket = hash(name) & mask;
      features.set(bucket, (features.get(bucket) ?? 0) + value);
    }
  }
  return features;
}

/** A trained model: one weight per bucket and intent, one bias per intent. */
export interface IntentModel {
  options: FeatureOptions;
  /** weights[bucket * intents.length + k] */
  weights: Float32Array | Float64Array | number[];
  bias: number[];
}

/** The probability of each intent (in the order of `intents`). */
export function probabilities(model: IntentModel, features: Map<number, number>): number[] {
  const k = intents.length;
  const scores = [...model.bias];
  for (const [bucket, value] of features) {
    const at = bucket * k;
    for (let c = 0; c < k; c++) scores[c] = (scores[c] ?? 0) + (model.weights[at + c] ?? 0) * value;
  }
  const top = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - top));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}
