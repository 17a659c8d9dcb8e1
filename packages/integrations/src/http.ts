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
    /**
     * Whether the provider may have acted on the request although we have no usable answer: a
     * timeout or a connection cut after sending, or a success we could not read. False when it
     * answered an error, or when the connection was never made (nothing was sent).
     */
    readonly mayHaveArrived = false,
  ) {
    super(message);
  }

  /** 429 and 5xx are worth retrying later; other 4xx are not. */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500 || this.status === 0;
  }
}

/** Connection errors that mean the request never left: safe to send again. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * A 4xx, or a 5xx carrying the provider's own error object, is the provider saying no: nothing
 * was done. A gateway's 502/504, or a 5xx without the provider's error, may come from a proxy in
 * front of a provider that did act.
 */
function mayHaveActed(
  status: number,
  body: unknown,
  isProviderErrorBody: (body: unknown) => boolean,
): boolean {
  if (status < 500) return false;
  if (status === 502 || status === 504) return true;
  return !isProviderErrorBody(body);
}

/** Meta's shape ({ error: {...} }); a provider with another passes `isProviderErrorBody`. */
const hasErrorField = (body: unknown) =>
  Boolean(body && typeof body === 'object' && 'error' in body);

export interface HttpClientOptions {
  provider: string;
  baseUrl: string;
  headers?: () => Record<string, string>;
  timeoutMs?: number;
  fetch?: typeof fetch;
  /**
   * Whether a 5xx body is the provider's own error object (the provider refused, nothing was
   * done) rather than a proxy's page. Default: an object with an `error` field.
   */
  isProviderErrorBody?: (body: unknown) => boolean;
}

export interface RequestOptions {
  /** Headers of this request only (an idempotency key). */
  headers?: Record<string, string>;
}

export interface BytesRequestOptions extends RequestOptions {
  /** GET unless said (a POST or DELETE whose answer has no JSON body). */
  method?: 'GET' | 'POST' | 'DELETE';
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A body that is JSON when it parses as JSON, else the text itself. */
function bodyOf(bytes: Buffer): unknown {
  const text = bytes.toString('utf8');
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
}

export function createHttpClient(options: HttpClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');

  /** One exchange: the answer's bytes, or a ProviderError saying whether it may have acted. */
  async function send(
    method: Method,
    path: string,
    body: unknown,
    requestOptions: RequestOptions,
  ): Promise<{ status: number; bytes: Buffer }> {
    const form = body instanceof URLSearchParams;
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body === undefined
            ? {}
            : {
                'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
              }),
          ...options.headers?.(),
          ...requestOptions.headers,
        },
        body: body === undefined ? null : form ? body.toString() : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      const code = (error as { cause?: { code?: unknown } }).cause?.code;
      const neverSent = typeof code === 'string' && NOT_CONNECTED.has(code);
      throw new ProviderError(
        options.provider,
        0,
        `${options.provider} ${neverSent ? 'unreachable' : 'did not answer'}: ${String(error)}`,
        null,
        !neverSent,
      );
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    if (!response.ok) {
      const json = bodyOf(bytes);
      throw new ProviderError(
        options.provider,
        response.status,
        `${options.provider} answered ${response.status} to ${method} ${path}`,
        json,
        mayHaveActed(response.status, json, options.isProviderErrorBody ?? hasErrorField),
      );
    }
    return { status: response.status, bytes };
  }

  return {
    async request<S extends z.ZodType>(
      method: Method,
      path: string,
      schema: S,
      /** JSON, or form-encoded when given as URLSearchParams. */
      body?: unknown,
      requestOptions: RequestOptions = {},
    ): Promise<z.infer<S>> {
      const { status, bytes } = await send(method, path, body, requestOptions);
      const json = bodyOf(bytes);
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        throw new ProviderError(
          options.provider,
          status,
          `${options.provider} sent an unexpected response to ${method} ${path}: ${parsed.error.message}`,
          json,
          true,
        );
      }
      return parsed.data;
    },
    /** The answer's bytes as sent (a MIME message, an empty 202), errors as for `request`. */
    async requestBytes(path: string, requestOptions: BytesRequestOptions = {}): Promise<Buffer> {
      const { method = 'GET', ...rest } = requestOptions;
      return (await send(method, path, undefined, rest)).bytes;
    },
  };
}
