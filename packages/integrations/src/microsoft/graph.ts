// Microsoft Graph mail client (the signed-in user, "me") on the shared HTTP client: base URL
// injectable (the fake), a timeout per call, zod-parsed answers. Graph's errors are
// `{ error: { code, message } }`, like Google's, so the shared client reads them as they are.
import { createHttpClient, ProviderError } from '../http';
import {
  graphDeltaPageSchema,
  graphMessageSchema,
  graphSubscriptionSchema,
  graphUserSchema,
} from './schemas';

export const GRAPH_API_BASE_URL = 'https://graph.microsoft.com/v1.0';

/** The folders synced: what arrives, and what the mailbox sends (replies from Outlook itself). */
export const OUTLOOK_FOLDERS = ['inbox', 'sentitems'] as const;
export type OutlookFolder = (typeof OUTLOOK_FOLDERS)[number];

/** What delta lists of each message: enough to skip what is stored before fetching its MIME. */
const DELTA_SELECT = 'id,conversationId,internetMessageId,receivedDateTime,isDraft,from';

export interface GraphClientOptions {
  baseUrl?: string;
  accessToken: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A 410 on a delta link: Graph lost the sync state (syncStateNotFound, resyncRequired). */
export const isDeltaGone = (error: unknown) =>
  error instanceof ProviderError && error.status === 410;

export function createGraphClient(options: GraphClientOptions) {
  const base = (options.baseUrl ?? GRAPH_API_BASE_URL).replace(/\/+$/, '');
  const http = createHttpClient({
    provider: 'graph',
    baseUrl: base,
    headers: () => ({ authorization: `Bearer ${options.accessToken}` }),
    timeoutMs: options.timeoutMs ?? 15_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const id = encodeURIComponent;
  return {
    me: () => http.request('GET', '/me', graphUserSchema),
    /**
     * One page of a folder's message delta: from `link` (a nextLink or deltaLink Graph gave), or a
     * new round of messages received since `since`. The link must be Graph's own (our base URL):
     * the access token never goes to another host.
     */
    delta(
      folder: OutlookFolder,
      params: { link?: string | null; since?: Date; pageSize?: number },
    ) {
      let path: string;
      if (params.link) {
        if (!params.link.startsWith(`${base}/`)) {
          throw new Error(`graph: a delta link outside ${base} is refused`);
        }
        path = params.link.slice(base.length);
      } else {
        const query = new URLSearchParams({ $select: DELTA_SELECT });
        if (params.since) query.set('$filter', `receivedDateTime ge ${params.since.toISOString()}`);
        path = `/me/mailFolders/${folder}/messages/delta?${query.toString()}`;
      }
      return http.request('GET', path, graphDeltaPageSchema, undefined, {
        headers: { prefer: `odata.maxpagesize=${params.pageSize ?? 100}` },
      });
    },
    /** The message as MIME (RFC 822), for the shared parser. */
    mime: (messageId: string) => http.requestBytes(`/me/messages/${id(messageId)}/$value`),
    message: (messageId: string) =>
      http.request(
        'GET',
        `/me/messages/${id(messageId)}?$select=id,conversationId,internetMessageId,isDraft,subject`,
        graphMessageSchema,
      ),
    createSubscription: (params: {
      notificationUrl: string;
      lifecycleNotificationUrl: string;
      resource: string;
      expirationDateTime: Date;
      clientState: string;
    }) =>
      http.request('POST', '/subscriptions', graphSubscriptionSchema, {
        changeType: 'created',
        notificationUrl: params.notificationUrl,
        lifecycleNotificationUrl: params.lifecycleNotificationUrl,
        resource: params.resource,
        expirationDateTime: params.expirationDateTime.toISOString(),
        clientState: params.clientState,
      }),
    renewSubscription: (subscriptionId: string, expirationDateTime: Date) =>
      http.request('PATCH', `/subscriptions/${id(subscriptionId)}`, graphSubscriptionSchema, {
        expirationDateTime: expirationDateTime.toISOString(),
      }),
    deleteSubscription: async (subscriptionId: string) => {
      await http.requestBytes(`/subscriptions/${id(subscriptionId)}`, { method: 'DELETE' });
    },
    /** A draft reply (or reply-all) in the message's conversation, with our text and headers. */
    createReply: (
      messageId: string,
      params: {
        all: boolean;
        body: { contentType: 'text' | 'html'; content: string };
        headers?: { name: string; value: string }[];
      },
    ) =>
      http.request(
        'POST',
        `/me/messages/${id(messageId)}/${params.all ? 'createReplyAll' : 'createReply'}`,
        graphMessageSchema,
        {
          message: {
            body: params.body,
            ...(params.headers?.length ? { internetMessageHeaders: params.headers } : {}),
          },
        },
      ),
    /** Sends a draft (202, no body): Graph moves it to Sent Items under a new id. */
    sendDraft: async (draftId: string) => {
      await http.requestBytes(`/me/messages/${id(draftId)}/send`, { method: 'POST' });
    },
  };
}

export type GraphClient = ReturnType<typeof createGraphClient>;
