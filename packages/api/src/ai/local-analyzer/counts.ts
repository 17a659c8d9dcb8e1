// The counts in a customer's words: which numbers are quantities, and which are sizes or
// measures ("20 pouces", "taille 43", "the sandals in 41", "order 1042"), and how many of a
// product sold by a measure an amount makes ("3 kg" of a 1 kg sachet).
import type { CatalogItem } from '../output';
import { isMeasure, NOT_QUANTITY_AFTER, type ReadNumber, readNumber } from './numbers';
import { COUNTERS } from './shop-words';
import { normalize, stem } from './text';

export interface Counts {
  /** Where each count starts, and what it reads. */
  numbers: Map<number, ReadNumber>;
  /** Tokens that are part of a number, a size or its measure. */
  inNumber: Set<number>;
  /** Numbers followed by their measure ("3 kg"): a size, unless the product is sold by it. */
  measured: Map<number, { value: number; unit: string }>;
}

/** The counts of a turn's words (tokenized). */
export function readCounts(words: string[]): Counts {
  // Numbers: where each starts, and which tokens are part of one or of a size ("20 pouces").
  const numbers = new Map<number, ReadNumber>();
  const inNumber = new Set<number>();
  const measured = new Map<number, { value: number; unit: string }>();
  for (let i = 0; i < words.length; i++) {
    // "the artisanal one", "the green one", "that one": a pronoun, not a count.
    if (words[i] === 'one' && /^(the|this|that|which)$/.test(words[i - 1] ?? words[i - 2] ?? ''))
      continue;
    if (words[i] === 'one' && /^(the|this|that)$/.test(words[i - 2] ?? '')) continue;
    // "le sac et le panier, les deux svp": both, not two more.
    if (
      /^(les|both|tous)$/.test(words[i - 1] ?? '') &&
      /^(deux|2|trois|3)$/.test(words[i] ?? '') &&
      /^(svp|stp|merci|please|pls|[\n,;.!?])?$/.test(words[i + 1] ?? '')
    )
      continue;
    const n = readNumber(words, i);
    if (!n) continue;
    // "sandales homme 41 x1": the number before "x N" is a size, "x N" the quantity.
    if (words[i + n.length] === 'x' && /^\d+$/.test(words[i + n.length + 1] ?? '')) {
      inNumber.add(i);
      continue;
    }
    const before = words[i - 1] ?? '';
    const next = words[i + n.length] ?? '';
    const size =
      isMeasure(next) ||
      (NOT_QUANTITY_AFTER.has(before) &&
        before !== 'x' &&
        !n.weak &&
        // "order 1042" is a number, "could I order three" a count.
        !(/^(commande|order)$/.test(before) && !/^\d{3,}$/.test(words[i] ?? '')) &&
        !/^(douzaine|dozen|demi|half)$/.test(words[i] ?? '')) ||
      // "the sandals in 41", "je la veux en 38": a size.
      (/^(in|en)$/.test(before) &&
        /^\d+$/.test(words[i] ?? '') &&
        n.value >= 30 &&
        n.value <= 56) ||
      // "une paire 40", "benn paire 43": the container was counted already, this is its size.
      (/^\d+$/.test(words[i] ?? '') && COUNTERS.has(before) && readNumber(words, i - 2) !== null) ||
      // "je prends le 50" (the 50 ml), "le 6" (a date), "la 38": a name, not a count.
      (/^(le|la)$/.test(before) && /^\d+$/.test(words[i] ?? ''));
    for (let k = i; k < i + n.length; k++) inNumber.add(k);
    if (size) {
      if (isMeasure(next)) {
        inNumber.add(i + n.length);
        measured.set(i, { value: n.value, unit: next });
      }
      i += n.length - 1;
      continue;
    }
    numbers.set(i, n);
    i += n.length - 1;
  }
  return { numbers, inNumber, measured };
}

/** Measures in one unit: grams, millilitres, yards, metres. */
const IN_BASE: Record<string, [string, number]> = {
  g: ['g', 1],
  gr: ['g', 1],
  kg: ['g', 1000],
  kilo: ['g', 1000],
  ml: ['ml', 1],
  cl: ['ml', 10],
  l: ['ml', 1000],
  litre: ['ml', 1000],
  liter: ['ml', 1000],
  yard: ['yard', 1],
  yd: ['yard', 1],
  m: ['m', 1],
  metre: ['m', 1],
  meter: ['m', 1],
};

/**
 * How many of a product sold by a measure ("Attiéké sachet 1 kg") a measured amount makes
 * ("3 kg" → 3), when it is a whole number of them; null otherwise (a size, not a count).
 */
export function countInMeasure(product: CatalogItem, size: { value: number; unit: string }) {
  const said = IN_BASE[size.unit];
  const name = normalize(product.name).match(/(\d+) ?([a-z]+)/g) ?? [];
  for (const part of name) {
    const [, value, unit] = /(\d+) ?([a-z]+)/.exec(part) ?? [];
    const sold = IN_BASE[stem(unit ?? '')];
    if (!said || !sold || said[0] !== sold[0] || !value) continue;
    const count = (size.value * said[1]) / (Number(value) * sold[1]);
    if (Number.isInteger(count) && count >= 1) return count;
  }
  return null;
}
