// What the AI's insights say, whoever made them (Gemini or the local analyzer): the analysis of a
// conversation and the triage of an email. These schemas are the only shapes stored in
// ai_insights.output; the server parses the column with them on read, and the apps show them.
import { z } from 'zod';
import { emailCategories, priorities } from './enums';

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
export type Sentiment = (typeof sentiments)[number];

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
        // A wedding or a reseller orders 1 200 bottles: large quantities are real, stock decides.
        quantity: z.number().int().min(1).max(100_000),
        confidence: z.number().min(0).max(1),
      }),
    )
    .max(50),
  deliveryAddress: z.string().trim().min(1).max(300).nullable(),
  replyDraft: z.string().trim().min(1).max(1_000),
});
export type Analysis = z.infer<typeof analysisSchema>;

/**
 * An email's triage: its category, how urgent it is, one line for the list, the thread's language
 * and a reply to start from, and the catalog's products when it is an order. The last three came
 * later: triages stored before them read with their defaults.
 */
export const triageSchema = z.object({
  category: z.enum(emailCategories),
  priority: z.enum(priorities),
  summary: z.string().trim().min(1).max(300),
  language: z.enum(['fr', 'en']).default('fr'),
  /** Null for marketing/spam: nothing to answer. */
  replyDraft: z.string().trim().min(1).max(2_000).nullable().default(null),
  orderLines: analysisSchema.shape.orderLines.default([]),
});
export type Triage = z.infer<typeof triageSchema>;

/**
 * The guard's verdict on an analysis's reply draft: whether it may go out without a person, and
 * what in it does not match the shop's catalog, draft order or settings (or the customer tried to
 * instruct the AI). Shown to the person who reviews the draft.
 */
export const replyGuardSchema = z.object({
  autoSend: z.boolean(),
  issues: z.array(
    z.object({
      kind: z.enum([
        'price',
        'total',
        'discount',
        'delivery_fee',
        'delivery_time',
        'stock',
        'injection',
      ]),
      text: z.string(),
      expected: z.string().nullable(),
    }),
  ),
});
export type ReplyGuard = z.infer<typeof replyGuardSchema>;

/**
 * An analysis as stored: with the last customer message it read (the next one knows what is new),
 * and the point of the location pin the customer shared, taken from the message itself (never
 * from the model).
 */
export const storedAnalysisSchema = analysisSchema.extend({
  deliveryLocation: z
    .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
    .nullable()
    .optional(),
  context: z.object({ lastMessageId: z.string() }).optional(),
  /** Absent on analyses stored before the guard existed. */
  guard: replyGuardSchema.optional(),
});
export type StoredAnalysis = z.infer<typeof storedAnalysisSchema>;

/** ai_insights.output: an analysis (kind `analysis`) or a triage (kind `email_triage`). */
export const insightOutputSchema = z.union([storedAnalysisSchema, triageSchema]);
export type InsightOutput = z.infer<typeof insightOutputSchema>;
