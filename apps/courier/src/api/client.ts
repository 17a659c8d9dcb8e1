// The typed API client: the API's types only (AppRouter), the courier's bearer session.
import type { AppRouter } from '@flux/api';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { apiBaseUrl } from '../lib/env';
import type { SendOutcome } from '../lib/queue';

let bearer: string | null = null;
/** The session's token, set by the session provider (and the background location task). */
export function setBearer(token: string | null) {
  bearer = token;
}
export const authHeaders = (): Record<string, string> =>
  bearer ? { authorization: `Bearer ${bearer}` } : {};

let clockSkewMs = 0;
/**
 * Server time minus the phone's, from the last answer's Date header (cheap phones keep bad time;
 * an offer's countdown is to the server's expiry). Within 2 s (the header's resolution) it is 0.
 */
export const serverClockSkew = () => clockSkewMs;

const fetchNotingTheClock: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const date = Date.parse(response.headers.get('date') ?? '');
  if (Number.isFinite(date)) {
    const skew = date - Date.now();
    clockSkewMs = Math.abs(skew) > 2_000 ? skew : 0;
  }
  return response;
};

export function createCourierClient(baseUrl: string, getToken: () => string | null) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${baseUrl}/trpc`,
        transformer: superjson,
        fetch: fetchNotingTheClock,
        // Offline fixes replayed together stay one request, but a GET's URL stays short.
        maxURLLength: 2_000,
        headers() {
          const token = getToken();
          return token ? { authorization: `Bearer ${token}` } : {};
        },
      }),
    ],
  });
}

export const api = createCourierClient(apiBaseUrl(), () => bearer);
export type CourierApi = typeof api;
export type Offer = Awaited<ReturnType<CourierApi['courier']['myOffers']['query']>>[number];
export type Task = Awaited<ReturnType<CourierApi['courier']['myDeliveries']['query']>>[number];
export type Today = Awaited<ReturnType<CourierApi['courier']['today']['query']>>;
export type Me = Awaited<ReturnType<CourierApi['courier']['me']['query']>>;

/** The server's tRPC code of an error, when the server answered at all. */
export function errorCode(error: unknown): string | null {
  return error instanceof TRPCClientError
    ? ((error.data as { code?: string })?.code ?? null)
    : null;
}

/**
 * How a queued action's send ended: the server said no (4xx but a lost session or a rate
 * limit) — drop it and say why; anything else (no network, a proxy's 502, a server error) —
 * keep it for the next try.
 */
export function outcomeOf(error: unknown): SendOutcome {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: string; httpStatus?: number } | undefined;
    const status = data?.httpStatus ?? 0;
    if (
      data?.code &&
      status >= 400 &&
      status < 500 &&
      data.code !== 'UNAUTHORIZED' &&
      data.code !== 'TOO_MANY_REQUESTS'
    ) {
      return { ok: false, rejected: true, code: data.code, message };
    }
  }
  return { ok: false, rejected: false, message };
}
