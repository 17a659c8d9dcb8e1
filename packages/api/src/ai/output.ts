// What an analysis of a conversation is, whoever made it (Gemini or the local analyzer): one zod
// schema, the only shape stored in ai_insights.output and acted upon.
import { z } from 'zod';

export const intents = [
  'order',
  'question',
  'complaint',
  'greeting',
  'delivery_status',
  'other',
] as const;
export type Intent = (typeof intents)[number];
export const sentiments = ['positive', 'neutral', 'negative'] as const;

export const analysisSchema = z.object({
  language: z.enum(['fr', 'en']),
  intent: z.enum(intents),
  sentiment: z.enum(sentiments),
  summary: z.string().trim().min(1).max(300),
  confidence: z.number().min(0).max(1),
  orderLines: z
    .array(
      z.object({
        productId: z.string(),
        quantity: z.number().int().min(1).max(1000),
        confidence: z.number().min(0).max(1),
      }),
    )
    .max(50),
  deliveryAddress: z.string().trim().min(1).max(300).nullable(),
  replyDraft: z.string().trim().min(1).max(1_000),
});
export type Analysis = z.infer<typeof analysisSchema>;

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
  priceMinor: number;
  currency: string;
  stock: number;
  active: boolean;
}

/** A message of the conversation as the analyzers see it, oldest first. */
export interface ConversationLine {
  from: 'customer' | 'business';
  text: string;
}
