// The AI's one way of answering: Gemini when a key is configured and the business is within its
// monthly quota, else (or when Gemini fails) local rules. Used by the conversation analysis and
// the email triage; the answer says which answered, and why not Gemini.
import type { Db } from '@flux/db';
import { insightCounts } from '@flux/db/queries/ai-insights';
import { subscriptionOf } from '@flux/db/queries/subscriptions';
import { type GeminiClient, GeminiError } from '@flux/integrations';
import type { z } from 'zod';
import type { AppServices } from '../context';

export const LOCAL_MODEL = 'local-rules-v1';

/** Gemini calls this business made since the start of the month (UTC), and its monthly quota. */
export async function geminiQuotaLeft(db: Db, businessId: string): Promise<boolean> {
  const subscription = await subscriptionOf(db, { businessId });
  const now = new Date();
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  // Every insight of the month but the local analyzer's was a call to the model.
  const counts = await insightCounts(db, {
    businessId,
    since: monthStart,
    localModel: LOCAL_MODEL,
  });
  return counts.analyses - counts.local < (subscription?.aiCallsLimit ?? 0);
}

/** What Gemini is asked: instructions, the data, and the JSON its answer must be (zod-checked). */
export interface GeminiRequest<T> {
  system: string;
  user: string;
  jsonSchema: Record<string, unknown>;
  schema: z.ZodType<T>;
}

export interface GeminiAnswer<T> {
  value: T;
  model: string;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
}

/**
 * Asks Gemini for JSON of a zod schema; an answer out of schema or a timeout is asked once more
 * (429/5xx were already retried with backoff by the client). Throws when it still has nothing.
 */
export async function askGemini<T>(
  gemini: GeminiClient,
  request: GeminiRequest<T>,
): Promise<GeminiAnswer<T>> {
  let problem = '';
  const started = performance.now();
  let tokensIn = 0;
  let tokensOut = 0;
  for (let attempt = 1; attempt <= 2; attempt++) {
    let answer: Awaited<ReturnType<GeminiClient['generateJson']>>;
    try {
      answer = await gemini.generateJson({
        system: request.system,
        user: request.user,
        responseJsonSchema: request.jsonSchema,
      });
    } catch (error) {
      if (error instanceof GeminiError && error.status === 0 && attempt === 1) {
        problem = error.message;
        continue;
      }
      throw error;
    }
    tokensIn += answer.tokensIn;
    tokensOut += answer.tokensOut;
    let json: unknown;
    try {
      json = JSON.parse(answer.text);
    } catch {
      problem = 'Gemini answered text that is not JSON';
      continue;
    }
    const parsed = request.schema.safeParse(json);
    if (!parsed.success) {
      problem = `Gemini answered out of schema: ${parsed.error.issues[0]?.message ?? ''}`;
      continue;
    }
    return {
      value: parsed.data,
      model: answer.model,
      tokensIn,
      tokensOut,
      latencyMs: Math.round(performance.now() - started),
    };
  }
  throw new GeminiError(problem, 200);
}

/** An answer, Gemini's or the local rules'. */
export interface AiAnswer<T> extends GeminiAnswer<T> {
  source: 'gemini' | 'local';
  /** Why the local rules answered instead of Gemini (no key, quota, error); null: Gemini did. */
  fallback: string | null;
}

/**
 * Asks Gemini (`gemini()` builds the request only when Gemini is asked), else runs `local()`.
 * Gemini failing is logged as a warning with `logContext`, never thrown: the local rules answer.
 */
export async function answerWithAi<T>(
  services: Pick<AppServices, 'db' | 'log' | 'ai'>,
  businessId: string,
  ask: {
    gemini: () => GeminiRequest<T>;
    local: () => T;
    logContext: Record<string, unknown>;
    /** The warning logged when Gemini fails. */
    failureMessage: string;
  },
): Promise<AiAnswer<T>> {
  let fallback: string;
  const { gemini } = services.ai;
  if (!gemini) fallback = 'no Gemini key';
  else if (!(await geminiQuotaLeft(services.db, businessId))) fallback = 'monthly AI quota reached';
  else {
    try {
      const answer = await askGemini(gemini, ask.gemini());
      return { ...answer, source: 'gemini', fallback: null };
    } catch (error) {
      fallback = `Gemini failed: ${String(error instanceof Error ? error.message : error).slice(0, 200)}`;
      services.log.warn({ err: error, ...ask.logContext }, ask.failureMessage);
    }
  }
  const started = performance.now();
  const value = ask.local();
  return {
    value,
    model: LOCAL_MODEL,
    tokensIn: 0,
    tokensOut: 0,
    latencyMs: Math.round(performance.now() - started),
    source: 'local',
    fallback,
  };
}
