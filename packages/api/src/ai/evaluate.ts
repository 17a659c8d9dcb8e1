// Scores an analyzer on the labelled WhatsApp conversations (test/fixtures/ai): per-intent
// precision and recall, the confusion matrix, order-line precision/recall/F1 (product and quantity
// both right), address accuracy, and calibration (how often an answer given with a confidence is
// fully right). Used by the evaluation test and printed by `pnpm eval:ai`.
//
// Two sets: TUNING (the rules are written against it; it also holds the older labelled sets and
// `fresh`, a second blind set whose first, untuned run is recorded in docs/ai.md before it was
// tuned on) and BLIND (written in one go before the rules were rebuilt, never tuned on: its
// figures are recorded in blind-baseline.json and the test fails below them).
import { readFileSync } from 'node:fs';
import { demoProducts } from '@flux/db/seed';
import { analyzeLocally, normalize } from './local-analyzer';
import { type Analysis, type CatalogItem, type ConversationLine, intents } from './output';

export interface LabelledItem {
  id: string;
  /** fr, en, wo (Wolof–French), ci (Ivorian French). */
  lang: string;
  catalog: 'demo' | 'mode';
  conversation: ConversationLine[];
  intent: string;
  lines: { sku: string; quantity: number }[];
  /** undefined: not scored. */
  address?: string | null;
}

const fixture = (name: string) =>
  readFileSync(new URL(`../../../../test/fixtures/ai/${name}`, import.meta.url), 'utf8');

/**
 * One item per line: `id|catalog|lang|intent|lines|address|conversation`, lines as `SKU*2 SKU*1`
 * (`-`: none), address `~` (not scored) or `-` (none), the conversation as `c: …` / `b: …` turns
 * joined by ` // ` (`\n` inside a message is a line break); `p: 14.7,-17.4 Place name` is a
 * location pin the customer shared (the place's words optional).
 */
export function parseLabelled(text: string): LabelledItem[] {
  return text
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => {
      const [id = '', catalog, lang = '', intent = '', lines = '', address = '~', ...rest] =
        line.split('|');
      const conversation = rest
        .join('|')
        .split(' // ')
        .map((turn): ConversationLine => {
          const pin = /^p: ?(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?) ?(.*)$/.exec(turn.trim());
          if (pin) {
            const label = pin[3]?.trim() || null;
            return {
              from: 'customer',
              text: '',
              pin: { latitude: Number(pin[1]), longitude: Number(pin[2]), label },
            };
          }
          const match = /^([cb]): ?([\s\S]*)$/.exec(turn.trim());
          if (!match) throw new Error(`${id}: a turn starts with "c:", "b:" or "p:"`);
          return {
            from: match[1] === 'c' ? 'customer' : 'business',
            text: (match[2] ?? '').replaceAll('\\n', '\n'),
          };
        });
      return {
        id,
        lang,
        catalog: catalog === 'm' ? 'mode' : 'demo',
        intent,
        conversation,
        lines:
          lines === '-'
            ? []
            : lines.split(' ').map((entry) => {
                const [sku = '', quantity = '1'] = entry.split('*');
                return { sku, quantity: Number(quantity) };
              }),
        address: address === '~' ? undefined : address === '-' ? null : address,
      };
    });
}

interface OlderLabelledMessage {
  id: string;
  lang: string;
  text: string;
  intent: string;
  lines: { sku: string; quantity: number }[];
  address: string | null;
}

/** The files the tuning set is made of, besides the older single-message sets. */
export const TUNING_FILES = [
  'tuning',
  'fresh',
  'kinds',
  'kinds2',
  'kinds3',
  'kinds4',
  'kinds5',
  'kinds6',
  'kinds7',
  'kinds8',
  'kinds9',
  'kinds10',
  'kinds11',
] as const;
/** The older single-message sets (JSON), part of the tuning set. */
export const OLDER_FILES = ['labelled-messages', 'held-out-messages', 'blind-messages'] as const;
/**
 * Batches by new authors, written in one go to train the intent model; the rules were never tuned
 * on them (their first run is the rules of the day they were written).
 */
export const VOICES_FILES = [
  'voices1',
  'voices2',
  'voices3',
  'voices4',
  'voices5',
  'voices6',
  'voices7',
  'voices8',
  'voices9',
  'voices10',
  'voices11',
] as const;

export const EVAL_SETS = [
  'tuning',
  'blind',
  'blind3',
  'blind4',
  'blind5',
  'blind6',
  ...VOICES_FILES,
] as const;
export type EvalSet = (typeof EVAL_SETS)[number];

/** A labelled file's items (`src/NAME.txt`, or an older JSON set). */
export function labelledFile(name: string): LabelledItem[] {
  if (!(OLDER_FILES as readonly string[]).includes(name))
    return parseLabelled(fixture(`src/${name}.txt`));
  return (JSON.parse(fixture(`${name}.json`)) as OlderLabelledMessage[]).map(
    (m): LabelledItem => ({
      id: m.id,
      lang: m.lang,
      catalog: 'demo',
      conversation: [{ from: 'customer', text: m.text }],
      intent: m.intent,
      lines: m.lines,
      address: m.address,
    }),
  );
}

/** The labelled items of a set. The tuning set includes the three older single-message sets. */
export function labelledItems(set: EvalSet): LabelledItem[] {
  if (set !== 'tuning') return labelledFile(set);
  return [...TUNING_FILES, ...OLDER_FILES].flatMap(labelledFile);
}

/** The demo shop's catalog, ids being the SKUs. */
export const demoCatalog = (): CatalogItem[] =>
  demoProducts.map((p) => ({
    id: p.sku,
    sku: p.sku,
    name: p.name,
    description: p.description,
    priceMinor: p.price,
    currency: 'XOF',
    stock: p.stock,
    active: p.active,
  }));

/** An Abidjan fashion and beauty shop: sizes in names, colour variants, merchant synonyms. */
export const modeCatalog = (): CatalogItem[] => JSON.parse(fixture('catalog-mode.json'));

export const catalogOf = (item: Pick<LabelledItem, 'catalog'>) =>
  item.catalog === 'mode' ? modeCatalog() : demoCatalog();

export type Analyze = (item: LabelledItem, catalog: CatalogItem[]) => Analysis | Promise<Analysis>;

export const analyzeWithLocalRules: Analyze = (item, catalog) =>
  analyzeLocally({
    conversation: item.conversation,
    catalog,
    business: { name: 'Boutique Awa', currency: 'XOF' },
  });

/** The local analyzer with its evidence, before calibration, as the confidence. */
export const analyzeWithEvidence: Analyze = (item, catalog) => {
  const analysis = analyzeLocally({
    conversation: item.conversation,
    catalog,
    business: { name: 'Boutique Awa', currency: 'XOF' },
  });
  return { ...analysis, confidence: analysis.evidence };
};

export const CALIBRATION_BUCKETS = [0, 0.5, 0.7, 0.85, 0.95] as const;

export interface Evaluation {
  items: number;
  intentAccuracy: number;
  perIntent: Record<
    string,
    { precision: number; recall: number; predicted: number; expected: number }
  >;
  /** confusion[expected][predicted] = count */
  confusion: Record<string, Record<string, number>>;
  linePrecision: number;
  lineRecall: number;
  lineF1: number;
  addressAccuracy: number;
  /** Intent, lines and (where labelled) address all right. */
  fullyRight: number;
  calibration: { from: number; to: number; items: number; fullyRight: number }[];
  /** Of the answers given with confidence ≥ 0.85, the fraction fully right (1 when there are none). */
  rightAtAutoReply: number;
  answeredAtAutoReply: number;
  mistakes: string[];
  /** Each item's confidence and whether it was fully right, in order. */
  answers: { id: string; confidence: number; right: boolean }[];
}

const ratio = (a: number, b: number) => (b ? a / b : 1);
const sameAddress = (a: string | null, b: string | null) =>
  (a === null && b === null) || (a !== null && b !== null && normalize(a) === normalize(b));

export async function evaluate(items: LabelledItem[], analyze: Analyze): Promise<Evaluation> {
  const confusion: Record<string, Record<string, number>> = {};
  for (const expected of intents)
    confusion[expected] = Object.fromEntries(intents.map((i) => [i, 0]));
  let intentsRight = 0;
  let truePositives = 0;
  let predicted = 0;
  let expectedLines = 0;
  let addressesScored = 0;
  let addressesRight = 0;
  let fullyRight = 0;
  const buckets = CALIBRATION_BUCKETS.map((from, i) => ({
    from,
    to: CALIBRATION_BUCKETS[i + 1] ?? 1,
    items: 0,
    fullyRight: 0,
  }));
  const mistakes: string[] = [];
  const answers: Evaluation['answers'] = [];
  for (const item of items) {
    const analysis = await analyze(item, catalogOf(item));
    const text = item.conversation.map((l) => `${l.from[0]}: ${l.text}`).join(' // ');
    const row = confusion[item.intent];
    if (row) row[analysis.intent] = (row[analysis.intent] ?? 0) + 1;
    const intentRight = analysis.intent === item.intent;
    if (intentRight) intentsRight += 1;
    else mistakes.push(`${item.id} intent ${analysis.intent} ≠ ${item.intent}: ${text}`);
    const got = analysis.orderLines.map((l) => `${l.productId}×${l.quantity}`);
    const want = item.lines.map((l) => `${l.sku}×${l.quantity}`);
    predicted += got.length;
    expectedLines += want.length;
    const hits = got.filter((line) => want.includes(line)).length;
    truePositives += hits;
    const linesRight = hits === got.length && hits === want.length;
    if (!linesRight) mistakes.push(`${item.id} lines [${got}] ≠ [${want}]: ${text}`);
    let addressRight = true;
    if (item.address !== undefined) {
      addressesScored += 1;
      addressRight = sameAddress(analysis.deliveryAddress, item.address);
      if (addressRight) addressesRight += 1;
      else mistakes.push(`${item.id} address ${analysis.deliveryAddress} ≠ ${item.address}`);
    }
    const right = intentRight && linesRight && addressRight;
    answers.push({ id: item.id, confidence: analysis.confidence, right });
    if (right) fullyRight += 1;
    const bucket = buckets.findLast((b) => analysis.confidence >= b.from);
    if (bucket) {
      bucket.items += 1;
      if (right) bucket.fullyRight += 1;
    }
    if (!right && analysis.confidence >= 0.85) {
      mistakes.push(`${item.id} ↑ wrong at confidence ${analysis.confidence.toFixed(2)}`);
    }
  }
  const perIntent: Evaluation['perIntent'] = {};
  for (const intent of intents) {
    const row = confusion[intent] ?? {};
    const expected = Object.values(row).reduce((a, b) => a + b, 0);
    const predictedAs = intents.reduce((sum, i) => sum + (confusion[i]?.[intent] ?? 0), 0);
    const right = row[intent] ?? 0;
    perIntent[intent] = {
      precision: ratio(right, predictedAs),
      recall: ratio(right, expected),
      predicted: predictedAs,
      expected,
    };
  }
  const linePrecision = ratio(truePositives, predicted);
  const lineRecall = ratio(truePositives, expectedLines);
  const high = buckets.filter((b) => b.from >= 0.85);
  const answeredAtAutoReply = high.reduce((sum, b) => sum + b.items, 0);
  return {
    items: items.length,
    intentAccuracy: intentsRight / items.length,
    perIntent,
    confusion,
    linePrecision,
    lineRecall,
    lineF1:
      linePrecision + lineRecall
        ? (2 * linePrecision * lineRecall) / (linePrecision + lineRecall)
        : 0,
    addressAccuracy: ratio(addressesRight, addressesScored),
    fullyRight: fullyRight / items.length,
    calibration: buckets,
    rightAtAutoReply: ratio(
      high.reduce((sum, b) => sum + b.fullyRight, 0),
      answeredAtAutoReply,
    ),
    answeredAtAutoReply,
    mistakes,
    answers,
  };
}

/** The evaluation as text: the figures, per-intent P/R, the confusion matrix, calibration. */
export function formatEvaluation(name: string, result: Evaluation): string {
  const pct = (value: number) => `${(value * 100).toFixed(1)}%`.padStart(6);
  const out = [
    `== ${name}: ${result.items} items`,
    `intent accuracy ${pct(result.intentAccuracy)}   lines P ${pct(result.linePrecision)} R ${pct(result.lineRecall)} F1 ${result.lineF1.toFixed(3)}   address ${pct(result.addressAccuracy)}   fully right ${pct(result.fullyRight)}`,
    '',
    `${'intent'.padEnd(16)}precision  recall  predicted  expected`,
  ];
  for (const [intent, s] of Object.entries(result.perIntent)) {
    out.push(
      `${intent.padEnd(16)}${pct(s.precision).padStart(9)}  ${pct(s.recall)}  ${String(s.predicted).padStart(9)}  ${String(s.expected).padStart(8)}`,
    );
  }
  const short = (i: string) => i.slice(0, 8).padStart(9);
  out.push('', `confusion (rows: expected, columns: predicted)`);
  out.push(`${''.padEnd(16)}${intents.map(short).join('')}`);
  for (const expected of intents) {
    out.push(
      `${expected.padEnd(16)}${intents.map((p) => String(result.confusion[expected]?.[p] ?? 0).padStart(9)).join('')}`,
    );
  }
  out.push('', 'calibration: confidence → fully right');
  for (const b of result.calibration) {
    out.push(
      `  [${b.from.toFixed(2)}, ${b.to.toFixed(2)}${b.to === 1 ? ']' : ')'}  ${String(b.items).padStart(4)} items  ${b.items ? pct(b.fullyRight / b.items) : '    —'}`,
    );
  }
  out.push(
    `  at ≥ 0.85: ${result.answeredAtAutoReply} answers, ${pct(result.rightAtAutoReply)} fully right`,
  );
  return out.join('\n');
}
