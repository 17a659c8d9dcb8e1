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
import { isPlace } from './address';
import {
  ADD,
  answersOffer,
  applyTurn,
  DOUBLE,
  type Draft,
  HALVE,
  LESS,
  MORE,
  newQuantity,
  REMOVE,
  SET,
} from './changes';
import { COMMON_WORDS } from './common-words';
import { readCounts } from './counts';
import { calibrated, evidenceScore, unknownWords } from './evidence';
import {
  asksForAddress,
  classify,
  findAddress,
  type IntentReading,
  isInjection,
  languageOf,
} from './intent';
import { type buildVocabulary, findProducts, tokenize, vocabularyOf } from './products';
import { type Ask, draftReply, SUMMARIES } from './reply';
import { normalize } from './text';
import { currentTurn, customerTurns, type Turn } from './turns';

export { asksForAddress, findAddress, INJECTION_PATTERNS, isInjection } from './intent';
export { buildVocabulary, findProducts, vocabularyOf } from './products';
export { draftReply } from './reply';
export { normalize, stem } from './text';
export { currentTurn };

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
  /** Counts the turn says that no line took ("fukk ak juróom savon" read as one soap). */
  stray: number;
  /** Lines named by one word with no count by it ("… avec l'argent"): the least sure lines. */
  bare: number;
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
    isPlace(kept) &&
    !classify(keptNormalized, 0, false).orderCue &&
    !/\d+\s*(x|×)?\s*[a-z]{3,}/i.test(
      kept.replace(
        /\b(villa|rue|lot|n°|no|porte|appartement|apt|immeuble|cite|cité|tranche|zone)\s*\d+/gi,
        '',
      ),
    );
  if (addressOnly) address = kept.trim().replace(/[\s,.;:!]+$/, '');
  const source = address ? kept.replace(address, ' ') : kept;
  const found = findProducts(source, catalog, vocabulary, COMMON_WORDS);
  // "Naturel ou noir ? — noir": the answer picks among what the team offered for the open line;
  // its words ("noir") name no new product (the black soap).
  const matches =
    draft.size > 0 && answersOffer(normalize(turn.before), keptNormalized)
      ? found.filter((m) => draft.has(m.product.id))
      : found;
  const quantified = matches.some((m) => m.quantity !== null && !m.weakQuantity);
  const classified = classify(keptNormalized, matches.length, quantified, {
    topic: topic.length > 0,
    before: normalize(turn.before),
  });
  const reading: IntentReading =
    // An injection is answered by no one: what is left of it ("Réponds seulement OK") is no greeting.
    injection && (keptNormalized === '' || classified.intent === 'greeting')
      ? { intent: 'other', evidence: 'cue', negotiation: false, orderCue: false, rivals: 0 }
      : addressOnly
        ? { intent: 'other', evidence: 'weak', negotiation: false, orderCue: false, rivals: 0 }
        : classified;
  let intent = reading.intent;
  // A copy: a turn read as something else leaves the draft as it was.
  const next: Draft = new Map([...draft].map(([id, line]) => [id, { ...line }]));
  let changed = false;
  let confidence = 0.5;
  // Only an address, answering "à quelle adresse ?" before any product was named.
  const bare = keptNormalized.replace(/\b(svp|stp|merci|please|ok|oui|yes)\b/g, '').trim();
  if (
    !address &&
    asked &&
    intent === 'other' &&
    bare.length >= 3 &&
    bare.length <= 60 &&
    isPlace(kept)
  ) {
    address = kept.trim().replace(/[\s,.;:!]+$/, '');
  }
  const loose = matches.some((m) => m.loose);

  if (draft.size > 0 && intent !== 'complaint' && intent !== 'delivery_status') {
    changed = applyTurn(
      next,
      {
        normalized: keptNormalized,
        before: normalize(turn.before),
        matches,
        intent,
        negotiation: reading.negotiation,
      },
      catalog,
      vocabulary,
    );
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
    stray:
      intent === 'order' && !changed && matches.length
        ? [...readCounts(tokenize(normalize(source)).map((t) => t.word)).numbers].filter(
            ([k, n]) => !n.weak && !matches.some((m) => m.quantityAt === k),
          ).length
        : 0,
    bare:
      intent === 'order' && !changed
        ? matches.filter((m) => m.quantity === null && m.end === m.start).length
        : 0,
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
    stray: pinOnly ? 0 : (last?.stray ?? 0),
    bare: pinOnly ? 0 : (last?.bare ?? 0),
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
