// The shapes the catalog matching works with: the vocabulary a catalog gives, and a product
// found in a customer's words.
import type { CatalogItem } from '../output';

export type Source = 'name' | 'synonym' | 'description';

export interface Vocabulary {
  /** stem → products it names, with the best source it names them by. */
  words: Map<string, Map<CatalogItem, Source>>;
  /** A product's first two name words (and their synonyms): enough, alone, to name it. */
  heads: Map<CatalogItem, Set<string>>;
  weight: (word: string, product: CatalogItem) => number;
  /** Typo lookups already made: a word → the vocabulary word it is a typo of, or null. */
  typos: Map<string, string | null>;
}

export interface Match {
  product: CatalogItem;
  /** null: not said. */
  quantity: number | null;
  /** Said with an article only ("une robe"): one, unless said otherwise. */
  weakQuantity: boolean;
  score: number;
  /** Found through a typo or a description only. */
  loose: boolean;
  /** Other products the words fit as well: ask which. */
  alternatives: CatalogItem[];
  start: number;
  end: number;
  /** Which message of the turn (line) it was found in. */
  message: number;
  /** How far ahead of the next product the words put it (1: no other product fits at all). */
  margin?: number;
  /** The token the quantity was read from (one number is not counted for two mentions). */
  quantityAt?: number;
  /** The count was said away from the product's words (the only number of the turn). */
  countElsewhere?: boolean;
}
