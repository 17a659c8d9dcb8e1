// The local analyzer's reading of what a customer wants: which of the six intents a turn carries,
// from the cue phrases of each kind (cues.ts) and the courtesy around them, and its language.
import type { Intent } from '../output';
import { CUES, has, INJECTION_PATTERNS } from './cues';

export { asksForAddress, findAddress } from './address';
export { INJECTION_PATTERNS, isInjection } from './cues';

/** Words a greeting or thanks is made of: with only these left, the message is a greeting. */
const GREETING_WORDS =
  /\b(nanga|naka nga|blessed|friday|vendredi|juma|jummah|happy|livraison rapide|fast delivery|quick delivery|bon week end|nice weekend|weekend|nice|cheers|ca va|comment allez vous|comment vas tu|how are you|how r u|hope you re doing (great|well|good)|hope you are|ana waa ker gi|waa ker gi|famille|jamm|rek|sama|soxna|xarit|naka|mangi|fi|bien|recu|dieu|vous|benisse|que|bonjour|bjr|bonsoir|bsr|salut|slt|salam|salamalekum|salaamaalekum|aleykoum|alaykoum|malekum|boutique|bi|nangadef|na|nga|def|ngeen|am|coucou|hello|hi|hey|good|morning|evening|merci|mrc|bcp|beaucoup|dieureudieuf|jerejef|bu|baax|thanks|thank|thx|a|lot|you|so|much|ok|okay|d|accord|dac|la|bonne|journee|soiree|fete|nuit|tabaski|tamkharit|korite|a|tous|toute|l|equipe|great|service|as|always|have|day|there|on|dit|quoi|ma|soeur|mon|frere|tantie|ba|suba|beneen|yoon|et|pour|tout|le|to|all|the|team|bien|c|bon|yes|oui|asalaa|asalaam|maalekum|malekum|fanaan|nga|received|everything|got|it|korite|gamou|magal|noel|ramadan|eid)\b/g;

/** Every cue of every kind: the words they cover are words the analyzer read. */
const ALL_CUES: RegExp[] = [
  ...INJECTION_PATTERNS,
  ...Object.values(CUES).flat(),
  GREETING_WORDS,
].map((pattern) => new RegExp(pattern.source, 'g'));

/** The spans of a normalized text that some cue phrase covers. */
export function cueSpans(normalized: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const pattern of ALL_CUES) {
    pattern.lastIndex = 0;
    for (const match of normalized.matchAll(pattern)) {
      if (match[0].length) spans.push([match.index, match.index + match[0].length]);
    }
  }
  return spans;
}

export interface IntentReading {
  intent: Intent;
  /** How the intent was found: `cue` (a phrase of its kind), `lines` (products named), `weak`. */
  evidence: 'cue' | 'lines' | 'weak';
  /** The turn asks a price for a quantity, or a better price: a question, never a draft. */
  negotiation: boolean;
  /** The turn carries an order phrase ("je veux", "dama bëgg", "send me"). */
  orderCue: boolean;
  /** Cues of other kinds the turn also carries (tracking and complaint words both): less sure. */
  rivals: number;
}

/** Which of the six intents a customer's turn carries (text already normalized). */
export function classify(text: string, lineCount: number, quantified: boolean): IntentReading {
  const orderCue = has(
    text.replace(
      /\b(veux|veut|voudrais|voulais|want|wants|like) (savoir|know|to know|demander|ask)\b/g,
      '',
    ),
    CUES.order,
  );
  const negotiation = has(text, CUES.negotiation);
  const kinds: [Intent, boolean][] = [
    ['other', has(text, CUES.spam)],
    ['complaint', has(text, CUES.complaint)],
    ['delivery_status', has(text, CUES.delivery_status)],
    ['question', negotiation],
  ];
  const read = (intent: Intent, evidence: IntentReading['evidence']): IntentReading => ({
    intent,
    evidence,
    negotiation,
    orderCue,
    rivals: kinds.filter(([kind, found]) => found && kind !== intent).length,
  });
  if (has(text, CUES.spam)) return read('other', 'cue');
  if (has(text, CUES.complaint)) return read('complaint', 'cue');
  if (has(text, CUES.delivery_status)) return read('delivery_status', 'cue');
  if (negotiation) return read('question', 'cue');
  const content = text.replace(GREETING_WORDS, '').replace(/[^a-z0-9]+/g, '');
  const asks = has(text, CUES.question) || text.includes('?');
  if (orderCue && lineCount > 0) return read('order', 'cue');
  // "trois maillots noirs, c'est combien total ?": the order, and its total asked.
  if (
    quantified &&
    /\b(combien|how much)\b.{0,20}\b(total|en tout|au total|in total|altogether|all together)\b/.test(
      text,
    )
  )
    return read('order', 'lines');
  if (orderCue && /\b(commander|order|acheter|buy)\b/.test(text)) return read('order', 'weak');
  if (asks && content.length > 0)
    return read('question', has(text, CUES.question) ? 'cue' : 'weak');
  if (orderCue && content.length > 0) return read('order', 'weak');
  // Products named, and nothing asked: "la robe verte svp", "2 savons noirs", "the necklace please".
  if (lineCount > 0 && !asks) return read('order', quantified ? 'lines' : 'weak');
  if (has(text, CUES.greeting) && content.length < 12) return read('greeting', 'cue');
  // Nothing but emojis ("👍", "🙏"): an acknowledgement.
  if (text.trim() === '') return read('greeting', 'weak');
  if (lineCount > 0) return read('question', 'lines');
  return read('other', 'weak');
}

export function languageOf(text: string): 'fr' | 'en' {
  const words = text.split(/[^a-z]+/);
  const fr = words.filter((w) =>
    /^(je|j|vous|le|la|les|des|du|est|pour|svp|stp|bonjour|bjr|merci|combien|avec|une|mon|ma|jveux|slt|salut|c|commande|livraison|et|pas|dama|begg|naa|sama|ndax|bi|rek|ak|on|dit|quoi|meme|faut)$/.test(
      w,
    ),
  ).length;
  const en = words.filter((w) =>
    /^(i|you|the|is|are|my|to|for|please|pls|hi|hello|thanks|thank|how|much|want|like|do|and|of|can|get|order|where|what|any|it|need|send|take|make|instead)$/.test(
      w,
    ),
  ).length;
  return en > fr ? 'en' : 'fr';
}
