// Gmail API client (users.* of one mailbox, "me"), on the shared HTTP client: base URL injectable
// (the fake), a timeout per call, zod-parsed answers. Google's errors are `{ error: {...} }`.
import { createHttpClient, ProviderError } from '../http';
import {
  gmailHistoryListSchema,
  gmailMessageListSchema,
  gmailProfileSchema,
  gmailRawMessageSchema,
  gmailSentSchema,
  gmailWatchSchema,
} from './schemas';

export const GMAIL_API_BASE_URL = 'https://gmail.googleapis.com';

export interface GmailClientOptions {
  baseUrl?: string;
  accessToken: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A 404 on history.list: the startHistoryId is older than Gmail keeps (about a week). */
export const isHistoryTooOld = (error: unknown) =>
  error instanceof ProviderError && error.status === 404;

/** A 401: the access token is no longer accepted (expired or revoked). */
export const isUnauthorized = (error: unknown) =>
  error instanceof ProviderError && error.status === 401;

export function createGmailClient(options: GmailClientOptions) {
  const http = createHttpClient({
    provider: 'gmail',
    baseUrl: `${(options.baseUrl ?? GMAIL_API_BASE_URL).replace(/\/+$/, '')}/gmail/v1/users/me`,
    headers: () => ({ authorization: `Bearer ${options.accessToken}` }),
    timeoutMs: options.timeoutMs ?? 15_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const query = (params: Record<string, string | number | undefined>) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) {
      if (value !== undefined) search.set(key, String(value));
    }
    const text = search.toString();
    return text ? `?${text}` : '';
  };
  return {
    profile: () => http.request('GET', '/profile', gmailProfileSchema),
    /** Ids of messages matching `q` (Gmail's search syntax), newest first, one page. */
    listMessages: (params: { q?: string; pageToken?: string; maxResults?: number }) =>
      http.request('GET', `/messages${query(params)}`, gmailMessageListSchema),
    getRawMessage: (id: string) =>
      http.request('GET', `/messages/${encodeURIComponent(id)}?format=raw`, gmailRawMessageSchema),
    listHistory: (params: { startHistoryId: string; pageToken?: string }) =>
      http.request(
        'GET',
        `/history${query({ ...params, historyTypes: 'messageAdded', maxResults: 500 })}`,
        gmailHistoryListSchema,
      ),
    watch: (params: { topicName: string; labelIds?: string[] }) =>
      http.request('POST', '/watch', gmailWatchSchema, {
        topicName: params.topicName,
        labelIds: params.labelIds ?? ['INBOX'],
        labelFilterBehavior: 'INCLUDE',
      }),
    /** Sends an RFC 822 message (base64url), in `threadId` when given. */
    send: (params: { raw: string; threadId?: string }) =>
      http.request('POST', '/messages/send', gmailSentSchema, params),
  };
}

export type GmailClient = ReturnType<typeof createGmailClient>;
