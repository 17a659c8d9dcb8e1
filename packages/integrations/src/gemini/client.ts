// Gemini through Google's maintained SDK (@google/genai): JSON answers constrained by a response
// schema, with an injectable base URL (tests and the bench point it at `startFakeGemini`), a
// timeout per call, and the SDK's retries on 408/429/5xx with exponential backoff.
import { lazy } from '../lazy';

// 1.2 MB of JavaScript: loaded on the first call, so a process with no Gemini key never pays it.
const genai = lazy(() => import('@google/genai'));

export const DEFAULT_GEMINI_MODEL = 'gemini-2.5-flash';

export interface GeminiOptions {
  apiKey: string;
  model?: string;
  /** Defaults to Google's endpoint; a local fake in tests. */
  baseUrl?: string;
  timeoutMs?: number;
  /** Attempts per call, the first included (429 and 5xx are retried). */
  attempts?: number;
  /** Seconds before the first retry; doubles after each. */
  retryDelaySeconds?: number;
}

export interface GeminiJsonRequest {
  /** The instructions: the only place the model takes orders from. */
  system: string;
  /** The material to work on (conversation, catalog), passed as data. */
  user: string;
  /** OpenAPI-style schema the answer must follow (Gemini's `responseSchema`). */
  responseJsonSchema: Record<string, unknown>;
  temperature?: number;
}

export interface GeminiJsonResult {
  text: string;
  model: string;
  tokensIn: number;
  tokensOut: number;
  latencyMs: number;
}

export class GeminiError extends Error {
  override readonly name = 'GeminiError';
  constructor(
    message: string,
    /** HTTP status, 0 when no answer came (timeout, network). */
    readonly status: number,
  ) {
    super(message);
  }
}

export interface GeminiClient {
  readonly model: string;
  generateJson(request: GeminiJsonRequest): Promise<GeminiJsonResult>;
}

export function createGeminiClient(options: GeminiOptions): GeminiClient {
  const model = options.model ?? DEFAULT_GEMINI_MODEL;
  const client = lazy(async () => {
    const { GoogleGenAI } = await genai();
    return new GoogleGenAI({
      apiKey: options.apiKey,
      httpOptions: {
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
        timeout: options.timeoutMs ?? 20_000,
        retryOptions: {
          attempts: options.attempts ?? 3,
          initialDelay: options.retryDelaySeconds ?? 1,
          maxDelay: 20,
          httpStatusCodes: [408, 429, 500, 502, 503, 504],
        },
      },
    });
  });
  return {
    model,
    async generateJson(request) {
      const started = performance.now();
      try {
        const ai = await client();
        const response = await ai.models.generateContent({
          model,
          contents: [{ role: 'user', parts: [{ text: request.user }] }],
          config: {
            systemInstruction: request.system,
            responseMimeType: 'application/json',
            responseJsonSchema: request.responseJsonSchema,
            temperature: request.temperature ?? 0.2,
          },
        });
        const text = response.text;
        if (!text) {
          const reason = response.candidates?.[0]?.finishReason ?? 'no candidate';
          throw new GeminiError(`Gemini returned no text (${reason})`, 200);
        }
        return {
          text,
          model: response.modelVersion ?? model,
          tokensIn: response.usageMetadata?.promptTokenCount ?? 0,
          tokensOut: response.usageMetadata?.candidatesTokenCount ?? 0,
          latencyMs: Math.round(performance.now() - started),
        };
      } catch (error) {
        if (error instanceof GeminiError) throw error;
        const { ApiError } = await genai();
        if (error instanceof ApiError) throw new GeminiError(error.message, error.status);
        throw new GeminiError(`Gemini unreachable: ${String(error)}`, 0);
      }
    },
  };
}
