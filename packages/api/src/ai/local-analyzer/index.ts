// The local analyzer: rule-based, French, English, Wolof–French and Ivorian French, no network.
// The offline default when no Gemini key is configured, and the fallback when Gemini fails.
// It reads the whole conversation, one customer turn after another: an order turn starts a draft,
// a later turn changes it ("plutôt 4", "3 au lieu de 2", "retirez la casquette", "ajoutez-en un
// autre") or adds to it, and the last turn gives the intent. Lines are what the shop can draft
// now: a product the words do not single out, or asked beyond its stock, becomes a question back.
// Over 400 lines on purpose: reading the turns is one state machine over the draft (readTurn and
// its helpers), every step reading the same draft and words.
import type { Currency } from '../../lib/money';
import {
  type Analysis,
  type CatalogItem,
  type ConversationLine,
  type Intent,
  type Pin,
  pinAddress,
} from '../output';
import { COMMON_WORDS } from './common-words';
import { calibrated, evidenceScore, unknownWords } from './evidence';
import {
  asksForAddress,
  classify,
  findAddress,
  type IntentReading,
  isInjection,
  languageOf,
} from './intent';
import { readNumber } from './numbers';
import { type buildVocabulary, findProducts, type Match, tokenize, vocabularyOf } from './products';
import { type Ask, draftReply, SUMMARIES } from './reply';
import { normalize } from './text';

export { asksForAddress, findAddress, INJECTION_PATTERNS, isInjection } from './intent';
export { buildVocabulary, findProducts, vocabularyOf } from './products';
export { draftReply } from './reply';
export { normalize, stem } from './text';

export interface LocalAnalyzerInput {
  conversation: ConversationLine[];
  catalog: CatalogItem[];
  business: { name: string; currency: Currency };
  /**
   * Where to deliver, when already known (a WhatsApp location pin, an address on file): the
   * reply does not ask for it again.
   */
  deliveryPoint?: { address: string | null; lat: number; lng: number } | null;
}

/**
 * The customer's latest turn: their messages since the business last spoke before them. A quick
 * "bien reçu" sent by the team after it does not hide it (the analysis runs a few seconds late).
 */
export function currentTurn(conversation: ConversationLine[]): string {
  return customerTurns(conversation).at(-1)?.text ?? '';
}

interface Turn {
  /** What the customer wrote: a location pin's words are a place, not products or cue phrases. */
  text: string;
  /** What the business said just before it. */
  before: string;
  /** The last location pin the customer shared in it. */
  pin?: Pin;
}

/** The customer's turns, oldest first, each with the business's message before it. */
function customerTurns(conversation: ConversationLine[]): Turn[] {
  const turns: Turn[] = [];
  let before = '';
  let current: string[] = [];
  let pin: Pin | undefined;
  let open = false;
  const close = () => {
    if (open) turns.push({ text: current.join('\n'), before, ...(pin ? { pin } : {}) });
    current = [];
    pin = undefined;
    open = false;
  };
  for (const line of conversation) {
    if (line.from === 'customer') {
      open = true;
      if (line.pin) pin = line.pin;
      else current.push(line.text);
    } else {
      close();
      before = line.text;
    }
  }
  close();
  return turns;
}

interface DraftLine {
  match: Match;
  quantity: number | null;
}
type Draft = Map<string, DraftLine>;

const REMOVE =
  /\b(retire|retirez|retirer|enleve|enlevez|enlever|supprime|supprimez|annule|annulez|oublie|oubliez|laisse tomber|laissez tomber|remove|take off|drop|forget|skip|cancel|sans|pas de|plus besoin|no more)\b/;
const SET =
  /\b(plutot|au lieu de?|finalement|en fait|instead|make it|actually|change|mets en|mettez en|met en|un seul|une seule|juste|only|just|je voulais dire|je veux dire|i meant|i mean|def ko|defal ko)\b/;
const ADD =
  /\b(ajoute|ajoutez|ajouter|rajoute|rajoutez|add|another|autre|autres|en plus|aussi|also|more|encore|yokk|yokkal|yokkul|de plus)\b/;
/** "2 de plus", "one more", "another": more of it, whatever else the turn says. */
const MORE = /\b(de plus|en plus|more|another|additional|supplementaire)\b/;
/** "un de moins", "one less", Wolof "wàññi". */
const LESS = /\b(de moins|en moins|less|fewer|wanni|wannil|retire(z)? (un|une|1))\b/;
/** "doublez", "double that", "deux fois plus". */
const DOUBLE = /\b(double|doublez|doubler|doublons|twice as many|deux fois plus)\b/;
/** "halve that", "la moitié". */
const HALVE = /\b(halve|half of (that|it)|la moitie|moitie moins|divise(z)? par deux)\b/;
/** Words that say "not this one": the word right after them is the one left behind. */
const NOT = new Set(['pas', 'not', 'non', 'no', 'sans', 'without']);
/** Words before the old quantity in a change: "plutôt 4 que 3", "3 au lieu de 2", "3 instead of 2". */
const OLD_QUANTITY_AFTER = new Set(['que', 'de', 'd', 'of', 'than', 'pas', 'not']);

/**
 * The new quantity a change says ("plutôt 4 que 3" → 4, "non un seul" → 1, "un seul… non je
 * rigole mets 2" → 2: the last said wins), if any.
 */
function newQuantity(normalized: string): number | null {
  const words = tokenize(normalized).map((t) => t.word);
  let weak: number | null = null;
  let strong: number | null = null;
  for (let i = 0; i < words.length; i++) {
    const n = readNumber(words, i);
    if (!n) continue;
    if (!OLD_QUANTITY_AFTER.has(words[i - 1] ?? '')) {
      if (n.weak) weak ??= n.value;
      else strong = n.value;
    }
    i += n.length - 1;
  }
  return strong ?? weak;
}

/**
 * A draft line that fitted two products ("une robe pagne") and a turn whose words single one out
 * ("la verte"): the words that are in one candidate's name and no other's decide.
 */
function resolveChoice(
  line: DraftLine,
  normalized: string,
  vocabulary: ReturnType<typeof buildVocabulary>,
): boolean {
  const { product, alternatives } = line.match;
  if (!alternatives.length) return false;
  const candidates = [product, ...alternatives];
  const chosen = new Set<CatalogItem>();
  for (const { word } of tokenize(normalized)) {
    // The word in its own language or the other ("green" for "vert"), by the catalog's names.
    const named = vocabulary.words.get(word);
    const fits = candidates.filter((c) => named?.get(c) === 'name');
    if (fits.length === 1 && fits[0]) chosen.add(fits[0]);
  }
  const [only] = chosen;
  if (chosen.size !== 1 || !only) return false;
  line.match = { ...line.match, product: only, alternatives: [] };
  return true;
}

/**
 * A turn that changes its mind between products of one kind ("2 t-shirts noirs" … "ah non en
 * blanc plutôt", "je voulais dire noirs, pas blancs"): a word said (not after "pas") that names
 * exactly one other product sharing the line's first name word, and not the line's own product.
 */
function swapVariant(
  line: DraftLine,
  normalized: string,
  catalog: CatalogItem[],
  vocabulary: ReturnType<typeof buildVocabulary>,
): boolean {
  const first = (p: CatalogItem) =>
    tokenize(normalize(p.name)).find((t) => /^[a-z]{2,}$/.test(t.word))?.word;
  const kind = first(line.match.product);
  const siblings = catalog.filter((p) => p !== line.match.product && first(p) === kind);
  if (!kind || !siblings.length) return false;
  const words = tokenize(normalized).map((t) => t.word);
  const chosen = new Set<CatalogItem>();
  words.forEach((word, i) => {
    if (NOT.has(words[i - 1] ?? '')) return;
    const named = vocabulary.words.get(word);
    if (!named || named.get(line.match.product) === 'name') return;
    const fits = siblings.filter((p) => named.get(p) === 'name');
    if (fits.length === 1 && fits[0]) chosen.add(fits[0]);
  });
  const [only] = chosen;
  if (chosen.size !== 1 || !only) return false;
  line.match = { ...line.match, product: only, alternatives: [] };
  return true;
}

interface Reading {
  intent: Intent;
  confidence: number;
  draft: Draft;
  address: string | null;
  mentioned: CatalogItem[];
  injection: boolean;
  loose: boolean;
  /** Cues of other intents in the turn. */
  rivals: number;
  /** The turn is not an order while a draft is open: context made it harder to read. */
  turnedAway: boolean;
}

function readTurn(
  turn: Turn,
  draft: Draft,
  topic: CatalogItem[],
  catalog: CatalogItem[],
  vocabulary: ReturnType<typeof buildVocabulary>,
): Reading {
  const text = turn.text.slice(0, 4_000);
  const normalized = normalize(text);
  const injection = isInjection(normalized);
  // The words that instruct the AI are not read for the intent: what is left is.
  const kept = injection
    ? text
        .split(/(?<=[.!?\n])/)
        .filter((sentence) => !isInjection(normalize(sentence)))
        .join(' ')
    : text;
  const keptNormalized = normalize(kept);
  const asked = asksForAddress(normalize(turn.before));
  let address = findAddress(kept);
  // Only an address, answering "à quelle adresse ?": "Grand Yoff, villa 12" names no boubou.
  const addressOnly =
    !address &&
    asked &&
    draft.size > 0 &&
    kept.trim().length <= 60 &&
    !kept.includes('?') &&
    !classify(keptNormalized, 0, false).orderCue &&
    !/\d+\s*(x|×)?\s*[a-z]{3,}/i.test(
      kept.replace(
        /\b(villa|rue|lot|n°|no|porte|appartement|apt|immeuble|cite|cité|tranche|zone)\s*\d+/gi,
        '',
      ),
    );
  if (addressOnly) address = kept.trim().replace(/[\s,.;:!]+$/, '');
  const matches = address
    ? findProducts(kept.replace(address, ' '), catalog, vocabulary, COMMON_WORDS)
    : findProducts(kept, catalog, vocabulary, COMMON_WORDS);
  const quantified = matches.some((m) => m.quantity !== null && !m.weakQuantity);
  const reading: IntentReading =
    injection && keptNormalized === ''
      ? { intent: 'other', evidence: 'cue', negotiation: false, orderCue: false, rivals: 0 }
      : addressOnly
        ? { intent: 'other', evidence: 'weak', negotiation: false, orderCue: false, rivals: 0 }
        : classify(keptNormalized, matches.length, quantified);
  let intent = reading.intent;
  // A copy: a turn read as something else leaves the draft as it was.
  const next: Draft = new Map([...draft].map(([id, line]) => [id, { ...line }]));
  let changed = false;
  let confidence = 0.5;
  // Only an address, answering "à quelle adresse ?" before any product was named.
  const bare = keptNormalized.replace(/\b(svp|stp|merci|please|ok|oui|yes)\b/g, '').trim();
  if (!address && asked && intent === 'other' && bare.length >= 3 && bare.length <= 60) {
    address = kept.trim().replace(/[\s,.;:!]+$/, '');
  }
  const loose = matches.some((m) => m.loose);

  if (draft.size > 0 && intent !== 'complaint' && intent !== 'delivery_status') {
    const quantity = newQuantity(keptNormalized);
    const known = matches.filter((m) => next.has(m.product.id));
    const fresh = matches.filter((m) => !next.has(m.product.id));
    const last = [...next.values()].at(-1);
    for (const line of next.values()) {
      if (resolveChoice(line, keptNormalized, vocabulary)) changed = true;
    }
    const onlyNumber =
      /^(\d+|[a-z]+)( (svp|stp|please|pls|merci))?$/.test(keptNormalized) && quantity !== null;
    if (
      !changed &&
      !fresh.length &&
      !known.length &&
      next.size === 1 &&
      last &&
      (SET.test(keptNormalized) || /^(non|no|ah non|oh non)\b/.test(keptNormalized)) &&
      swapVariant(last, keptNormalized, catalog, vocabulary)
    ) {
      changed = true;
      if (quantity !== null) last.quantity = quantity;
    }
    if (changed) {
      // A choice made between two products ("la verte"): nothing else to read in it.
    } else if (DOUBLE.test(keptNormalized) && intent !== 'question') {
      for (const line of known.length ? known.map((m) => next.get(m.product.id)) : [last]) {
        if (line) line.quantity = (line.quantity ?? 1) * 2;
      }
      changed = true;
    } else if (HALVE.test(keptNormalized) && intent !== 'question') {
      const line = known[0] ? next.get(known[0].product.id) : last;
      if (line) line.quantity = Math.max(1, Math.floor((line.quantity ?? 1) / 2));
      changed = true;
    } else if (LESS.test(keptNormalized) && intent !== 'question') {
      const line = known[0] ? next.get(known[0].product.id) : last;
      if (line) line.quantity = Math.max(1, (line.quantity ?? 1) - (quantity ?? 1));
      changed = true;
    } else if (REMOVE.test(keptNormalized) && known.length) {
      // "forget the tee, just the caps": what follows "just" is kept.
      const words = tokenize(keptNormalized).map((t) => t.word);
      const keep = words.findIndex((w) => /^(just|only|juste|seulement|rek|rekk)$/.test(w));
      for (const m of known) if (keep < 0 || m.start < keep) next.delete(m.product.id);
      changed = true;
    } else if (
      SET.test(keptNormalized) &&
      !MORE.test(keptNormalized) &&
      !reading.negotiation &&
      (quantity !== null || known.length)
    ) {
      const target = known[0]
        ? next.get(known[0].product.id)
        : next.size === 1 || !fresh.length
          ? last
          : undefined;
      const value = known[0]?.quantity ?? quantity;
      if (target && value !== null) {
        target.quantity = value;
        changed = true;
      }
    } else if (ADD.test(keptNormalized) && intent !== 'question') {
      if (matches.length) {
        for (const m of known) {
          const line = next.get(m.product.id);
          if (line) line.quantity = (line.quantity ?? 1) + (m.quantity ?? 1);
        }
      } else if (last) last.quantity = (last.quantity ?? 1) + (quantity ?? 1);
      changed = true;
    } else if (onlyNumber && last && intent !== 'question') {
      last.quantity = quantity;
      changed = true;
    }
    // A new order that says nothing of the one before ("je veux 3 karités", days after the soaps
    // were delivered) starts again; "et une casquette", "un karité aussi" add to it.
    const adds = ADD.test(keptNormalized) || /^(et|and|plus|avec)\b/.test(keptNormalized);
    if (intent === 'order' && !changed && fresh.length && !known.length && !adds) next.clear();
    if (intent === 'order' || changed) {
      for (const m of fresh) next.set(m.product.id, { match: m, quantity: m.quantity });
      if (!changed) {
        for (const m of known) {
          const line = next.get(m.product.id);
          if (line && m.quantity !== null && !m.weakQuantity) line.quantity = m.quantity;
        }
      }
    }
    // A line whose product changed ("bouclée", "en blanc plutôt") is that product's line now:
    // the words that chose it are not one more line.
    for (const [id, line] of [...next]) {
      if (line.match.product.id === id) continue;
      next.delete(id);
      // The chosen product said again with its own count ("3 bouclées") keeps that count.
      const said = next.get(line.match.product.id)?.quantity;
      next.set(line.match.product.id, { ...line, quantity: said ?? line.quantity });
    }
    if (changed) {
      intent = 'order';
      // A change read in new words was wrong about one time in three on the tuning batches'
      // first runs (kinds*.txt): never sure enough to answer alone.
      confidence = 0.8;
    } else if (intent === 'order') {
      confidence = reading.evidence === 'cue' ? 0.86 : 0.7;
    } else if (intent === 'other' || (intent === 'greeting' && reading.evidence === 'weak')) {
      // "c'est pour samedi", "Riviera 2": the order goes on.
      intent = 'order';
      confidence = address ? 0.8 : 0.6;
    }
  } else if (intent === 'order') {
    next.clear();
    let lines = matches;
    // "j'en prends 2" after asking about a product: that product.
    if (!lines.length && topic.length === 1 && topic[0]) {
      const quantity = newQuantity(keptNormalized);
      lines = [
        {
          product: topic[0],
          quantity,
          weakQuantity: false,
          score: 1,
          loose: false,
          alternatives: [],
          start: 0,
          end: 0,
          message: 0,
        },
      ];
    }
    for (const m of lines) next.set(m.product.id, { match: m, quantity: m.quantity });
    confidence = reading.evidence === 'cue' ? 0.93 : reading.evidence === 'lines' ? 0.8 : 0.55;
    if (lines.length === 0) confidence = 0.55;
  }
  if (intent !== 'order') {
    confidence =
      intent === 'question'
        ? reading.negotiation
          ? 0.9
          : reading.evidence === 'cue'
            ? 0.8
            : 0.55
        : intent === 'other'
          ? reading.evidence === 'cue'
            ? 0.88
            : 0.45
          : reading.evidence === 'cue'
            ? 0.88
            : 0.55;
  }
  if (loose) confidence = Math.min(confidence, 0.7);
  if (injection) confidence = Math.min(confidence, 0.5);
  return {
    intent,
    confidence,
    draft: intent === 'order' ? next : draft,
    address,
    mentioned: matches.map((m) => m.product),
    injection,
    loose,
    rivals: reading.rivals,
    turnedAway: draft.size > 0 && intent !== 'order',
  };
}

export interface LocalAnalysis extends Analysis {
  /** The turn tries to instruct the AI: never answered alone. */
  injection: boolean;
  /** The evidence before calibration (what `pnpm eval:ai --calibrate` bins). */
  evidence: number;
  /** The words of the last turn the analyzer could not place. */
  unknownWords: string[];
}

export function analyzeLocally(input: LocalAnalyzerInput): LocalAnalysis {
  const vocabulary = vocabularyOf(input.catalog);
  const turns = customerTurns(input.conversation);
  let draft: Draft = new Map();
  let topic: CatalogItem[] = [];
  // Where to deliver, as far back as the conversation read goes: the newest of the customer's
  // written addresses and location pins. `point`: it is a pin with no words, only a point.
  let address: string | null = null;
  let point = false;
  let last: Reading | null = null;
  // The customer's current turn is only a location pin (or pins): they answered "where".
  let pinOnly = false;
  for (const turn of turns) {
    pinOnly = !!turn.pin && turn.text.trim() === '';
    if (pinOnly) {
      // Nothing written to read: the draft, the topic and the intent stay as they were.
      address = pinAddress(turn.pin as Pin) ?? address;
      point = !turn.pin?.label && address !== null;
      continue;
    }
    const reading = readTurn(turn, draft, topic, input.catalog, vocabulary);
    if (reading.intent === 'order') draft = reading.draft;
    // A complaint or a question closes nothing: the draft stays for the next turn.
    if (reading.mentioned.length) topic = reading.mentioned;
    // A pin shared with the words of a turn: the words' address if they give one, else the pin's.
    const pinned = turn.pin ? pinAddress(turn.pin) : null;
    if (reading.address) point = false;
    else if (pinned) point = !turn.pin?.label;
    address = reading.address ?? pinned ?? address;
    last = reading;
  }
  const allText = turns.map((t) => t.text).join('\n');
  const lastWritten = turns.filter((t) => t.text.trim() !== '').at(-1);
  const language = languageOf(normalize(lastWritten?.text ?? ''));
  // A pin answering "where?" after an order: the order goes on, delivered there.
  const pinForOrder = pinOnly && draft.size > 0 && last?.intent === 'order';
  const intent: Intent = pinForOrder ? 'order' : pinOnly ? 'other' : (last?.intent ?? 'other');
  let confidence = pinOnly ? 0.8 : (last?.confidence ?? 0.4);
  const mentioned = pinOnly ? [] : (last?.mentioned ?? []);
  const injection = !pinOnly && (last?.injection ?? false);

  // What can be drafted now; the rest is asked back.
  const asks: Ask[] = [];
  const lines: { product: CatalogItem; quantity: number }[] = [];
  if (intent === 'order') {
    for (const line of draft.values()) {
      const { product, alternatives } = line.match;
      const quantity = line.quantity ?? 1;
      if (alternatives.length) asks.push({ kind: 'which', options: [product, ...alternatives] });
      else if (!product.active || product.stock <= 0) asks.push({ kind: 'unavailable', product });
      else if (quantity > product.stock) asks.push({ kind: 'stock', product, quantity });
      else lines.push({ product, quantity });
    }
    if (asks.length) confidence = Math.min(confidence, 0.75);
    if (draft.size === 0) confidence = Math.min(confidence, 0.55);
  }
  // The evidence: the reading's strength less the words not understood, then the tuning set's
  // calibration table (evidence.ts).
  const unknown =
    pinOnly || !lastWritten
      ? []
      : unknownWords(
          normalize(lastWritten.text),
          (word) => vocabulary.words.has(word) || vocabulary.typos.get(word) != null,
          {
            patterns: [REMOVE, SET, ADD, MORE, LESS, DOUBLE, HALVE],
            address: last?.address ? normalize(last.address) : null,
          },
        );
  // The narrowest lead a drafted product had over the next one the words fitted.
  const margin = Math.min(
    1,
    ...(intent === 'order' ? [...draft.values()] : []).map((l) => l.match.margin ?? 1),
  );
  const evidence = evidenceScore(confidence, {
    unknown: unknown.length,
    margin,
    rivals: pinOnly ? 0 : (last?.rivals ?? 0),
    turnedAway: !pinOnly && (last?.turnedAway ?? false),
  });
  confidence = calibrated(evidence);
  const sentiment =
    intent === 'complaint' || /😡|😞|😠|pas content|not happy/.test(allText)
      ? 'negative'
      : /🙏|😊|❤|merci|thank|great|super|parfait|jërëjëf|jerejef/.test(allText.toLowerCase())
        ? 'positive'
        : 'neutral';
  const names = (intent === 'order' ? lines.map((l) => l.product) : mentioned)
    .map((p) => p.name)
    .slice(0, 3);
  const summary = `${SUMMARIES[language][intent]}${names.length ? ` : ${names.join(', ')}` : ''}`;
  // The pin passed in (the conversation's latest, unless an address was written after it).
  const knownAddress =
    address ?? input.deliveryPoint?.address ?? (input.deliveryPoint ? 'pin' : null);
  // The address is a point with no words: the reply does not read coordinates out.
  const pointOnly = address ? point : !!input.deliveryPoint && !input.deliveryPoint.address;
  return {
    language,
    intent,
    sentiment,
    summary: summary.slice(0, 300),
    confidence: Math.round(confidence * 100) / 100,
    orderLines: lines.map((l) => ({
      productId: l.product.id,
      quantity: l.quantity,
      confidence: Math.round(confidence * 100) / 100,
    })),
    // An order's, or a pin's sent after the order: it still says where the order goes.
    deliveryAddress: intent === 'order' || pinOnly ? address : null,
    replyDraft: draftReply({
      language,
      intent,
      lines,
      asks,
      mentioned,
      address: intent === 'order' || pinOnly ? knownAddress : null,
      pinned: pointOnly,
      addressOnly: pinOnly,
      currency: input.business.currency,
      injection,
    }),
    injection,
    evidence,
    unknownWords: unknown,
  };
}
