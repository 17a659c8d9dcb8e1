// The local analyzer's reading of what a customer wants: which of the six intents a turn carries,
// from the cue phrases of each kind (cues.ts) and the courtesy around them, and its language.
import type { Intent } from '../output';
import { COURTESY_PATTERNS, readCourtesy, substance } from './courtesy';
import {
  ASKS_BEFORE_BUYING,
  CUES,
  EXPERIENCE,
  has,
  IDENTITY,
  INJECTION_PATTERNS,
  PAYMENT_SENT,
  SHOP_WORDS,
} from './cues';

export { asksForAddress, findAddress } from './address';
export { INJECTION_PATTERNS, isInjection } from './cues';

/** Words greetings and thanks are made of: words the analyzer read (evidence.ts), not unknown ones. */
const GREETING_WORDS =
  /\b(nanga|naka nga|blessed|friday|vendredi|juma|jummah|happy|livraison rapide|fast delivery|quick delivery|bon week end|nice weekend|weekend|nice|cheers|ca va|comment allez vous|comment vas tu|how are you|how r u|hope you re doing (great|well|good)|hope you are|ana waa ker gi|waa ker gi|famille|jamm|rek|sama|soxna|xarit|naka|mangi|fi|bien|recu|dieu|vous|benisse|que|bonjour|bjr|bonsoir|bsr|salut|slt|salam|salamalekum|salaamaalekum|aleykoum|alaykoum|malekum|boutique|bi|nangadef|na|nga|def|ngeen|am|coucou|hello|hi|hey|good|morning|evening|merci|mrc|bcp|beaucoup|dieureudieuf|jerejef|bu|baax|thanks|thank|thx|a|lot|you|so|much|ok|okay|d|accord|dac|la|bonne|journee|soiree|fete|nuit|tabaski|tamkharit|korite|a|tous|toute|l|equipe|great|service|as|always|have|day|there|on|dit|quoi|ma|soeur|mon|frere|tantie|ba|suba|beneen|yoon|et|pour|tout|le|to|all|the|team|bien|c|bon|yes|oui|asalaa|asalaam|maalekum|malekum|fanaan|nga|received|everything|got|it|korite|gamou|magal|noel|ramadan|eid)\b/g;

/** Every cue of every kind: the words they cover are words the analyzer read. */
const ALL_CUES: RegExp[] = [
  ...INJECTION_PATTERNS,
  ...Object.values(CUES).flat(),
  ...COURTESY_PATTERNS,
  IDENTITY,
  PAYMENT_SENT,
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

/** What the turn is read against: a product talked about before ("c'est lavable ?" is about it). */
export interface TurnContext {
  topic: boolean;
  /** What the team wrote before the turn (normalized). */
  before?: string;
}

/** The team's message was about getting the order to the customer. */
/** Told as come: arrived, received ("agsi na", "jot naa", "est arrivé", "got it"). */
const RECEIVED =
  /\b(agsi na|agsi nanu|agsi nan|jot naa|jot nanu|est arrivee?s?|sont arrivee?s?|est bien arrivee?|bien recue?s?|arrived|came today|i got (it|them|my)|received (it|them|my))\b/;
const DELIVERY_TALK =
  /\b(livr\w*|expedi\w*|envoy\w*|en route|livreur|coursier|delivery|deliver\w*|shipped|dispatched|courier|driver|on (its|the) way)\b/;
/** The customer's own order, parcel or delivery, or the courier bringing it. */
const ORDER_REF =
  /\b(ma|mon|mes|notre|nos|sama|my|our) (commandes?|colis|paquets?|livraisons?|orders?|packages?|parcels?|delivery|deliveries|achats?)\b|\b(le|la|the|votre|your) (livreur|livreuse|coursier|courier|driver|rider|delivery (guy|man|boy))\b/;
/** A when, a day or a time asked: "c'est pour aujourd'hui ?", "tonight still?". */
const WHEN_ASKED =
  /\b(quand|qd|aujourd hui|demain|ce soir|ce matin|cet apres midi|a quelle heure|heure|when|today|tomorrow|tonight|this (morning|afternoon|evening)|what time|toujours|still|confirme\w*|confirm\w*)\b/;

/** Which of the six intents a customer's turn carries (text already normalized). */
export function classify(
  text: string,
  lineCount: number,
  quantified: boolean,
  context: TurnContext = { topic: false },
): IntentReading {
  const orderCue = has(
    text.replace(
      /\b(veux|veut|voudrais|voulais|aimerais|souhaite|souhaiterais|want|wants|wanted|like) (savoir|know|to know|demander|ask|to ask|vous demander|verifier|to check)\b/g,
      '',
    ),
    CUES.order,
  );
  const negotiation = has(text, CUES.negotiation);
  const complaint = has(text, CUES.complaint);
  // "est-ce que le pagne déteint ?": a property asked before buying, nothing received yet.
  const beforeBuying =
    complaint && ASKS_BEFORE_BUYING.test(text) && text.includes('?') && !EXPERIENCE.test(text);
  const spam = has(text, CUES.spam) || (IDENTITY.test(text) && !(orderCue && lineCount > 0));
  const kinds: [Intent, boolean][] = [
    ['other', spam],
    ['complaint', complaint && !beforeBuying],
    ['delivery_status', has(text, CUES.delivery_status)],
    ['question', negotiation || beforeBuying],
  ];
  const read = (intent: Intent, evidence: IntentReading['evidence']): IntentReading => ({
    intent,
    evidence,
    negotiation,
    orderCue,
    rivals: kinds.filter(([kind, found]) => found && kind !== intent).length,
  });
  for (const [intent, found] of kinds) if (found) return read(intent, 'cue');
  // After the team spoke of the delivery, "c'est toujours pour aujourd'hui ?" asks after it.
  if (
    lineCount === 0 &&
    !orderCue &&
    text.includes('?') &&
    DELIVERY_TALK.test(context.before ?? '') &&
    WHEN_ASKED.test(text) &&
    !/\b(combien|prix|tarif|frais|cout\w*|how much|price|fees?|cost)\b/.test(text)
  )
    return read('delivery_status', 'weak');
  // The customer's order or its courier asked after, nothing to change in it: tracking.
  if (
    lineCount === 0 &&
    !orderCue &&
    (text.includes('?') || has(text, CUES.question)) &&
    ORDER_REF.test(text) &&
    !/\b(annul|chang|modifi|ajout|retir|pay|paie|cancel|modify|add|remov|combien|prix|price|how much|factur|invoice|recu de|receipt)\w*/.test(
      text,
    )
  )
    return read('delivery_status', 'weak');
  // What is asked is read without the courtesy around it: "Bonjour, ça va ?" asks nothing.
  const courtesy = readCourtesy(text);
  const rest = courtesy.rest;
  const said = substance(rest);
  const cue = has(rest, CUES.question);
  const asks = cue || rest.includes('?');
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
  // Only courtesy, or courtesy and a name ("Bonsoir Mme Awa, vous allez bien ?"): a greeting.
  const onlyCourtesy =
    courtesy.found &&
    lineCount === 0 &&
    !orderCue &&
    (said.length === 0 ||
      (said.length === 1 && !cue && !SHOP_WORDS.test(rest) && !/\d/.test(rest)));
  // Thanks or praise for what came ("très satisfaite du pagne", "love the perfume"): feedback.
  const feedback =
    courtesy.found &&
    (courtesy.praise || /\b(merci|thanks?|thank you|jerejef) (pour|for)\b/.test(text)) &&
    lineCount > 0 &&
    !quantified &&
    !asks &&
    !orderCue &&
    !/\b(svp|stp|please|pls)\b/.test(text);
  if (onlyCourtesy || feedback) return read('greeting', 'cue');
  // A payment told, nothing asked: "c'est fait, j'ai envoyé l'argent par Orange Money".
  if (PAYMENT_SENT.test(text) && !asks && !orderCue) return read('other', 'cue');
  const content = said.length > 0;
  if (asks && content) {
    if (cue) return read('question', 'cue');
    // A question mark over words of the shop or its products: an information request.
    if (lineCount > 0 || context.topic || SHOP_WORDS.test(rest)) return read('question', 'weak');
    // "Tu as vu le match hier ?": chat, not about the shop.
    if (!orderCue) return read('other', 'weak');
  }
  if (orderCue && content) return read('order', 'weak');
  // A product told as arrived or received, nothing asked nor counted: "bissap bi agsi na",
  // "Attiéké est arrivé", "jot naa karité bi". No order (what follows says what it is).
  if (
    lineCount > 0 &&
    !asks &&
    !orderCue &&
    !quantified &&
    RECEIVED.test(text) &&
    !/\b(svp|stp|please|pls)\b/.test(text)
  )
    return read('other', 'weak');
  // Products named, and nothing asked: "la robe verte svp", "2 savons noirs", "the necklace please".
  if (lineCount > 0 && !asks) return read('order', quantified ? 'lines' : 'weak');
  if (courtesy.found && !content) return read('greeting', 'cue');
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
