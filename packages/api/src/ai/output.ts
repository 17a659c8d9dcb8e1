// What the analyzers work with: the analysis's shape for Gemini's JSON mode, the catalog and the
// conversation as they see them. The analysis schema itself is shared with the apps
// (@flux/contracts) and re-exported here for the analyzers.
import { type Analysis, intents, sentiments } from '@flux/contracts';

export {
  type Analysis,
  analysisSchema,
  type Intent,
  intents,
  sentiments,
} from '@flux/contracts';

/** The same shape for Gemini's `responseJsonSchema` (OpenAPI subset). */
export const analysisJsonSchema = {
  type: 'object',
  properties: {
    language: { type: 'string', enum: ['fr', 'en'] },
    intent: { type: 'string', enum: [...intents] },
    sentiment: { type: 'string', enum: [...sentiments] },
    summary: { type: 'string', description: 'One line, in the business language.' },
    confidence: { type: 'number', minimum: 0, maximum: 1 },
    orderLines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          productId: { type: 'string', description: 'An id from the catalog given, nothing else.' },
          quantity: { type: 'integer', minimum: 1 },
          confidence: { type: 'number', minimum: 0, maximum: 1 },
        },
        required: ['productId', 'quantity', 'confidence'],
      },
    },
    deliveryAddress: { type: 'string', nullable: true },
    replyDraft: { type: 'string', description: "In the customer's language." },
  },
  required: [
    'language',
    'intent',
    'sentiment',
    'summary',
    'confidence',
    'orderLines',
    'deliveryAddress',
    'replyDraft',
  ],
} as const;

/** A product as the analyzers see it. */
export interface CatalogItem {
  id: string;
  sku: string | null;
  name: string;
  /** The product's description: its words help match ("purse" in "Sac à main (purse) en cuir"). */
  description?: string | null;
  /** Words the merchant added for it ("tee", "wig", "garba"). */
  synonyms?: string[];
  priceMinor: number;
  currency: string;
  stock: number;
  active: boolean;
}

/** A location pin of the conversation: its point (when usable) and the place's words. */
export interface Pin {
  latitude: number | null;
  longitude: number | null;
  /** The place's name and address as WhatsApp gave them, else null. */
  label: string | null;
}

/** A message of the conversation as the analyzers see it, oldest first. */
export interface ConversationLine {
  from: 'customer' | 'business';
  text: string;
  /** The message is a location pin. */
  pin?: Pin;
}

/** How a pin reads as an address: its place's words, else its coordinates. */
export function pinAddress(pin: Pin): string | null {
  if (pin.label) return pin.label;
  if (pin.latitude === null || pin.longitude === null) return null;
  return `${pin.latitude.toFixed(5)}, ${pin.longitude.toFixed(5)}`;
}

/**
 * What of a model's order lines can become a draft: only for an order, only catalog ids, only what
 * is in stock in that quantity (the rest is the reply's business: ask back, say unavailable).
 */
export function draftableLines(
  analysis: Pick<Analysis, 'intent' | 'orderLines'>,
  catalog: CatalogItem[],
): Analysis['orderLines'] {
  if (analysis.intent !== 'order') return [];
  const byId = new Map(catalog.map((p) => [p.id, p]));
  return analysis.orderLines.filter((line) => {
    const product = byId.get(line.productId);
    return product?.active === true && line.quantity <= product.stock;
  });
}

/** The model's lines that name catalog products (the guard reads these: a promise is a promise). */
export function catalogLines(
  analysis: Pick<Analysis, 'intent' | 'orderLines'>,
  catalog: CatalogItem[],
): Analysis['orderLines'] {
  if (analysis.intent !== 'order') return [];
  const known = new Set(catalog.map((p) => p.id));
  return analysis.orderLines.filter((line) => known.has(line.productId));
}
