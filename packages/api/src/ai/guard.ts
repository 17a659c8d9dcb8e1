// The guard: the AI never promises what the shop did not. A reply draft (the local analyzer's or
// Gemini's) that states a price, a total, a discount, a delivery fee or a delivery time is checked
// against the catalog, the draft order's lines and the business's settings; any mismatch, and any
// customer message that tries to instruct the AI, holds the reply for a person, with what did not
// match written down for them. Amounts are read in both ways money is written here ("12 500 F
// CFA", "F CFA 5,000", "12,50 €", "€12.50", "0F", "5000 francs").
import { type Currency, formatMoney, multiplyMinor } from '../lib/money';
import { findProducts, vocabularyOf } from './local-analyzer';
import type { CatalogItem } from './output';

export const guardIssueKinds = [
  'price',
  'total',
  'discount',
  'delivery_fee',
  'delivery_time',
  'stock',
  'injection',
] as const;
export type GuardIssueKind = (typeof guardIssueKinds)[number];

export interface GuardIssue {
  kind: GuardIssueKind;
  /** The words of the reply (or of the customer's message, for an injection) at fault. */
  text: string;
  /** What the shop's data says instead, when it says something. */
  expected: string | null;
}

export interface GuardVerdict {
  /** The reply may be sent without a person. */
  autoSend: boolean;
  issues: GuardIssue[];
}

export interface GuardInput {
  reply: string;
  catalog: CatalogItem[];
  /** The draft order's lines (the analysis's). */
  lines: { productId: string; quantity: number }[];
  /** The lines of a draft order already made in the conversation: its totals may be quoted too. */
  draftLines?: { productId: string; quantity: number }[];
  currency: Currency;
  deliveryFeeMinor: number;
  /** The customer's turn tried to instruct the AI. */
  injection: boolean;
  /** Where the customer's words that tried it are, for the person who reads. */
  injectionText?: string;
}

const NUMBER = String.raw`\d{1,3}(?:[\u00a0\u202f   .,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?`;
const CURRENCY = String.raw`(?<![a-zà-ÿ])(?:F\s?CFA|FCFA|CFA|XOF|francs?|F|EUR|euros?)(?![a-zà-ÿ])|€`;
const AMOUNT = new RegExp(
  String.raw`(?:(${CURRENCY})\s?(${NUMBER}))|(?:(${NUMBER})\s?(${CURRENCY}))`,
  'giu',
);

/** The amount in minor units: XOF has none, EUR two ("12,50 €" → 1250, "12 500 F" → 12500). */
function toMinorUnits(text: string, currency: Currency): number {
  const compact = text.replace(/[\u00a0\u202f   ]/g, '');
  const decimals = /[.,](\d{1,2})$/.exec(compact);
  const whole = (decimals ? compact.slice(0, -decimals[0].length) : compact).replace(/[.,]/g, '');
  const cents = decimals ? Number((decimals[1] ?? '0').padEnd(2, '0')) : 0;
  return currency === 'EUR' ? Number(whole) * 100 + cents : Number(whole);
}

const DISCOUNT =
  /\b(gratuit|gratuite|gratuits|gratuites|gratuitement|offert|offerte|offerts|(?<!feel )free|remise|r[ée]duction|discount|promo|rabais)\b|\d+\s?%/i;
const FREE_DELIVERY =
  /\b(livraison (gratuite|offerte)|free (delivery|shipping)|sans frais de livraison)\b/i;
const DELIVERY = /\b(livr|deliver|arriv|re[çc]e?v|chez vous|exp[ée]di|ship|colis)/i;
const WHEN =
  /\b((en|dans|sous|within|in|d'ici)\s+(\d+|une?|deux|trois|quelques|24|48|one|two|a few)\s*(h\b|heures?|hours?|minutes?|mn|min|jours?|days?)|aujourd'hui|ce soir|demain|apr[èe]s-demain|tomorrow|today|tonight|avant\s+\d+\s?h|before\s+\d)/i;

/** The sentence around position i of text. */
function sentenceAt(text: string, start: number, end: number): string {
  const from = Math.max(
    text.lastIndexOf('.', start - 1),
    text.lastIndexOf('!', start - 1),
    text.lastIndexOf('?', start - 1),
    text.lastIndexOf('\n', start - 1),
  );
  const stops = ['.', '!', '?', '\n']
    .map((stop) => text.indexOf(stop, end))
    .filter((index) => index >= 0);
  return text.slice(from + 1, stops.length ? Math.min(...stops) : text.length).trim();
}

/** Whether a reply may go out alone, and what in it does not match the shop's data. */
export function checkReply(input: GuardInput): GuardVerdict {
  const issues: GuardIssue[] = [];
  const money = (minor: number) => formatMoney(minor, input.currency, 'fr');
  const byId = new Map(input.catalog.map((p) => [p.id, p]));
  const lineTotals = input.lines.flatMap((line) => {
    const product = byId.get(line.productId);
    return product ? [multiplyMinor(product.priceMinor, line.quantity)] : [];
  });
  const subtotal = lineTotals.reduce((sum, total) => sum + total, 0);
  const fee = input.deliveryFeeMinor;
  const draftSubtotal = (input.draftLines ?? []).reduce((sum, line) => {
    const product = byId.get(line.productId);
    return sum + (product ? multiplyMinor(product.priceMinor, line.quantity) : 0);
  }, 0);
  const prices = new Set(input.catalog.map((p) => p.priceMinor));
  const totals = new Set([subtotal, subtotal + fee]);
  if (draftSubtotal) totals.add(draftSubtotal).add(draftSubtotal + fee);
  const allowed = new Set([...prices, ...lineTotals, ...totals, fee]);
  const vocabulary = vocabularyOf(input.catalog);

  if (input.injection) {
    issues.push({
      kind: 'injection',
      text: (input.injectionText ?? '').slice(0, 200),
      expected: null,
    });
  }

  for (const match of input.reply.matchAll(AMOUNT)) {
    const number = match[2] ?? match[3] ?? '';
    const value = toMinorUnits(number, input.currency);
    const start = match.index ?? 0;
    const end = start + match[0].length;
    const sentence = sentenceAt(input.reply, start, end);
    const before = input.reply.slice(Math.max(0, start - 40), start).toLowerCase();
    // The nearest word before the amount says what it is.
    const last = (pattern: RegExp) =>
      Math.max(-1, ...[...before.matchAll(pattern)].map((m) => (m.index ?? 0) + m[0].length));
    const feeAt = last(/livraison|delivery|frais de port|shipping/g);
    const totalAt = last(
      /total( (avec|y compris|incluant|including|with) (la )?(livraison|delivery))?|en tout|soit|ça fait|that's|that is|comes to|=/g,
    );
    if (feeAt > totalAt) {
      if (value !== fee)
        issues.push({ kind: 'delivery_fee', text: sentence, expected: money(fee) });
    } else if (totalAt >= 0) {
      if (!totals.has(value)) {
        issues.push({
          kind: 'total',
          text: sentence,
          expected: fee ? `${money(subtotal)} (${money(subtotal + fee)} livré)` : money(subtotal),
        });
      }
    } else if (!allowed.has(value)) {
      issues.push({ kind: 'price', text: sentence, expected: null });
    } else {
      // An amount said with one product is that product's price or line total, not another's.
      const named = findProducts(sentence, input.catalog, vocabulary);
      const [only] = named;
      if (named.length === 1 && only) {
        const line = input.lines.find((l) => l.productId === only.product.id);
        const own = [
          only.product.priceMinor,
          ...(line ? [multiplyMinor(only.product.priceMinor, line.quantity)] : []),
        ];
        if (!own.includes(value) && !totals.has(value)) {
          issues.push({ kind: 'price', text: sentence, expected: money(only.product.priceMinor) });
        }
      }
    }
  }

  // Promising more than the shop has.
  for (const line of input.lines) {
    const product = byId.get(line.productId);
    if (product && (!product.active || line.quantity > product.stock)) {
      issues.push({
        kind: 'stock',
        text: `${line.quantity} × ${product.name}`,
        expected: product.active ? `${product.stock}` : '0',
      });
    }
  }

  for (const sentence of input.reply.split(/(?<=[.!?\n])/)) {
    const discount = DISCOUNT.exec(sentence);
    if (discount && !(fee === 0 && FREE_DELIVERY.test(sentence))) {
      issues.push({ kind: 'discount', text: sentence.trim(), expected: null });
    }
    if (DELIVERY.test(sentence) && WHEN.test(sentence)) {
      // The shop keeps no delivery-time promise in its settings: a person says when.
      issues.push({ kind: 'delivery_time', text: sentence.trim(), expected: null });
    }
  }
  // A price not in the catalog said with a known product's name reads as that product's price.
  for (const issue of issues) {
    if (issue.kind !== 'price' || issue.expected) continue;
    const product = input.catalog.find((p) =>
      issue.text.toLowerCase().includes(p.name.toLowerCase()),
    );
    if (product) issue.expected = money(product.priceMinor);
  }
  // One issue per kind and words: a sentence with two wrong amounts is shown once.
  const unique = issues.filter(
    (issue, i) => issues.findIndex((o) => o.kind === issue.kind && o.text === issue.text) === i,
  );
  return { autoSend: unique.length === 0, issues: unique };
}
