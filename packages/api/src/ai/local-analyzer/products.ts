// The local analyzer's catalog matching: which products a customer's words name and how many of
// each. Names weigh most (rarer words more), then the merchant's synonyms, then descriptions; a
// few French↔English shop words meet; a one-letter typo still finds a word, but less surely.
// When the words fit two products equally ("une robe pagne" with a red and a green one in stock),
// the match is unsure and lists both: the reply asks which, it does not guess.
// Over 400 lines on purpose: the vocabulary (stop words, counters, word forms) and the scoring that
// uses it are tuned together, against the evaluation set (`pnpm eval:ai`).
import type { CatalogItem } from '../output';
import { isMeasure, isNumberWord, NOT_QUANTITY_AFTER, readNumber } from './numbers';
import { normalize, stem, withinEdits } from './text';

export const STOPWORDS = new Set(
  (
    'de du des d la le les l un une en et a au aux pour avec sans mon ma mes ton ta tes son sa ses ' +
    'ce cet cette ces the of and an to for with my in on s svp stp pls please merci moi me je j il ' +
    'la bi yi gi ji li mi wi ak ci some your this that those these'
  ).split(' '),
);

/** Containers counted, not sold: "2 paires de …", "3 sachets d'…", "4 packs of …". */
export const COUNTERS = new Set([
  'paire',
  'pair',
  'sachet',
  'pack',
  'paquet',
  'bag',
  'piece',
  'boite',
  'box',
  'pot',
  'bouteille',
  'bottle',
  'unite',
  'unit',
  'lot',
  'jar',
  'pcs',
  'pc',
  'flacon',
  'kilo',
]);

/** Shop words in French and English (stems), so an English customer finds a French catalog. */
const SYNONYMS: [string, string][] = [
  ['savon', 'soap'],
  ['noir', 'black'],
  ['beurre', 'butter'],
  ['karite', 'shea'],
  ['collier', 'necklace'],
  ['perle', 'pearl'],
  ['perle', 'bead'],
  ['verre', 'glass'],
  ['argent', 'silver'],
  ['sac', 'bag'],
  ['panier', 'basket'],
  ['osier', 'wicker'],
  ['petit', 'small'],
  ['sandale', 'sandal'],
  ['homme', 'men'],
  ['homme', 'man'],
  ['femme', 'women'],
  ['femme', 'woman'],
  ['femme', 'ladie'],
  ['femme', 'jigeen'],
  ['homme', 'goor'],
  ['brode', 'embroidered'],
  ['encen', 'incense'],
  ['bleu', 'blue'],
  ['jaune', 'yellow'],
  ['vert', 'green'],
  ['rouge', 'red'],
  ['blanc', 'white'],
  ['demi', 'half'],
  ['teinte', 'dyed'],
  ['teint', 'dyed'],
  ['boucle', 'earring'],
  ['oreille', 'earring'],
  ['or', 'gold'],
  ['plaque', 'plated'],
  ['bissap', 'hibiscu'],
  ['cuir', 'leather'],
  ['robe', 'dress'],
  ['chaussure', 'shoe'],
  ['tissu', 'fabric'],
  ['huile', 'oil'],
  ['the', 'tea'],
  ['cafe', 'coffee'],
  ['miel', 'honey'],
  ['raphia', 'raffia'],
  ['tresse', 'woven'],
  ['babouche', 'slipper'],
  ['perruque', 'wig'],
  ['lisse', 'straight'],
  ['bouclee', 'curly'],
  ['bouclee', 'frisee'],
  ['bouclee', 'kinky'],
  ['parfum', 'perfume'],
  ['chapeau', 'hat'],
  ['casquette', 'cap'],
  ['plate', 'flat'],
  ['plat', 'flat'],
  ['coco', 'coconut'],
  ['bresilienne', 'brazilian'],
  ['bresilien', 'brazilian'],
  ['meche', 'weave'],
  ['jus', 'juice'],
  ['lait', 'milk'],
  ['corporel', 'body'],
  ['main', 'hand'],
  ['grand', 'big'],
  ['grand', 'large'],
];

/** Feminine and plural colour/adjective forms: "verte" → "vert", "blanche" → "blanc". */
const FORMS: Record<string, string> = {
  blanche: 'blanc',
  verte: 'vert',
  noire: 'noir',
  bleue: 'bleu',
  grande: 'grand',
  petite: 'petit',
  plate: 'plat',
};

/** A word as the catalog vocabulary stores it: singular, masculine ("vertes" → "vert"). */
export const wordForm = (word: string) => FORMS[stem(word)] ?? stem(word);

export interface Token {
  word: string;
  index: number;
}

export function tokenize(normalized: string): Token[] {
  const words = normalized.match(/[a-z0-9]+|[\n?,;.!:+%]/g) ?? [];
  return words.map((word, index) => {
    const stemmed = /^[a-z]+$/.test(word) && !isNumberWord(word) ? stem(word) : word;
    return { word: FORMS[stemmed] ?? stemmed, index };
  });
}

const SEPARATORS = new Set([
  '\n',
  ',',
  ';',
  '.',
  '!',
  '?',
  ':',
  '+',
  'et',
  'and',
  'ou',
  'or',
  'ak',
]);

type Source = 'name' | 'synonym' | 'description';
const SOURCE_WEIGHT: Record<Source, number> = { name: 1, synonym: 0.9, description: 0.4 };

interface Vocabulary {
  /** stem → products it names, with the best source it names them by. */
  words: Map<string, Map<CatalogItem, Source>>;
  /** A product's first two name words (and their synonyms): enough, alone, to name it. */
  heads: Map<CatalogItem, Set<string>>;
  weight: (word: string, product: CatalogItem) => number;
  /** Typo lookups already made: a word → the vocabulary word it is a typo of, or null. */
  typos: Map<string, string | null>;
}

const RANK: Record<Source, number> = { name: 3, synonym: 2, description: 1 };

export function buildVocabulary(catalog: CatalogItem[]): Vocabulary {
  const words = new Map<string, Map<CatalogItem, Source>>();
  const heads = new Map<CatalogItem, Set<string>>();
  const add = (word: string, product: CatalogItem, source: Source, head: boolean) => {
    const map = words.get(word) ?? new Map<CatalogItem, Source>();
    const before = map.get(product);
    if (!before || RANK[source] > RANK[before]) map.set(product, source);
    words.set(word, map);
    if (head) heads.get(product)?.add(word);
  };
  const addWithSynonyms = (word: string, product: CatalogItem, source: Source, head: boolean) => {
    add(word, product, source, head);
    for (const [fr, en] of SYNONYMS) {
      if (word === fr) add(en, product, source, head);
      if (word === en) add(fr, product, source, head);
    }
  };
  const usable = (word: string) =>
    !(STOPWORDS.has(word) || isMeasure(word) || /^\d+$/.test(word) || word.length < 2);
  for (const product of catalog) {
    heads.set(product, new Set());
    let position = 0;
    for (const { word } of tokenize(normalize(product.name))) {
      if (!usable(word)) continue;
      addWithSynonyms(word, product, 'name', position < 2);
      position += 1;
    }
    for (const synonym of product.synonyms ?? []) {
      const tokens = tokenize(normalize(synonym)).filter((t) => usable(t.word));
      // A one-word synonym names the product alone ("tee"); in "curly wig" only the whole does.
      for (const { word } of tokens) addWithSynonyms(word, product, 'synonym', tokens.length === 1);
    }
    for (const { word } of tokenize(normalize(product.description ?? ''))) {
      if (usable(word) && word.length >= 4 && !COUNTERS.has(word))
        add(word, product, 'description', false);
    }
  }
  const total = Math.max(1, catalog.length);
  return {
    words,
    heads,
    typos: new Map(),
    weight: (word, product) => {
      const map = words.get(word);
      const source = map?.get(product);
      if (!map || !source) return 0;
      return Math.log(1 + total / map.size) * SOURCE_WEIGHT[source];
    },
  };
}

const vocabularies = new WeakMap<CatalogItem[], ReturnType<typeof buildVocabulary>>();
/** One vocabulary per catalog read (the analysis and the guard read the same one). */
export function vocabularyOf(catalog: CatalogItem[]) {
  let vocabulary = vocabularies.get(catalog);
  if (!vocabulary) {
    vocabulary = buildVocabulary(catalog);
    vocabularies.set(catalog, vocabulary);
  }
  return vocabulary;
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
}

interface Mention extends Match {
  named: string[];
}

/** A word of the text as the vocabulary knows it: itself, or a one-letter typo of a name word. */
function resolve(
  vocabulary: Vocabulary,
  word: string,
  common: Set<string>,
): { word: string; typo: boolean } | null {
  if (vocabulary.words.has(word)) return { word, typo: false };
  if (word.length < 5 || common.has(word) || /\d/.test(word)) return null;
  const cached = vocabulary.typos.get(word);
  if (cached !== undefined) return cached === null ? null : { word: cached, typo: true };
  let found: string | null = null;
  for (const [known, products] of vocabulary.words) {
    if (known.length < 5) continue;
    if (![...products.values()].some((s) => s !== 'description')) continue;
    if (withinEdits(word, known, word.length >= 8 ? 2 : 1)) {
      found = known;
      break;
    }
  }
  vocabulary.typos.set(word, found);
  return found === null ? null : { word: found, typo: true };
}

/** The catalog products a text names, each with the quantity asked (null: not said). */
export function findProducts(
  text: string,
  catalog: CatalogItem[],
  vocabulary = buildVocabulary(catalog),
  common: Set<string> = new Set(),
): Match[] {
  const tokens = tokenize(normalize(text));
  const words = tokens.map((t) => t.word);
  const isCounter = (i: number) =>
    COUNTERS.has(words[i] ?? '') &&
    (['de', 'd', 'of'].includes(words[i + 1] ?? '') ||
      /^\d|^(un|une|a|one)$/.test(words[i - 1] ?? ''));
  const resolved = tokens.map((t, i) =>
    isCounter(i) || STOPWORDS.has(t.word) ? null : resolve(vocabulary, t.word, common),
  );
  const isVocab = (i: number) => resolved[i] !== null && resolved[i] !== undefined;
  // Numbers: where each starts, and which tokens are part of one or of a size ("20 pouces").
  const numbers = new Map<number, { value: number; weak: boolean; length: number }>();
  const inNumber = new Set<number>();
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
        !/^(douzaine|dozen|demi|half)$/.test(words[i] ?? ''));
    for (let k = i; k < i + n.length; k++) inNumber.add(k);
    if (size) {
      if (isMeasure(next)) inNumber.add(i + n.length);
      i += n.length - 1;
      continue;
    }
    numbers.set(i, n);
    i += n.length - 1;
  }
  let message = 0;
  const messageOf: number[] = words.map((w) => {
    const m = message;
    if (w === '\n') message += 1;
    return m;
  });

  const mentions: Mention[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isVocab(i) || inNumber.has(i)) {
      i += 1;
      continue;
    }
    const start = i;
    let end = i;
    let j = i + 1;
    while (j < tokens.length) {
      const word = words[j] ?? '';
      if (isVocab(j) && !inNumber.has(j)) end = j;
      else if (SEPARATORS.has(word)) break;
      else if (!(STOPWORDS.has(word) || /^[a-z]$/.test(word) || isCounter(j) || inNumber.has(j)))
        break;
      if (j - end > 3) break;
      j += 1;
    }
    const named: string[] = [];
    let typo = false;
    for (let k = start; k <= end; k++) {
      const r = resolved[k];
      if (!r || inNumber.has(k) || named.includes(r.word)) continue;
      named.push(r.word);
      typo ||= r.typo;
    }
    const scores = new Map<CatalogItem, number>();
    const byName = new Map<CatalogItem, boolean>();
    for (const word of named) {
      for (const [product, source] of vocabulary.words.get(word) ?? []) {
        scores.set(product, (scores.get(product) ?? 0) + vocabulary.weight(word, product));
        if (source !== 'description') byName.set(product, true);
      }
    }
    const ranked = [...scores.entries()]
      .filter(([p]) => byName.get(p))
      .sort(([, x], [, y]) => y - x);
    const best = ranked[0];
    if (best && best[1] >= 0.6) {
      const ties = ranked.filter(([, s]) => s >= best[1] - 1e-6).map(([p]) => p);
      // Of equal fits, those that can be sold are what the customer means.
      const sellable = ties.filter((p) => p.active && p.stock > 0);
      const pool = sellable.length ? sellable : ties;
      const [product, ...alternatives] = pool;
      if (product) {
        mentions.push({
          product,
          named,
          start,
          end,
          score: best[1],
          quantity: null,
          weakQuantity: false,
          loose: typo,
          alternatives,
          message: messageOf[start] ?? 0,
          margin: 1 - (ranked.find(([p]) => !ties.includes(p))?.[1] ?? 0) / best[1],
        });
      }
    }
    i = end + 1;
  }

  // Quantities: the nearest number before the mention (up to 5 words, within its item), else
  // the first one after it ("le wax jaune ? j'en prends 2", "bissap x 3").
  mentions.forEach((mention, m) => {
    const floor = m > 0 ? (mentions[m - 1]?.end ?? -1) : -1;
    for (let k = mention.start - 1; k > floor && k >= mention.start - 5; k--) {
      const word = words[k] ?? '';
      if (SEPARATORS.has(word) && word !== ':') break;
      const n = numbers.get(k);
      // An article counts only right before the words ("une robe", "a bag"): "à la boutique" is no 1.
      if (n?.weak && k < mention.start - 2) continue;
      if (n) {
        mention.quantity = n.value;
        mention.weakQuantity = n.weak;
        mention.quantityAt = k;
        return;
      }
    }
    const ceiling = mentions[m + 1]?.start ?? tokens.length;
    for (let k = mention.end + 1; k < ceiling && k <= mention.end + 8; k++) {
      const word = words[k] ?? '';
      if (word === 'et' || word === 'and' || word === '\n' || word === '+') break;
      const n = numbers.get(k);
      if (n && !n.weak) {
        mention.quantity = n.value;
        mention.quantityAt = k;
        return;
      }
    }
  });

  // One product and no quantity by it, but one number said elsewhere in the turn ("the black
  // soap, the artisanal one, I want like five of them, five"; "le boubou … ça fait deux"): that one.
  const [single] = mentions;
  if (
    single &&
    mentions.every((m) => m.product === single.product) &&
    (single.quantity === null || single.weakQuantity)
  ) {
    const strong = [...numbers.entries()].filter(([, n]) => !n.weak);
    // "ça fait deux", "donc 3 en tout", "that makes 4": the total said wins.
    const total = strong.find(
      ([k, n]) =>
        /^(fait|donc|total|makes|tout)$/.test(words[k - 1] ?? '') &&
        !isMeasure(words[k + n.length]),
    );
    const said = new Set(strong.map(([, n]) => n.value));
    const chosen = total ?? (said.size === 1 ? strong[0] : undefined);
    if (chosen) {
      for (const mention of mentions) {
        mention.quantity = chosen[1].value;
        mention.weakQuantity = false;
        mention.quantityAt = chosen[0];
      }
    }
  }

  // A product named twice in one message is one line with the quantities added ("1 savon + 1
  // savon"); repeated in another message it is the same line said again (the larger quantity).
  // One word that is not the start of the product's name, without a quantity ("cadeaux de
  // mariage"), names nothing.
  const lines = new Map<CatalogItem, Mention>();
  for (const mention of mentions) {
    // Only the words that name this product by its name or synonyms count here.
    const naming = mention.named.filter((w) => {
      const source = vocabulary.words.get(w)?.get(mention.product);
      return source === 'name' || source === 'synonym';
    });
    const [only] = naming;
    if (
      naming.length === 1 &&
      (mention.quantity === null || mention.weakQuantity) &&
      only &&
      !vocabulary.heads.get(mention.product)?.has(only)
    ) {
      continue;
    }
    const line = lines.get(mention.product);
    if (!line) {
      lines.set(mention.product, { ...mention });
      continue;
    }
    if (mention.quantityAt !== undefined && mention.quantityAt === line.quantityAt) {
      // The same number read for both mentions ("the black soap, the artisanal one … five").
    } else if (mention.quantity !== null && line.quantity !== null && !line.weakQuantity) {
      line.quantity =
        mention.message === line.message
          ? line.quantity + mention.quantity
          : Math.max(line.quantity, mention.quantity);
    } else if (mention.quantity !== null) {
      line.quantity = mention.quantity;
      line.weakQuantity = mention.weakQuantity;
    }
    line.score = Math.max(line.score, mention.score);
    line.alternatives = line.alternatives.length ? mention.alternatives : line.alternatives;
    line.end = mention.end;
  }
  return [...lines.values()].map(({ named: _named, ...match }) => match);
}
