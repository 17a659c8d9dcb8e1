// The local analyzer's catalog matching: which products a customer's words name (rarer words
// weigh more, French and English shop words meet), and the quantity asked of each, in digits or
// words, with measures, sizes and containers told apart from quantities.
import type { CatalogItem } from '../output';
import { normalize, stem } from './text';

const STOPWORDS = new Set(
  (
    'de du des d la le les l un une en et a au aux pour avec sans mon ma mes ton ta tes son sa ses ' +
    'ce cet cette the of and an to for with my in on s svp stp pls please merci moi me je j il'
  ).split(' '),
);

/** Measures whose numbers are not quantities ("500 g", "3 yards", "3 m"). */
const UNITS = new Set(['g', 'kg', 'm', 'cm', 'ml', 'l', 'yard', 'yards', 'h', 'mn', 'min']);
/** Words after which a number is not a quantity ("taille 43", "rue 22", "n° 1042"). */
const NOT_QUANTITY_AFTER = new Set([
  'taille',
  'pointure',
  'size',
  'rue',
  'villa',
  'n',
  'no',
  'numero',
  'number',
  'unite',
  'lot',
  'appartement',
  'apt',
]);
/** Containers counted, not sold: "2 paires de …", "3 sachets d'…", "4 packs of …". */
const COUNTERS = new Set([
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
]);
const NUMBER_WORDS: Record<string, number> = {
  un: 1,
  une: 1,
  a: 1,
  an: 1,
  one: 1,
  deux: 2,
  two: 2,
  trois: 3,
  three: 3,
  quatre: 4,
  four: 4,
  cinq: 5,
  five: 5,
  six: 6,
  sept: 7,
  seven: 7,
  huit: 8,
  eight: 8,
  neuf: 9,
  nine: 9,
  dix: 10,
  ten: 10,
  douze: 12,
  douzaine: 12,
  dozen: 12,
};
/** Shop words in French and English (stems), so an English customer finds a French catalog. */
const SYNONYMS: [string, string][] = [
  ['savon', 'soap'],
  ['noir', 'black'],
  ['beurre', 'butter'],
  ['karite', 'shea'],
  ['collier', 'necklace'],
  ['perle', 'pearl'],
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
];

interface Token {
  word: string;
  index: number;
}

function tokenize(normalized: string): Token[] {
  const words = normalized.match(/[a-z0-9]+|[\n?,;.!:+]/g) ?? [];
  return words.map((word, index) => ({
    word: /^[a-z]+$/.test(word) && !(word in NUMBER_WORDS) ? stem(word) : word,
    index,
  }));
}

const SEPARATORS = new Set(['\n', ',', ';', '.', '!', '?', ':', '+', 'et', 'and', 'ou', 'or']);

interface Vocabulary {
  /** stem → products whose name has it (directly or through a synonym), with the word's weight. */
  words: Map<string, Set<CatalogItem>>;
  /** A product's first two name words (and their synonyms): enough, alone, to name it. */
  heads: Map<CatalogItem, Set<string>>;
  weight: (word: string) => number;
}

export function buildVocabulary(catalog: CatalogItem[]): Vocabulary {
  const words = new Map<string, Set<CatalogItem>>();
  const heads = new Map<CatalogItem, Set<string>>();
  const add = (word: string, product: CatalogItem, head: boolean) => {
    const set = words.get(word) ?? new Set<CatalogItem>();
    set.add(product);
    words.set(word, set);
    if (head) heads.get(product)?.add(word);
  };
  for (const product of catalog) {
    heads.set(product, new Set());
    let position = 0;
    for (const token of tokenize(normalize(product.name))) {
      const word = token.word;
      if (STOPWORDS.has(word) || UNITS.has(word) || /^\d+$/.test(word) || word.length < 2) continue;
      const head = position < 2;
      position += 1;
      add(word, product, head);
      for (const [fr, en] of SYNONYMS) {
        if (word === fr) add(en, product, head);
        if (word === en) add(fr, product, head);
      }
    }
  }
  const total = Math.max(1, catalog.length);
  return {
    words,
    heads,
    weight: (word) => Math.log(1 + total / (words.get(word)?.size ?? total)),
  };
}

interface Mention {
  product: CatalogItem;
  /** The catalog words it was named with. */
  named: string[];
  start: number;
  end: number;
  score: number;
  quantity: number | null;
}

function quantityAt(tokens: Token[], i: number): number | null {
  const token = tokens[i];
  if (!token) return null;
  const before = tokens[i - 1]?.word;
  if (before && NOT_QUANTITY_AFTER.has(before)) return null;
  const after = tokens[i + 1]?.word;
  if (/^\d+$/.test(token.word)) {
    if (after && UNITS.has(after)) return null;
    const n = Number(token.word);
    return n >= 1 && n <= 1000 ? n : null;
  }
  return NUMBER_WORDS[token.word] ?? null;
}

/** The catalog products a text names, each with the quantity asked (null: not said). */
export function findProducts(
  text: string,
  catalog: CatalogItem[],
  vocabulary = buildVocabulary(catalog),
) {
  const tokens = tokenize(normalize(text));
  const isCounter = (i: number) =>
    COUNTERS.has(tokens[i]?.word ?? '') && ['de', 'd', 'of'].includes(tokens[i + 1]?.word ?? '');
  const isVocab = (i: number) => !isCounter(i) && vocabulary.words.has(tokens[i]?.word ?? '');

  // Runs of catalog words (stopwords and counters may sit inside), each naming one product.
  const mentions: Mention[] = [];
  let i = 0;
  while (i < tokens.length) {
    if (!isVocab(i)) {
      i += 1;
      continue;
    }
    const start = i;
    let end = i;
    let j = i + 1;
    while (j < tokens.length) {
      const word = tokens[j]?.word ?? '';
      if (isVocab(j)) end = j;
      else if (!(STOPWORDS.has(word) || isCounter(j)) || SEPARATORS.has(word)) break;
      if (j - end > 2) break;
      j += 1;
    }
    // "2 pieces" alone names a counter, not the product that has "pièce" in its name.
    const named = tokens.slice(start, end + 1).filter((_, k) => isVocab(start + k));
    if (named.every((token) => COUNTERS.has(token.word))) {
      i = end + 1;
      continue;
    }
    const scores = new Map<CatalogItem, number>();
    const seen = new Set<string>();
    for (let k = start; k <= end; k++) {
      const word = tokens[k]?.word ?? '';
      if (!isVocab(k) || seen.has(word)) continue;
      seen.add(word);
      for (const product of vocabulary.words.get(word) ?? []) {
        scores.set(product, (scores.get(product) ?? 0) + vocabulary.weight(word));
      }
    }
    const ranked = [...scores.entries()].sort(
      ([a, x], [b, y]) =>
        y - x ||
        Number(b.active) - Number(a.active) ||
        Number(b.stock > 0) - Number(a.stock > 0) ||
        a.name.length - b.name.length,
    );
    const best = ranked[0];
    if (best && best[1] >= 1) {
      mentions.push({
        product: best[0],
        named: [...seen],
        start,
        end,
        score: best[1],
        quantity: null,
      });
    }
    i = end + 1;
  }

  // Quantities: the nearest number before the mention (up to 4 words, within its item), else
  // the first one after it ("le wax jaune ? j'en prends 2").
  mentions.forEach((mention, m) => {
    const floor = m > 0 ? (mentions[m - 1]?.end ?? -1) : -1;
    for (let k = mention.start - 1; k > floor && k >= mention.start - 4; k--) {
      const word = tokens[k]?.word ?? '';
      if (SEPARATORS.has(word) && word !== ':') break;
      const n = quantityAt(tokens, k);
      if (n !== null) {
        mention.quantity = n;
        return;
      }
    }
    const ceiling = mentions[m + 1]?.start ?? tokens.length;
    for (let k = mention.end + 1; k < ceiling && k <= mention.end + 6; k++) {
      const word = tokens[k]?.word ?? '';
      if (word === 'et' || word === 'and') break;
      if (/^\d+$/.test(word) || (NUMBER_WORDS[word] ?? 0) > 1) {
        const n = quantityAt(tokens, k);
        if (n !== null) {
          mention.quantity = n;
          return;
        }
      }
    }
  });

  // A product named twice is one line; an explicit quantity wins over none. One word that is
  // not the start of the product's name, without a quantity ("cadeaux de mariage", "voir
  // quelques modèles"), names nothing.
  const lines = new Map<CatalogItem, { quantity: number | null; score: number }>();
  for (const mention of mentions) {
    const [only] = mention.named;
    if (
      mention.named.length === 1 &&
      mention.quantity === null &&
      only &&
      !vocabulary.heads.get(mention.product)?.has(only)
    ) {
      continue;
    }
    const line = lines.get(mention.product);
    if (!line) lines.set(mention.product, { quantity: mention.quantity, score: mention.score });
    else {
      line.quantity = mention.quantity ?? line.quantity;
      line.score = Math.max(line.score, mention.score);
    }
  }
  return [...lines.entries()].map(([product, line]) => ({ product, ...line }));
}
