// The local analyzer: rule-based, French and English, no network. The offline default when no
// Gemini key is configured, and the fallback when Gemini fails. It reads the customer's current
// turn (their messages since the business last wrote), finds the intent from cue phrases, the
// order lines by matching words against the catalog (accents, case and plurals ignored, rarer
// words weighing more, a few French↔English shop words), quantities in digits or words, an address
// after delivery cues, and drafts a reply from templates with the catalog's real prices and stock.
import type { Currency } from '../../lib/money';
import { type Analysis, type CatalogItem, type ConversationLine, pinAddress } from '../output';
import { classify, findAddress, languageOf } from './intent';
import { findProducts } from './products';
import { draftReply, SUMMARIES } from './reply';
import { normalize } from './text';

export { findAddress } from './intent';
export { buildVocabulary, findProducts } from './products';
export { draftReply } from './reply';
export { normalize, stem } from './text';

export interface LocalAnalyzerInput {
  conversation: ConversationLine[];
  catalog: CatalogItem[];
  business: { name: string; currency: Currency };
}

/**
 * The customer's latest turn: their messages since the business last spoke before them. A quick
 * "bien reçu" sent by the team after it does not hide it (the analysis runs a few seconds late).
 */
export function currentTurn(conversation: ConversationLine[]): string {
  const lines: string[] = [];
  let end = conversation.length;
  while (end > 0 && conversation[end - 1]?.from !== 'customer') end--;
  for (const line of conversation.slice(0, end).reverse()) {
    if (line.from !== 'customer') break;
    lines.unshift(line.text);
  }
  return lines.join('\n');
}

/**
 * Where the customer said to deliver, as far back as the conversation read goes: the newest of
 * their location pins and written addresses. An address given before the order (or a pin sent
 * after it) is not asked for again.
 */
export function givenAddress(conversation: ConversationLine[]): string | null {
  for (let i = conversation.length - 1; i >= 0; i--) {
    const line = conversation[i];
    if (line?.from !== 'customer') continue;
    const address = line.pin ? pinAddress(line.pin) : findAddress(line.text);
    if (address) return address;
  }
  return null;
}

/** The customer's current turn is only a location pin (or pins): they answered "where". */
function onlyPins(conversation: ConversationLine[]): boolean {
  let end = conversation.length;
  while (end > 0 && conversation[end - 1]?.from !== 'customer') end--;
  let seen = false;
  for (let i = end - 1; i >= 0 && conversation[i]?.from === 'customer'; i--) {
    if (!conversation[i]?.pin) return false;
    seen = true;
  }
  return seen;
}

export function analyzeLocally(input: LocalAnalyzerInput): Analysis {
  // A pin's words are a place, not products or cue phrases: the turn is read without them.
  const textLines = input.conversation.map((line) => (line.pin ? { ...line, text: '' } : line));
  const turn = currentTurn(textLines).trim().slice(0, 4_000);
  const normalized = normalize(turn);
  const language = languageOf(normalized);
  const written = findAddress(turn);
  // The address is not products: "rue 22 x 15" must not become 22 of something.
  const productText = written ? turn.replace(written, ' ') : turn;
  const address = givenAddress(input.conversation);
  const found = findProducts(productText, input.catalog);
  const quantified = found.some((line) => line.quantity !== null);
  const pinned = onlyPins(input.conversation);
  const [intent, confidence] = pinned
    ? (['other', 0.8] as const)
    : classify(normalized, found.length, quantified);
  const lines =
    intent === 'order'
      ? found.map((line) => ({
          product: line.product,
          quantity: line.quantity ?? 1,
          confidence: Math.min(0.95, 0.5 + line.score / 6),
        }))
      : [];
  const sentiment =
    intent === 'complaint' || /😡|😞|😠|pas content|not happy/.test(turn)
      ? 'negative'
      : /🙏|😊|❤|merci|thank|great|super|parfait/.test(turn.toLowerCase())
        ? 'positive'
        : 'neutral';
  const names = (intent === 'order' ? lines.map((l) => l.product) : found.map((l) => l.product))
    .map((p) => p.name)
    .slice(0, 3);
  const summary = `${SUMMARIES[language][intent]}${names.length ? ` : ${names.join(', ')}` : ''}`;
  return {
    language,
    intent,
    sentiment,
    summary: summary.slice(0, 300),
    confidence:
      intent === 'order' && lines.length
        ? Math.min(confidence, ...lines.map((l) => l.confidence))
        : confidence,
    orderLines: lines.map((l) => ({
      productId: l.product.id,
      quantity: l.quantity,
      confidence: l.confidence,
    })),
    // An order's, or a pin's sent after the order: it still says where the order goes.
    deliveryAddress: intent === 'order' || pinned ? address : null,
    replyDraft: draftReply({
      language,
      intent,
      lines: lines.map((l) => ({ product: l.product, quantity: l.quantity })),
      mentioned: found.map((l) => l.product),
      address: intent === 'order' || pinned ? address : null,
      addressOnly: pinned,
      currency: input.business.currency,
    }),
  };
}
