// The local analyzer's catalog matching: which products a customer's words name and how many of
// each. Names weigh most (rarer words more), then the merchant's synonyms, then descriptions; a
// few French↔English shop words meet; a one-letter typo still finds a word, but less surely.
// When the words fit two products equally ("une robe pagne" with a red and a green one in stock),
// the match is unsure and lists both: the reply asks which, it does not guess.
// Over 400 lines on purpose: the vocabulary (stop words, counters, word forms) and the scoring that
// uses it are tuned together, against the evaluation set (`pnpm eval:ai`).
import type { CatalogItem } from '../output';
import { countInMeasure, readCounts } from './counts';
import type { Match, Source, Vocabulary } from './match';
import { isMeasure, isNumberWord, type ReadNumber } from './numbers';
import { COUNTERS, FORMS, QUALIFIERS, STOPWORDS, SYNONYMS } from './shop-words';
import { normalize, stem, withinEdits } from './text';
import { chooseAmongTies } from './ties';

export type { Match, Vocabulary } from './match';

export { COUNTERS, STOPWORDS } from './shop-words';

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
  // "le boubou femme brodé avec un collier de perles": two products.
  'avec',
  'with',
]);

/** Words that take back what was just said: the count after them replaces the one before. */
const CORRECTS = new Set([
  'non',
  'no',
  'attends',
  'wait',
  'pardon',
  'sorry',
  'plutot',
  'deedeet',
  'dedet',
]);

const SOURCE_WEIGHT: Record<Source, number> = { name: 1, synonym: 0.9, description: 0.4 };

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
      /^\d|^(un|une|a|one)$/.test(words[i - 1] ?? '') ||
      isNumberWord(words[i - 1] ?? ''));
  // "avec l'argent", "mon argent": money, not silver.
  const isMoney = (i: number) =>
    words[i] === 'argent' && /^(l|mon|ton|son|votre|notre|leur|sans)$/.test(words[i - 1] ?? '');
  const resolved = tokens.map((t, i) =>
    isCounter(i) || STOPWORDS.has(t.word) || isMoney(i)
      ? null
      : resolve(vocabulary, t.word, common),
  );
  const isVocab = (i: number) => resolved[i] !== null && resolved[i] !== undefined;
  const { numbers, inNumber, measured } = readCounts(words);
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
    // The products the words so far can name: past a stopword ("karité pour ma grand-mère"), a
    // word that names none of them starts another mention.
    const productsOf = (k: number) =>
      new Set(vocabulary.words.get(resolved[k]?.word ?? '')?.keys() ?? []);
    let fitting = productsOf(i);
    while (j < tokens.length) {
      const word = words[j] ?? '';
      if (isVocab(j) && !inNumber.has(j)) {
        const its = productsOf(j);
        const shared = new Set([...fitting].filter((p) => its.has(p)));
        if (j > end + 1 && !shared.size) break;
        fitting = shared.size ? shared : its;
        end = j;
      } else if (SEPARATORS.has(word)) break;
      // One word the catalog does not know between two it does ("premium Dutch wax"): the same
      // product's words.
      else if (
        end === j - 1 &&
        isVocab(j + 1) &&
        !inNumber.has(j + 1) &&
        /^[a-z]{3,}$/.test(word)
      ) {
        j += 1;
        continue;
      } else if (!(STOPWORDS.has(word) || /^[a-z]$/.test(word) || isCounter(j) || inNumber.has(j)))
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
    // "a dozen incense bags", "hibiscus bags": a container said with the product's word is how it
    // comes; of equal fits, a product only the container names (a "bag" the shop sells) is out.
    const byOther = new Set<CatalogItem>();
    for (const word of named) {
      if (COUNTERS.has(word)) continue;
      for (const [product, source] of vocabulary.words.get(word) ?? [])
        if (source !== 'description') byOther.add(product);
    }
    for (const word of named) {
      for (const [product, source] of vocabulary.words.get(word) ?? []) {
        scores.set(product, (scores.get(product) ?? 0) + vocabulary.weight(word, product));
        if (source !== 'description') byName.set(product, true);
      }
    }
    const fits = [...scores.entries()].filter(([p]) => byName.get(p));
    // A product is named by its noun ("cap", "savon"); a word further in its name ("black",
    // "noir") only chooses among those: "the black cap" is the cap, not the black tee.
    const headed = fits.filter(([p]) => named.some((w) => vocabulary.heads.get(p)?.has(w)));
    const ranked = (headed.length ? headed : fits).sort(([, x], [, y]) => y - x);
    const best = ranked[0];
    if (best && best[1] >= 0.6) {
      const equal = ranked.filter(([, s]) => s >= best[1] - 1e-6).map(([p]) => p);
      const byWords = equal.filter((p) => byOther.has(p));
      const ties = byWords.length ? byWords : equal;
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

  /** Named by one word further in its name ("mariage", "Kaolack"), not by its noun. */
  const isLone = (mention: Mention) => {
    const naming = mention.named.filter((w) => {
      const source = vocabulary.words.get(w)?.get(mention.product);
      return source === 'name' || source === 'synonym';
    });
    const [first, ...more] = naming;
    return (
      !more.length && first !== undefined && !vocabulary.heads.get(mention.product)?.has(first)
    );
  };

  // Quantities: the nearest number before the mention (up to 5 words, within its item), else
  // the first one after it ("le wax jaune ? j'en prends 2", "bissap x 3").
  mentions.forEach((mention, m) => {
    const floor = m > 0 ? (mentions[m - 1]?.end ?? -1) : -1;
    for (let k = mention.start - 1; k > floor && k >= mention.start - 5; k--) {
      const word = words[k] ?? '';
      // Inside a number ("fukk ak juróom": ten and five) a separator word is the number's.
      if (inNumber.has(k) && !numbers.has(k)) continue;
      if (SEPARATORS.has(word) && word !== ':') break;
      const n = numbers.get(k);
      // An article counts only right before the words ("une robe", "a bag"): "à la boutique" is no 1.
      if (n?.weak && k < mention.start - 2) continue;
      // One number counts one product: "wax hollandais bi ñaar laa bëgg ngir mariage".
      if (n && mentions.slice(0, m).some((p) => p.quantityAt === k)) break;
      if (n) {
        mention.quantity = n.value;
        mention.weakQuantity = n.weak;
        mention.quantityAt = k;
        return;
      }
    }
    const ceiling = mentions[m + 1]?.start ?? tokens.length;
    // One word further in a product's name ("mariage", "Kaolack") takes no count said after it
    // when the count is of something else: "pour le mariage, il me faut une demi-douzaine de
    // paniers", "on sera 10 demoiselles"; "les jaunes, deux" is its count.
    const lone = isLone(mention);
    const countsOther = (k: number, n: ReadNumber) => {
      let after = k + n.length;
      while (COUNTERS.has(words[after] ?? '') || /^(de|d|of)$/.test(words[after] ?? '')) after++;
      // "retirez le karité, remplacez par 2 bissap": the next product's count.
      if (mentions[m + 1] && after === ceiling) return true;
      if (!lone) return false;
      const then = words[after];
      return then !== undefined && /^[a-z]/.test(then) && !STOPWORDS.has(then) && !common.has(then);
    };
    for (let k = mention.end + 1; k < ceiling && k <= mention.end + 8; k++) {
      const word = words[k] ?? '';
      if (word === 'et' || word === 'and' || word === '\n' || word === '+') break;
      const n = numbers.get(k);
      if (n && !n.weak && !countsOther(k, n)) {
        mention.quantity = n.value;
        mention.quantityAt = k;
        return;
      }
    }
    // "3 kg d'attiéké" of a 1 kg sachet, "12 yards of indigo wax" of 6-yard pieces: so many.
    for (const [k, size] of measured) {
      if (k < floor || k < mention.start - 5 || k > mention.end + 3 || k >= ceiling) continue;
      const count = countInMeasure(mention.product, size);
      if (count) {
        mention.quantity = count;
        mention.quantityAt = k;
        return;
      }
    }
  });

  // "cinq sacs … non attends euh huit", "3 soaps, no wait, 4": the count said again after a
  // word that takes back the first is the one meant.
  for (const [k, n] of numbers) {
    if (n.weak || mentions.some((m) => m.quantityAt === k || m.start > k)) continue;
    if (!words.slice(Math.max(0, k - 4), k).some((w) => CORRECTS.has(w))) continue;
    const said = mentions.findLast((m) => m.end < k && m.quantity !== null && !m.weakQuantity);
    if (said && said.message === messageOf[k]) {
      said.quantity = n.value;
      said.quantityAt = k;
    }
  }

  // "ñaar ñaar", "benn benn", "deux-deux", "two each", "un de chaque": so many of each product
  // said before it in the message.
  for (const [k, n] of numbers) {
    if (n.weak) continue;
    const then = k + n.length;
    const again = numbers.get(then);
    const each =
      (again !== undefined && again.value === n.value) ||
      /^(each|chacun|chacune|chaque)$/.test(words[then] ?? '') ||
      (words[then] === 'de' && words[then + 1] === 'chaque');
    if (!each) continue;
    for (const mention of mentions) {
      if (mention.message !== messageOf[k] || mention.start > k) continue;
      if (mention.quantity !== null && !mention.weakQuantity && mention.quantityAt !== then)
        continue;
      mention.quantity = n.value;
      mention.weakQuantity = false;
      mention.quantityAt = k;
    }
  }

  // One product and no quantity by it, but one number said elsewhere in the turn ("the black
  // soap, the artisanal one, I want like five of them, five"; "le boubou … ça fait deux"): that one.
  const [single] = mentions;
  if (
    single &&
    !isLone(single) &&
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
        mention.countElsewhere = true;
      }
    }
  }

  // A product named twice in one message is one line with the quantities added ("1 savon + 1
  // savon"); repeated in another message it is the same line said again (the larger quantity).
  // One word that is not the start of the product's name, without a quantity ("cadeaux de
  // mariage"), names nothing.
  const lines = new Map<CatalogItem, Mention>();
  const chosen = chooseAmongTies(mentions, words, numbers, vocabulary);
  chosen.forEach((mention, m) => {
    // Only the words that name this product by its name or synonyms count here.
    const naming = mention.named.filter((w) => {
      const source = vocabulary.words.get(w)?.get(mention.product);
      return source === 'name' || source === 'synonym';
    });
    const [only] = naming;
    // "un tee-shirt noir et un blanc": the word names a variant of the product just said.
    const previous = chosen[m - 1];
    const variant =
      mention.quantity !== null &&
      previous !== undefined &&
      previous.message === mention.message &&
      previous.product !== mention.product &&
      [...(vocabulary.heads.get(previous.product) ?? [])].some((w) =>
        vocabulary.heads.get(mention.product)?.has(w),
      );
    const uncounted = mention.quantity === null || mention.weakQuantity;
    if (
      naming.length === 1 &&
      uncounted &&
      only &&
      (!vocabulary.heads.get(mention.product)?.has(only) || QUALIFIERS.has(only)) &&
      !variant
    ) {
      return;
    }
    // A word the catalog knows only as a typo ("salon" for "savon", "travail"), alone and
    // uncounted beside products named outright: a word of the sentence, not a product.
    if (
      mention.loose &&
      mention.named.length === 1 &&
      uncounted &&
      chosen.some((other) => !other.loose && other.product !== mention.product)
    ) {
      return;
    }
    const line = lines.get(mention.product);
    if (!line) {
      lines.set(mention.product, { ...mention });
      return;
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
  });
  return [...lines.values()].map(({ named: _named, ...match }) => match);
}
