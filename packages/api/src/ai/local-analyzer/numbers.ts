// Quantities in customers' words: digits, number words in French, English and Wolof ("vingt-cinq",
// "twenty five", "ñetti", "juróom benn"), dozens ("une demi-douzaine", "half a dozen", "2
// douzaines"), with sizes and measures told apart ("20 pouces", "250 ml", "6 yards", "taille 43").

const UNITS: Record<string, number> = {
  un: 1,
  une: 1,
  one: 1,
  a: 1,
  an: 1,
  benn: 1,
  deux: 2,
  two: 2,
  naar: 2,
  naari: 2,
  // Wolof as typed with French letters: "gnaari", "niari", "nietti", "nienti".
  gnaar: 2,
  gnaari: 2,
  niaar: 2,
  niari: 2,
  niaari: 2,
  couple: 2,
  trois: 3,
  three: 3,
  nett: 3,
  netti: 3,
  gnett: 3,
  gnetti: 3,
  niett: 3,
  nietti: 3,
  quatre: 4,
  four: 4,
  neent: 4,
  neenti: 4,
  gneent: 4,
  gneenti: 4,
  nient: 4,
  nienti: 4,
  nieent: 4,
  nieenti: 4,
  cinq: 5,
  five: 5,
  juroom: 5,
  juroomi: 5,
  six: 6,
  sept: 7,
  seven: 7,
  huit: 8,
  eight: 8,
  neuf: 9,
  nine: 9,
  dix: 10,
  ten: 10,
  fukk: 10,
  fukki: 10,
  onze: 11,
  eleven: 11,
  douze: 12,
  twelve: 12,
  treize: 13,
  thirteen: 13,
  quatorze: 14,
  fourteen: 14,
  quinze: 15,
  fifteen: 15,
  seize: 16,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  vingt: 20,
  twenty: 20,
  trente: 30,
  thirty: 30,
  // Wolof "fanweer" (a month's days).
  fanweer: 30,
  quarante: 40,
  forty: 40,
  cinquante: 50,
  fifty: 50,
  soixante: 60,
  sixty: 60,
  seventy: 70,
  septante: 70,
  eighty: 80,
  huitante: 80,
  ninety: 90,
  nonante: 90,
};
/** Words that multiply what comes before them: "deux mille", "five hundred", Wolof "ñaar fukk". */
const MULTIPLIERS: Record<string, number> = {
  cent: 100,
  hundred: 100,
  teemeer: 100,
  mille: 1000,
  thousand: 1000,
  junni: 1000,
};
const APPROXIMATE: Record<string, number> = {
  dizaine: 10,
  quinzaine: 15,
  vingtaine: 20,
  trentaine: 30,
  cinquantaine: 50,
  centaine: 100,
};
/** Words the number reader reads besides numbers ("une demi-douzaine", "un seul"). */
export const NUMBER_HELPERS = new Set([
  'douzaine',
  'dozen',
  'demi',
  'half',
  'seul',
  'seule',
  'single',
  'couple',
  'dizaine',
  'quinzaine',
  'vingtaine',
  'trentaine',
  'cinquantaine',
  'centaine',
]);
/** Words that read as "1" only weakly: an article ("a bag", "une robe"). */
const ARTICLES = new Set(['un', 'une', 'a', 'an']);

/** Measures whose numbers are sizes, not quantities. */
export const MEASURES = new Set([
  'g',
  'gr',
  'kg',
  'm',
  'cm',
  'mm',
  'ml',
  'cl',
  'l',
  'litre',
  'liter',
  'yard',
  'yd',
  'pouce',
  'inch',
  'inche',
  'in',
  'h',
  'heure',
  'hour',
  'mn',
  'min',
  'minute',
  'jour',
  'day',
  'semaine',
  'week',
  'moi',
  'month',
  'an',
  'ans',
  'year',
  'f',
  'fr',
  'fcfa',
  'cfa',
  'xof',
  'franc',
  'euro',
  'eur',
  '%',
  'pourcent',
  'percent',
  'metre',
  'meter',
  'k',
  // "2nd floor", "3ème étage" (text.ts writes every ordinal so).
  'eme',
  // "en 3XL", "taille 2XL": a garment size.
  'xl',
  'xxl',
  'xs',
]);
/** Words after which a number is not a quantity ("taille 43", "rue 22", "n° 1042"). */
export const NOT_QUANTITY_AFTER = new Set([
  'taille',
  'pointure',
  'size',
  'rue',
  'villa',
  'n',
  'no',
  'numero',
  'number',
  'appartement',
  'apt',
  'commande',
  'order',
  'cite',
  'lot',
  'porte',
  'tranche',
  'sicap',
  'hlm',
  'zone',
  'secteur',
  'quartier',
  'immeuble',
  // "Parcelles Unité 14": a place; "14 unités" is still a count.
  'unite',
  'than',
  'que',
]);

export interface ReadNumber {
  value: number;
  /** How many tokens it took. */
  length: number;
  /** An article or "a"/"an": a quantity of one only if nothing better is said. */
  weak: boolean;
}

/** The number starting at token i, if any (measures excluded: the caller checks what follows). */
export function readNumber(words: string[], i: number): ReadNumber | null {
  const word = words[i] ?? '';
  const next = words[i + 1] ?? '';
  const after = words[i + 2] ?? '';
  // Dozens: "demi douzaine", "half a dozen", "half dozen", "une douzaine", "2 douzaines".
  if ((word === 'demi' || word === 'half') && /^(douzaine|dozen)$/.test(next))
    return { value: 6, length: 2, weak: false };
  if (word === 'half' && next === 'a' && after === 'dozen')
    return { value: 6, length: 3, weak: false };
  if (/^(douzaine|dozen)$/.test(word)) return { value: 12, length: 1, weak: false };
  // "une dizaine", "une vingtaine": about that many.
  const about = APPROXIMATE[word];
  if (about) return { value: about, length: 1, weak: false };
  // "un seul", "une seule", "a single": one, said firmly.
  if (/^(un|une|a|one)$/.test(word) && /^(seul|seule|single)$/.test(next))
    return { value: 1, length: 2, weak: false };
  let value: number | null = null;
  let length = 1;
  if (/^\d+$/.test(word)) {
    value = Number(word);
    // "2 mille", "5 hundred"
    const times = MULTIPLIERS[next];
    if (times && value < 1000) {
      value *= times;
      length = 2;
    }
  } else if (word === 'juroom' || word === 'juroomi') {
    // Wolof "juróom benn" (5 + 1), "juróom ñaari" (5 + 2), "juróom fukk" (50).
    value = 5;
    if (/^(benn|naar|naari|nett|netti|neent|neenti)$/.test(next)) {
      value = 5 + (UNITS[next] ?? 0);
      length = 2;
    }
    if (/^fukki?$/.test(words[i + length] ?? '')) {
      value *= 10;
      length += 1;
      // "juróom fukk ak ñaar" (52).
      const units = words[i + length] === 'ak' ? readNumber(words, i + length + 1) : null;
      if (units && units.value < 10 && !units.weak) {
        value += units.value;
        length += 1 + units.length;
      }
    }
  } else if ((word === 'fukk' || word === 'fukki') && next === 'ak') {
    // Wolof "fukk ak ñaar" (10 and 2), "fukk ak juróom" (10 and 5), "fukk ak juróom ñett" (18).
    const units = readNumber(words, i + 2);
    if (units && units.value < 10 && !units.weak) {
      value = 10 + units.value;
      length = 2 + units.length;
    } else value = 10;
  } else if (word in UNITS || word in TENS || word in MULTIPLIERS) {
    const read = readWords(words, i);
    if (read) ({ value, length } = read);
  }
  if (value === null || value < 1) return null;
  // "une douzaine", "2 douzaines", "a dozen"
  const then = words[i + length] ?? '';
  if (/^(douzaine|dozen)$/.test(then))
    return { value: value * 12, length: length + 1, weak: false };
  return { value, length, weak: length === 1 && ARTICLES.has(word) };
}

/**
 * Number words put together, French and English: "vingt et un", "dix-sept", "soixante-dix",
 * "quatre-vingt-dix", "deux mille cinq cents", "one thousand five hundred", Wolof "ñetti fukk".
 * Each word must be smaller than the one before unless it multiplies ("cinq six" is not eleven).
 */
function readWords(words: string[], i: number): { value: number; length: number } | null {
  let total = 0;
  let current = 0;
  // The largest value the next added word may have.
  let room = Number.POSITIVE_INFINITY;
  let k = i;
  let read = false;
  let joined = false;
  while (k < words.length) {
    const word = words[k] ?? '';
    const unit = UNITS[word];
    const ten = TENS[word];
    const times = MULTIPLIERS[word];
    if (unit !== undefined && unit < room && !(read && ARTICLES.has(word) && !joined)) {
      // "dix sept" → 17, "soixante dix" → 70, "quatre vingt dix neuf" → 99
      const then = UNITS[words[k + 1] ?? ''];
      if (unit === 10 && then !== undefined && then >= 7 && then <= 9 && word === 'dix') {
        current += 10 + then;
        k += 2;
      } else {
        current += unit;
        k += 1;
      }
      room = 0;
    } else if (word === 'vingt' && current % 100 === 4 && read) {
      // "quatre vingt": 80, and "quatre vingt dix": 90.
      current += 76;
      room = 20;
      k += 1;
    } else if ((word === 'fukk' || word === 'fukki') && read && current % 10 > 1) {
      // Wolof "ñetti fukk": 30.
      current = current - (current % 10) + (current % 10) * 10;
      room = 10;
      k += 1;
    } else if (ten !== undefined && ten < room && current % 100 === 0) {
      current += ten;
      room = ten === 60 ? 20 : 10;
      k += 1;
    } else if (times !== undefined && (times === 1000 ? current < 1000 : current % 100 < 100)) {
      if (times === 1000) {
        total += (current || 1) * 1000;
        current = 0;
        room = 1000;
      } else {
        current = (current % 100 || 1) * 100 + current - (current % 100);
        room = 100;
      }
      k += 1;
    } else if ((word === 'et' || word === 'and' || word === 'ak') && read && room >= 10) {
      // "vingt et un", "one hundred and five", Wolof "ñaar fukk ak juróom": only when a number
      // word follows.
      const then = words[k + 1] ?? '';
      const joins = then in TENS || (then in UNITS && (then === 'un' || !ARTICLES.has(then)));
      if (!joins) break;
      k += 1;
      joined = true;
      continue;
    } else break;
    read = true;
    joined = false;
  }
  if (!read) return null;
  return { value: total + current, length: k - i };
}

/** A number word, kept as written (no plural folding: "deux" is not "deu"). */
export function isNumberWord(word: string): boolean {
  return word in UNITS || word in TENS || word in MULTIPLIERS;
}

export function isMeasure(word: string | undefined): boolean {
  return word !== undefined && MEASURES.has(word);
}
