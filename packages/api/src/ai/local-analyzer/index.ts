// The local analyzer: rules and a small trained model, French, English, Wolof–French and Ivorian
// French, no network. The offline default when no Gemini key is configured, and the fallback when
// Gemini fails.
// The rules read the whole conversation, one customer turn after another (read-turn.ts): an order
// turn starts a draft, a later turn changes it ("plutôt 4", "3 au lieu de 2", "retirez la
// casquette", "ajoutez-en un autre") or adds to it. The last turn gives the intent: the trained
// models (model.ts) read it with the rules' reading as one of their features, and decide. Lines
// are what the shop can draft now: a product the words do not single out, or asked beyond its
// stock, becomes a question back.
import type { Currency } from '../../lib/money';
import {
  type Analysis,
  type CatalogItem,
  type ConversationLine,
  type Intent,
  type Pin,
  pinAddress,
} from '../output';
import { ADD, DOUBLE, type Draft, HALVE, LESS, MORE, REMOVE, SET } from './changes';
import type { ModelInput } from './classifier';
import { calibrated, evidenceScore, unknownWords } from './evidence';
import { languageOf } from './intent';
import { decideIntent } from './model';
import { vocabularyOf } from './products';
import { type Reading, readTurn } from './read-turn';
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
  /**
   * false: the rules alone decide the intent. The trained models learned from WhatsApp chats
   * read against a shop's catalog; an email (a subject and a body, often no catalog) is other
   * wording, on which they were never measured.
   */
  intentModel?: boolean;
}

export interface LocalAnalysis extends Analysis {
  /** The turn tries to instruct the AI: never answered alone. */
  injection: boolean;
  /** The evidence before calibration (what `pnpm eval:ai --calibrate` bins). */
  evidence: number;
  /** The words of the last turn the analyzer could not place. */
  unknownWords: string[];
  /** What the trained intent model read (null: a pin alone, nothing written). */
  modelInput: ModelInput | null;
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
  // The last written turn and the draft and topic it was read against (the model reads it again).
  let lastTurn: Turn | null = null;
  let draftBefore: Draft = draft;
  let topicBefore: CatalogItem[] = topic;
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
    lastTurn = turn;
    draftBefore = draft;
    topicBefore = topic;
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
  let intent: Intent = pinForOrder ? 'order' : pinOnly ? 'other' : (last?.intent ?? 'other');
  // What the trained model reads: the last written turn, its context and the rules' reading.
  const modelInput: ModelInput | null =
    pinOnly || !last || !lastTurn
      ? null
      : {
          turn: lastTurn.text,
          before: lastTurn.before,
          earlier: turns
            .slice(0, turns.indexOf(lastTurn))
            .map((t) => t.text)
            .filter((t) => t.trim() !== ''),
          rules: { intent: last.intent, lines: last.intent === 'order' && draft.size > 0 },
          catalog: {
            products: last.mentioned.length,
            quantified: last.quantified,
            draft: draftBefore.size > 0,
          },
        };
  // The trained models decide the intent (the rules' reading is one of their features). An order
  // the rules did not read is read again as one, so that its lines are drafted.
  const decision = modelInput && input.intentModel !== false ? decideIntent(modelInput) : null;
  if (decision && last && lastTurn && decision.intent !== intent) {
    if (decision.intent === 'order') {
      last = readTurn(lastTurn, draftBefore, topicBefore, input.catalog, vocabulary, 'order');
      draft = last.draft;
    }
    intent = decision.intent;
  }
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
  // How sure: the rules' evidence (how well the words were read, the lines chosen) and, when the
  // models decided, the intent's calibrated probability, whichever is lower. An injection and an
  // order with nothing to draft stay as unsure as the rules made them.
  confidence = calibrated(evidence);
  if (decision) {
    confidence =
      intent === 'order' || injection
        ? Math.min(confidence, decision.confidence)
        : decision.confidence;
  }
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
    modelInput,
  };
}
