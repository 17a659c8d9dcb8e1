// A local fake of Microsoft for tests and the sandbox: Entra ID's v2 authorize and token
// endpoints (PKCE S256 checked, refresh tokens rotated, a revoked grant → invalid_grant) and
// Graph's mail: /me, the inbox and sent items' message delta (nextLink / deltaLink pages, a sync
// state forgotten → 410), a message and its MIME, createReply / createReplyAll / send, and
// subscriptions whose creation POSTs the validation handshake to the notification URLs. It sends
// change and lifecycle notifications the way Graph does. It answers like Graph, errors included.
// Over 400 lines on purpose: one fake server whose sign-in, mail and subscription routes share the
// mailboxes, grants and delta states, as Microsoft's do.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseEmail } from '../email/parse';
import { rfc822 } from '../google/fake';
import { base64url, createFakeIssuer, json, readBody } from '../oauth/fake';
import type { OutlookFolder } from './graph';
import { IDEMPOTENCY_HEADER } from './reply';

export interface FakeOutlookMessage {
  id: string;
  folder: OutlookFolder | 'drafts';
  conversationId: string;
  internetMessageId: string;
  receivedDateTime: string;
  /** Its place in the mailbox's change order (what delta tokens count). */
  seq: number;
  raw: Buffer;
  headers: { name: string; value: string }[];
}

interface Subscription {
  id: string;
  address: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string | null;
  clientState: string | null;
  expirationDateTime: string;
}

interface Mailbox {
  address: string;
  userId: string;
  messages: FakeOutlookMessage[];
  seq: number;
  /** Delta tokens of an older generation answer 410 (the sync state was forgotten). */
  generation: number;
}

export interface FakeMicrosoftOptions {
  accessTokenTtlSeconds?: number;
  client?: { id: string; secret: string };
  /** Sandbox: the sign-in page signs in as this mailbox when the request names none. */
  defaultMailbox?: string;
}

export interface FakeMicrosoft {
  url: string;
  /** The login host (MICROSOFT_LOGIN_BASE_URL). */
  loginBaseUrl: string;
  /** Graph's base (MICROSOFT_GRAPH_BASE_URL). */
  graphBaseUrl: string;
  addMailbox(address: string): void;
  /** A message lands in a folder (inbox unless said); its Graph id changes if it is moved. */
  deliver(
    address: string,
    raw: string | Buffer,
    options?: { folder?: OutlookFolder; conversationId?: string; receivedDateTime?: Date },
  ): FakeOutlookMessage;
  /** Graph forgets the mailbox's sync states: every delta token given so far answers 410. */
  forgetDeltaState(address: string): void;
  /** The user removes the app's access: every grant of the mailbox is revoked. */
  revokeAccess(address: string): void;
  /** The next Graph calls answer this status (Graph's error body). */
  failNext(status: number, times?: number): void;
  subscriptions(): Subscription[];
  /** POSTs a `created` change notification to each subscription of the mailbox; their statuses. */
  notify(address: string, options?: { clientState?: string }): Promise<number[]>;
  /** POSTs a lifecycle event for the subscription to its lifecycle URL; the status. */
  lifecycle(
    subscriptionId: string,
    event: 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed',
  ): Promise<number>;
  /** Replies sent through send: the original's conversation, recipients, text and our key. */
  sent: {
    address: string;
    id: string;
    conversationId: string;
    inReplyTo: string | null;
    to: string[];
    cc: string[];
    text: string;
    idempotencyKey: string | null;
  }[];
  calls: Map<string, number>;
  close(): Promise<void>;
}

/** Graph's limit for mail subscriptions: under 4230 minutes (about three days). */
export const OUTLOOK_SUBSCRIPTION_MAX_MINUTES = 4230;

const graphError = (res: ServerResponse, status: number, code: string, message: string) =>
  json(res, status, {
    error: {
      code,
      message,
      innerError: { date: new Date().toISOString(), 'request-id': randomUUID() },
    },
  });

/** A delta token: where a round starts (`from`) and ends (`to`), its window and page offset. */
interface DeltaState {
  generation: number;
  folder: OutlookFolder;
  from: number;
  to: number;
  since: string | null;
  offset: number;
}

const encodeState = (state: DeltaState) => base64url(Buffer.from(JSON.stringify(state)));
const decodeState = (token: string): DeltaState | null => {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as DeltaState;
  } catch {
    return null;
  }
};

export async function startFakeMicrosoft(
  options: FakeMicrosoftOptions = {},
): Promise<FakeMicrosoft> {
  const mailboxes = new Map<string, Mailbox>();
  const subscriptions = new Map<string, Subscription>();
  const sent: FakeMicrosoft['sent'] = [];
  const calls = new Map<string, number>();
  let failures: { status: number; times: number } | null = null;
  let url = '';
  const issuer = createFakeIssuer(
    {
      accessTokenTtlSeconds: options.accessTokenTtlSeconds ?? 3600,
      client: options.client,
      defaultMailbox: () => options.defaultMailbox ?? [...mailboxes.keys()][0],
      prefixes: { code: 'M.C5_fake.', access: 'EwB.fake-', refresh: 'M.R3_fake.' },
      scope:
        'https://graph.microsoft.com/Mail.ReadWrite https://graph.microsoft.com/Mail.Send https://graph.microsoft.com/User.Read',
      rotateRefreshTokens: true,
      messages: {
        badCode: 'AADSTS54005: OAuth2 Authorization code was already redeemed.',
        badVerifier:
          'AADSTS501481: The Code_Verifier does not match the code_challenge supplied in the authorization request.',
        revoked:
          'AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed.',
      },
    },
    (address) => mailboxes.has(address),
  );

  const mailbox = (address: string) => {
    const box = mailboxes.get(address.toLowerCase());
    if (!box) throw new Error(`fake microsoft: no mailbox ${address}`);
    return box;
  };
  const graphBase = () => `${url}/v1.0`;

  function store(
    box: Mailbox,
    message: Omit<FakeOutlookMessage, 'id' | 'seq'>,
  ): FakeOutlookMessage {
    box.seq += 1;
    const stored = {
      ...message,
      id: `AAMkAD${base64url(Buffer.from(randomUUID()))}`,
      seq: box.seq,
    };
    box.messages.push(stored);
    return stored;
  }

  function deltaPage(box: Mailbox, state: DeltaState, pageSize: number) {
    const inRound = box.messages
      .filter(
        (m) =>
          m.folder === state.folder &&
          m.seq > state.from &&
          m.seq <= state.to &&
          (!state.since || m.receivedDateTime >= state.since),
      )
      .sort((a, b) => a.seq - b.seq);
    const page = inRound.slice(state.offset, state.offset + pageSize);
    const more = state.offset + pageSize < inRound.length;
    const link = `${graphBase()}/me/mailFolders/${state.folder}/messages/delta`;
    return {
      '@odata.context': `${graphBase()}/$metadata#Collection(message)`,
      value: page.map((m) => ({
        '@odata.type': '#microsoft.graph.message',
        '@odata.etag': `W/"${m.seq}"`,
        id: m.id,
        conversationId: m.conversationId,
        internetMessageId: m.internetMessageId,
        receivedDateTime: m.receivedDateTime,
        isDraft: false,
      })),
      ...(more
        ? {
            '@odata.nextLink': `${link}?$skiptoken=${encodeState({ ...state, offset: state.offset + pageSize })}`,
          }
        : {
            '@odata.deltaLink': `${link}?$deltatoken=${encodeState({ ...state, from: state.to, since: null, offset: 0 })}`,
          }),
    };
  }

  /** Graph's handshake: the validation token must come back as text, within 10 s. */
  async function validates(endpoint: string): Promise<boolean> {
    const token = `Validation: Testing client application reachability for subscription Request-Id: ${randomUUID()}`;
    const target = new URL(endpoint);
    target.searchParams.set('validationToken', token);
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'text/plain; charset=utf-8' },
        signal: AbortSignal.timeout(10_000),
      });
      const body = await response.text();
      return (
        response.status === 200 &&
        (response.headers.get('content-type') ?? '').startsWith('text/plain') &&
        body === token
      );
    } catch {
      return false;
    }
  }

  async function subscriptionsRoute(
    req: IncomingMessage,
    res: ServerResponse,
    rest: string,
    address: string,
  ) {
    const id = rest.split('/')[1];
    if (req.method === 'POST' && !id) {
      const body = JSON.parse((await readBody(req)) || '{}') as Partial<Subscription>;
      const expiration = Date.parse(body.expirationDateTime ?? '');
      if (
        !body.notificationUrl ||
        !body.resource ||
        !Number.isFinite(expiration) ||
        expiration > Date.now() + OUTLOOK_SUBSCRIPTION_MAX_MINUTES * 60_000
      ) {
        return graphError(
          res,
          400,
          'ExtensionError',
          `Subscription expiration can only be ${OUTLOOK_SUBSCRIPTION_MAX_MINUTES} minutes in the future.`,
        );
      }
      const urls = [body.notificationUrl, body.lifecycleNotificationUrl].filter(
        (value): value is string => Boolean(value),
      );
      for (const endpoint of new Set(urls)) {
        if (!(await validates(endpoint))) {
          return graphError(
            res,
            400,
            'ValidationError',
            'Subscription validation request failed. Response must exactly match validationToken query parameter.',
          );
        }
      }
      const subscription: Subscription = {
        id: randomUUID(),
        address,
        resource: body.resource,
        changeType: body.changeType ?? 'created',
        notificationUrl: body.notificationUrl,
        lifecycleNotificationUrl: body.lifecycleNotificationUrl ?? null,
        clientState: body.clientState ?? null,
        expirationDateTime: new Date(expiration).toISOString(),
      };
      subscriptions.set(subscription.id, subscription);
      return json(res, 201, subscription);
    }
    const subscription = id ? subscriptions.get(id) : undefined;
    if (!subscription || subscription.address !== address) {
      return graphError(res, 404, 'ResourceNotFound', 'The object was not found.');
    }
    if (req.method === 'PATCH') {
      const body = JSON.parse((await readBody(req)) || '{}') as { expirationDateTime?: string };
      const expiration = Date.parse(body.expirationDateTime ?? '');
      if (
        !Number.isFinite(expiration) ||
        expiration > Date.now() + OUTLOOK_SUBSCRIPTION_MAX_MINUTES * 60_000
      ) {
        return graphError(res, 400, 'ExtensionError', 'Invalid expirationDateTime.');
      }
      subscription.expirationDateTime = new Date(expiration).toISOString();
      return json(res, 200, subscription);
    }
    if (req.method === 'DELETE') {
      subscriptions.delete(subscription.id);
      res.writeHead(204);
      return res.end();
    }
    return graphError(res, 405, 'BadRequest', 'Method not allowed.');
  }

  async function reply(box: Mailbox, original: FakeOutlookMessage, all: boolean, body: string) {
    const request = JSON.parse(body || '{}') as {
      message?: {
        body?: { content?: string };
        internetMessageHeaders?: { name: string; value: string }[];
      };
      comment?: string;
    };
    const parsed = await parseEmail(original.raw);
    const to = [parsed.from?.address ?? ''].filter(Boolean);
    const cc = all
      ? [...parsed.to, ...parsed.cc].filter((a) => a !== box.address && !to.includes(a))
      : [];
    const text = request.message?.body?.content ?? request.comment ?? '';
    const headers = request.message?.internetMessageHeaders ?? [];
    const subject = parsed.subject ?? '';
    const internetMessageId = `<${randomUUID()}@fake.outlook.com>`;
    return store(box, {
      folder: 'drafts',
      conversationId: original.conversationId,
      internetMessageId,
      receivedDateTime: new Date().toISOString(),
      headers,
      raw: Buffer.from(
        rfc822({
          from: box.address,
          to: to.join(', '),
          subject: /^re:/i.test(subject) ? subject : `RE: ${subject}`,
          text,
          messageId: internetMessageId,
          headers: {
            'In-Reply-To': original.internetMessageId,
            References: original.internetMessageId,
            ...(cc.length ? { Cc: cc.join(', ') } : {}),
            ...Object.fromEntries(headers.map((h) => [h.name, h.value])),
          },
        }),
      ),
    });
  }

  function messageJson(m: FakeOutlookMessage) {
    return {
      id: m.id,
      conversationId: m.conversationId,
      internetMessageId: m.internetMessageId,
      isDraft: m.folder === 'drafts',
      subject: null,
      receivedDateTime: m.receivedDateTime,
    };
  }

  async function graph(req: IncomingMessage, res: ServerResponse, reqUrl: URL, rest: string) {
    const grant = issuer.grantOf(req);
    if (!grant) {
      return graphError(
        res,
        401,
        'InvalidAuthenticationToken',
        'Access token has expired or is not yet valid.',
      );
    }
    const box = mailbox(grant.address);
    const route = `${req.method} ${rest
      .replace(/^me\/messages\/[^/]+/, 'me/messages/{id}')
      .replace(/^subscriptions\/.+$/, 'subscriptions/{id}')}`;
    calls.set(route, (calls.get(route) ?? 0) + 1);
    if (failures && failures.times > 0) {
      failures.times -= 1;
      return graphError(res, failures.status, 'ServiceUnavailable', 'Backend error.');
    }
    if (route === 'GET me') {
      return json(res, 200, {
        id: box.userId,
        mail: box.address,
        userPrincipalName: box.address,
        displayName: box.address.split('@')[0],
      });
    }
    const delta = rest.match(/^me\/mailFolders\/(inbox|sentitems)\/messages\/delta$/);
    if (req.method === 'GET' && delta) {
      const folder = delta[1] as OutlookFolder;
      const pageSize = Math.min(
        Number(String(req.headers.prefer ?? '').match(/odata\.maxpagesize=(\d+)/)?.[1] ?? 10),
        1000,
      );
      const token = reqUrl.searchParams.get('$skiptoken') ?? reqUrl.searchParams.get('$deltatoken');
      let state: DeltaState | null;
      if (token) {
        state = decodeState(token);
        if (!state || state.generation !== box.generation) {
          return graphError(
            res,
            410,
            'SyncStateNotFound',
            'The sync state generation is not found or has expired.',
          );
        }
        // A deltaLink starts a new round up to now; a skiptoken continues the round it is in.
        if (reqUrl.searchParams.has('$deltatoken')) state = { ...state, to: box.seq };
      } else {
        const since = reqUrl.searchParams.get('$filter')?.match(/receivedDateTime ge (\S+)/)?.[1];
        state = {
          generation: box.generation,
          folder,
          from: 0,
          to: box.seq,
          since: since ? new Date(since).toISOString() : null,
          offset: 0,
        };
      }
      return json(res, 200, deltaPage(box, state, pageSize));
    }
    if (rest === 'subscriptions' || rest.startsWith('subscriptions/')) {
      return subscriptionsRoute(req, res, rest, box.address);
    }
    const messageRoute = rest.match(/^me\/messages\/([^/]+)(?:\/(.+))?$/);
    if (messageRoute) {
      const id = decodeURIComponent(messageRoute[1] ?? '');
      const action = messageRoute[2];
      const message = box.messages.find((m) => m.id === id);
      if (!message)
        return graphError(
          res,
          404,
          'ErrorItemNotFound',
          'The specified object was not found in the store.',
        );
      if (req.method === 'GET' && action === '$value') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end(message.raw);
      }
      if (req.method === 'GET' && !action) return json(res, 200, messageJson(message));
      if (req.method === 'POST' && (action === 'createReply' || action === 'createReplyAll')) {
        const draft = await reply(box, message, action === 'createReplyAll', await readBody(req));
        return json(res, 201, messageJson(draft));
      }
      if (req.method === 'POST' && action === 'send') {
        if (message.folder !== 'drafts') {
          return graphError(res, 400, 'ErrorInvalidOperation', 'Only drafts can be sent.');
        }
        // Sent: the draft leaves Drafts and lands in Sent Items under a new id.
        box.messages.splice(box.messages.indexOf(message), 1);
        const copy = store(box, {
          ...message,
          folder: 'sentitems',
          receivedDateTime: new Date().toISOString(),
        });
        const parsed = await parseEmail(copy.raw);
        sent.push({
          address: box.address,
          id: copy.id,
          conversationId: copy.conversationId,
          inReplyTo: parsed.inReplyTo,
          to: parsed.to,
          cc: parsed.cc,
          text: parsed.text,
          idempotencyKey: message.headers.find((h) => h.name === IDEMPOTENCY_HEADER)?.value ?? null,
        });
        res.writeHead(202);
        return res.end();
      }
    }
    return graphError(res, 400, 'BadRequest', `Unsupported request: ${req.method} ${rest}`);
  }

  const server: Server = createServer((req, res) => {
    const reqUrl = new URL(req.url ?? '/', 'http://fake.microsoft');
    const path = reqUrl.pathname;
    const handle = async () => {
      const login = path.match(/^\/[^/]+\/oauth2\/v2\.0\/(authorize|token)$/)?.[1];
      if (req.method === 'GET' && login === 'authorize') return issuer.authorize(reqUrl, res);
      if (req.method === 'POST' && login === 'token') return issuer.token(req, res);
      const graphPath = path.match(/^\/v1\.0\/(.+)$/)?.[1];
      if (graphPath) return graph(req, res, reqUrl, graphPath);
      return graphError(res, 404, 'NotFound', 'Not found.');
    };
    handle().catch((error: unknown) => {
      if (!res.headersSent) graphError(res, 500, 'InternalServerError', String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function post(endpoint: string, body: unknown): Promise<number> {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await response.arrayBuffer();
    return response.status;
  }

  return {
    url,
    loginBaseUrl: url,
    graphBaseUrl: `${url}/v1.0`,
    addMailbox(address) {
      const key = address.toLowerCase();
      if (mailboxes.has(key)) return;
      mailboxes.set(key, {
        address: key,
        userId: randomUUID(),
        messages: [],
        seq: 0,
        generation: 1,
      });
    },
    deliver(address, raw, opts = {}) {
      const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8');
      const header = /^Message-ID:\s*(\S+)/im.exec(bytes.toString('utf8'))?.[1];
      return store(mailbox(address), {
        folder: opts.folder ?? 'inbox',
        conversationId: opts.conversationId ?? `AAQkAD${base64url(Buffer.from(randomUUID()))}`,
        internetMessageId: header ?? `<${randomUUID()}@fake.outlook.com>`,
        receivedDateTime: (opts.receivedDateTime ?? new Date()).toISOString(),
        raw: bytes,
        headers: [],
      });
    },
    forgetDeltaState(address) {
      mailbox(address).generation += 1;
    },
    revokeAccess: (address) => issuer.revokeAccess(address),
    failNext(status, times = 1) {
      failures = { status, times };
    },
    subscriptions: () => [...subscriptions.values()],
    async notify(address, opts = {}) {
      const box = mailbox(address);
      const statuses: number[] = [];
      for (const s of subscriptions.values()) {
        if (s.address !== box.address) continue;
        const id = box.messages.at(-1)?.id ?? 'none';
        statuses.push(
          await post(s.notificationUrl, {
            value: [
              {
                subscriptionId: s.id,
                subscriptionExpirationDateTime: s.expirationDateTime,
                changeType: 'created',
                resource: `Users/${box.userId}/Messages/${id}`,
                resourceData: {
                  '@odata.type': '#Microsoft.Graph.Message',
                  '@odata.id': `Users/${box.userId}/Messages/${id}`,
                  id,
                },
                clientState: opts.clientState ?? s.clientState,
                tenantId: '9188040d-6c67-4c5b-b112-36a304b66dad',
              },
            ],
          }),
        );
      }
      return statuses;
    },
    async lifecycle(subscriptionId, event) {
      const s = subscriptions.get(subscriptionId);
      if (!s) throw new Error(`fake microsoft: no subscription ${subscriptionId}`);
      if (event === 'subscriptionRemoved') subscriptions.delete(subscriptionId);
      return post(s.lifecycleNotificationUrl ?? s.notificationUrl, {
        value: [
          {
            subscriptionId: s.id,
            subscriptionExpirationDateTime: s.expirationDateTime,
            tenantId: '9188040d-6c67-4c5b-b112-36a304b66dad',
            clientState: s.clientState,
            lifecycleEvent: event,
          },
        ],
      });
    },
    sent,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
