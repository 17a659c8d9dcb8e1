// The local analyzer's reading of text: accents, case and punctuation folded away, plurals
// reduced, so a customer's words meet the catalog's. Wolof letters fold too ("ñetti" → "netti",
// "bëgg" → "begg"): customers type them either way.

/** Lower case, no accents, apostrophes and punctuation as spaces, digits split from letters. */
export function normalize(text: string): string {
  return (
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/œ/g, 'oe')
      // Letters typed three times or more are one ("hiii", "merciii", "sooo much").
      .replace(/([a-z])\1{2,}/g, '$1')
      // 18" and 18'' are inches: a size, never a count.
      .replace(/(\d)\s*(?:″|"|'')/g, '$1 pouces ')
      // Ordinals ("2nd floor", "3ème étage", "1er"): a rank, never a count.
      .replace(/(\d)(?:st|nd|rd|th|eme|ieme|er|ere|e)\b/g, '$1 eme')
      .replace(/['’`]/g, ' ')
      .replace(/([a-z])-(?=[a-z])/g, '$1 ')
      .replace(/(\d)([a-z])/g, '$1 $2')
      .replace(/([a-z])(\d)/g, '$1 $2')
      .replace(/(\d)[  .](?=\d{3}\b)/g, '$1')
      .replace(/[^a-z0-9\n?,;.!:+%-]+/g, ' ')
      .replace(SMS_WORDS, (word) => SMS[word] ?? word)
      .replace(/[ \t]+/g, ' ')
      .trim()
  );
}

/**
 * SMS French spelled out where the short form means one thing only ("vs avez" → "vous avez",
 * "tjrs" → "toujours", "pk" → "pourquoi"): the cue phrases are written in full words.
 */
const SMS: Record<string, string> = {
  vs: 'vous',
  ns: 'nous',
  pr: 'pour',
  ds: 'dans',
  tt: 'tout',
  ts: 'tous',
  tjrs: 'toujours',
  tjr: 'toujours',
  tjs: 'toujours',
  bcp: 'beaucoup',
  pk: 'pourquoi',
  pq: 'pourquoi',
  pkoi: 'pourquoi',
  pourkoi: 'pourquoi',
  cmt: 'comment',
  kel: 'quel',
  kelle: 'quelle',
  koi: 'quoi',
  auj: 'aujourd hui',
  ajd: 'aujourd hui',
  dmn: 'demain',
  qqn: 'quelqu un',
  qqch: 'quelque chose',
  dc: 'donc',
  jsuis: 'je suis',
  chui: 'je suis',
  jpeux: 'je peux',
  jsp: 'je sais pas',
  cmd: 'commande',
  cmde: 'commande',
  msg: 'message',
  px: 'prix',
  rdv: 'rendez vous',
  tkt: 't inquiete',
  pb: 'probleme',
  pbm: 'probleme',
  dispo: 'disponible',
  // SMS English.
  u: 'you',
  ur: 'your',
  r: 'are',
  plz: 'please',
  pls: 'please',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  tmw: 'tomorrow',
  wat: 'what',
  wen: 'when',
  hw: 'how',
  abt: 'about',
  cuz: 'because',
  cos: 'because',
  gud: 'good',
  nd: 'and',
  dis: 'this',
  dat: 'that',
};
const SMS_WORDS = new RegExp(`\\b(${Object.keys(SMS).join('|')})\\b`, 'g');

/** Singular, roughly: "pagnes" → "pagne", "bijoux" → "bijou", "tees" → "tee". */
export function stem(word: string): string {
  if (word.length > 3 && /[sx]$/.test(word) && !/(ss|is)$/.test(word)) return word.slice(0, -1);
  // SMS plurals: "capz", "savonz".
  if (word.length > 3 && /[^aeiouyz]z$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Edit distance up to `max` (stops early past it): typos like "perruk", "parfun". */
export function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > max) return false;
    previous = current;
  }
  return (previous[b.length] ?? max + 1) <= max;
}
