// The one HTTP client every provider client is built on: injectable base URL (so tests point it at
// a local fake server), a timeout, JSON in and out, and zod-parsed responses.
import type { z } from 'zod';

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  constructor(
    readonly provider: string,
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }

  /** 429 and 5xx are worth retrying later; other 4xx are not. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500 || this.status === 0;
  }
}

export interface HttpClientOptions {
  provider: string;
  baseUrl: string;
  headers?: () => Record<string, string>;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export function createHttpClient(options: HttpClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  return {
    async request<S extends z.ZodType>(
      method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
      path: string,
      schema: S,
      body?: unknown,
    ): Promise<z.infer<S>> {
      let response: Response;
      try {
        response = await doFetch(`${base}${path}`, {
          method,
          headers: {
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...options.headers?.(),
          },
          body: body === undefined ? null : JSON.stringify(body),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch (error) {
        throw new ProviderError(
          options.provider,
          0,
          `${options.provider} unreachable: ${String(error)}`,
          null,
        );
      }
      const text = await response.text();
      let json: unknown = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = text;
      }
      if (!response.ok) {
        throw new ProviderError(
          options.provider,
          response.status,
          `${options.provider} answered ${response.status} to ${method} ${path}`,
          json,
        );
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        throw new ProviderError(
          options.provider,
          response.status,
          `${options.provider} sent an unexpected response to ${method} ${path}: ${parsed.error.message}`,
          json,
        );
      }
      return parsed.data;
    },
  };
}
