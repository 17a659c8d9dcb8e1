// The typed API client: the API's types only (AppRouter), the courier's bearer session.
import type { AppRouter } from '@flux/api';
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
} from '@trpc/client';
import superjson from 'superjson';
import { apiBaseUrl } from '../lib/env';
import { FetchEventSource } from '../lib/event-source';
import { streamFetch } from '../lib/stream-fetch';

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
  const headers = (): Record<string, string> => {
    const token = getToken();
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        // The live events (SSE) with the bearer header: see lib/event-source.
        true: httpSubscriptionLink({
          url: `${baseUrl}/trpc`,
          transformer: superjson,
          EventSource: FetchEventSource,
          eventSourceOptions: () => ({ headers: headers(), fetch: streamFetch }),
        }),
        false: httpBatchLink({
          url: `${baseUrl}/trpc`,
          transformer: superjson,
          fetch: fetchNotingTheClock,
          // Offline fixes replayed together stay one request, but a GET's URL stays short.
          maxURLLength: 2_000,
          headers,
        }),
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
