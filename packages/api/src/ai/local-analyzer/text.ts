// The local analyzer's reading of text: accents, case and punctuation folded away, plurals
// reduced, so a customer's words meet the catalog's.

/** Lower case, no accents, apostrophes and punctuation as spaces, digits split from letters. */
export function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, ' ')
    .replace(/([a-z])-(?=[a-z])/g, '$1 ')
    .replace(/(\d)([a-z])/g, '$1 $2')
    .replace(/([a-z])(\d)/g, '$1 $2')
    .replace(/[^a-z0-9\n?,;.!:+-]+/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

/** Singular, roughly: "pagnes" → "pagne", "bijoux" → "bijou", "butters" → "butter". */
export function stem(word: string): string {
  if (word.length > 3 && /[sx]$/.test(word) && !/ss$/.test(word)) return word.slice(0, -1);
  return word;
}
