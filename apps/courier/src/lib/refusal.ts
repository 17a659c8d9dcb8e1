// Which failures of a queued action are final. A 4xx the same request will meet again (bad input,
// not allowed, the delivery changed meanwhile, a photo too big) takes the action out of the queue
// and the courier reads why and what to do; anything else (no network, a proxy's 502, a server
// error, a lost session, a rate limit, a timeout) keeps it for a later try, with backoff.
import { TRPCClientError } from '@trpc/client';
import type { Refusal, SendOutcome } from './queue';

/** 4xx that may pass later: the session renewed, the rate limit past, a timeout. */
const RETRIED_STATUS = new Set([401, 408, 429, 499]);
const RETRIED_CODES = new Set([
  'UNAUTHORIZED',
  'TOO_MANY_REQUESTS',
  'TIMEOUT',
  'CLIENT_CLOSED_REQUEST',
]);

/** Whether an answer with this HTTP status (and tRPC code) will not change on a replay. */
export function isFinalRefusal(status: number, code?: string): boolean {
  if (status < 400 || status >= 500) return false;
  if (RETRIED_STATUS.has(status)) return false;
  return !(code && RETRIED_CODES.has(code));
}

/** The proof upload (plain HTTP) refused the photo: the server's words and its status. */
export class UploadRefusedError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly refusal?: Refusal,
  ) {
    super(message);
    this.name = 'UploadRefusedError';
  }
}

/** How a queued action's send ended, from what it threw. */
export function outcomeOf(error: unknown): SendOutcome {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof UploadRefusedError) {
    return isFinalRefusal(error.status)
      ? { ok: false, rejected: true, code: 'PHOTO_REFUSED', message, refusal: error.refusal }
      : { ok: false, rejected: false, message };
  }
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: string; httpStatus?: number } | undefined;
    if (data?.code && isFinalRefusal(data.httpStatus ?? 0, data.code)) {
      return { ok: false, rejected: true, code: data.code, message, refusal: refusalOf(error) };
    }
  }
  return { ok: false, rejected: false, message };
}

/** The reason and parameters a refusal carries (tRPC's error data, the upload's JSON body). */
export function refusalOf(error: unknown): Refusal | undefined {
  const data =
    error instanceof TRPCClientError
      ? (error.data as { reason?: unknown; params?: unknown } | undefined)
      : error instanceof UploadRefusedError
        ? error.refusal
        : undefined;
  if (typeof data?.reason !== 'string') return undefined;
  const params = typeof data.params === 'object' && data.params ? data.params : {};
  return { reason: data.reason, params: params as Record<string, unknown> };
}
