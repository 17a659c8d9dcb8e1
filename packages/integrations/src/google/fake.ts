// A local fake of Google for tests and the sandbox: the OAuth endpoints (authorize with PKCE S256,
// token with authorization_code and refresh_token grants, revoke), Gmail's messages / history /
// watch / send of each mailbox, a JWKS endpoint, and the Pub/Sub push with an OIDC JWT signed by
// the fake's own key. It answers like Google, errors included (invalid_grant, 401, history 404).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { base64url, createFakeIssuer, json, readBody } from '../oauth/fake';

export interface FakeGmailMessage {
  id: string;
  threadId: string;
  historyId: number;
  internalDate: number;
  labelIds: string[];
  /** The RFC 822 message as bytes. */
  raw: Buffer;
}

interface Mailbox {
  address: string;
  messages: FakeGmailMessage[];
  historyId: number;
  /** history.list answers 404 for a startHistoryId below this. */
  oldestHistoryId: number;
  watch: { topicName: string; expiration: number } | null;
}

export interface FakeGoogleOptions {
  /** Access tokens live this long (Google: 3599 s). */
  accessTokenTtlSeconds?: number;
  /** The client the token endpoint accepts (any when unset). */
  client?: { id: string; secret: string };
  /** Sandbox: the consent screen signs in as this mailbox when the request names none. */
  defaultMailbox?: string;
}

export interface FakeGoogle {
  url: string;
  /** OAuth endpoints to give the client. */
  endpoints: { authorize: string; token: string; revoke: string };
  jwksUrl: string;
  addMailbox(address: string): void;
  /** A new message lands in the mailbox (a new history record); its Gmail id. */
  deliver(
    address: string,
    raw: string | Buffer,
    options?: { threadId?: string; labelIds?: string[]; internalDate?: number },
  ): FakeGmailMessage;
  /** Gmail forgets history before now: a startHistoryId older than now answers 404. */
  forgetHistory(address: string): void;
  /** The user removes the app's access in their Google account: every grant of the mailbox is revoked. */
  revokeAccess(address: string): void;
  /** The next Gmail API calls answer this HTTP status (Google's error body). */
  failNext(status: number, times?: number): void;
  /** Gmail calls answer after this many ms. */
  setLatency(ms: number): void;
  watchOf(address: string): { topicName: string; expiration: number } | null;
  sent: { address: string; threadId: string | undefined; raw: Buffer; id: string }[];
  /** Count of Gmail API calls by route (`messages.get`, `history.list`, ...). */
  calls: Map<string, number>;
  /** An OIDC token as Pub/Sub signs it; claims override the defaults (expired, other audience). */
  signPushToken(claims: JWTPayload & { audience: string }): Promise<string>;
  /** POSTs Gmail's notification for the mailbox to `endpoint` as Pub/Sub does; the response status. */
  push(
    address: string,
    target: { endpoint: string; audience: string; token?: string },
  ): Promise<number>;
  close(): Promise<void>;
}

export const FAKE_PUSH_SERVICE_ACCOUNT = 'gmail-push@flux-fake.iam.gserviceaccount.com';

const gmailError = (res: ServerResponse, status: number, message: string, reason: string) =>
  json(res, status, {
    error: {
      code: status,
      message,
      errors: [{ message, domain: 'global', reason }],
      status:
        status === 401
          ? 'UNAUTHENTICATED'
          : status === 404
            ? 'NOT_FOUND'
            : status === 429
              ? 'RESOURCE_EXHAUSTED'
              : 'INTERNAL',
    },
  });

export async function startFakeGoogle(options: FakeGoogleOptions = {}): Promise<FakeGoogle> {
  const ttl = options.accessTokenTtlSeconds ?? 3599;
  const mailboxes = new Map<string, Mailbox>();
  const issuer = createFakeIssuer(
    {
      accessTokenTtlSeconds: ttl,
      client: options.client,
      defaultMailbox: () => options.defaultMailbox ?? [...mailboxes.keys()][0],
      prefixes: { code: '4/fake-', access: 'ya29.fake-', refresh: '1//fake-' },
      scope:
        'openid email https://www.googleapis.com/auth/gmail.readonly https://www.googleapis.com/auth/gmail.send https://www.googleapis.com/auth/gmail.modify',
      messages: {
        badCode: 'Malformed auth code.',
        badVerifier: 'Invalid code verifier.',
        revoked: 'Token has been expired or revoked.',
      },
    },
    (address) => mailboxes.has(address),
  );
  const sent: FakeGoogle['sent'] = [];
  const calls = new Map<string, number>();
  let failures: { status: number; times: number } | null = null;
  let latency = 0;
  let nextId = 0x18c0000000000000n;

  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'fake-google-1', alg: 'RS256', use: 'sig' };

  const mailbox = (address: string) => {
    const box = mailboxes.get(address.toLowerCase());
    if (!box) throw new Error(`fake google: no mailbox ${address}`);
    return box;
  };
  const newId = () => {
    nextId += BigInt(1 + Math.floor(Math.random() * 1000));
    return nextId.toString(16);
  };

  async function gmail(req: IncomingMessage, res: ServerResponse, url: URL, rest: string) {
    const grant = issuer.grantOf(req);
    if (!grant) {
      return gmailError(res, 401, 'Request had invalid authentication credentials.', 'authError');
    }
    const box = mailbox(grant.address);
    const route = `${req.method} ${rest.replace(/^messages\/(?!send$)[^/]+$/, 'messages/{id}')}`;
    calls.set(route, (calls.get(route) ?? 0) + 1);
    if (latency) await new Promise((resolve) => setTimeout(resolve, latency));
    if (failures && failures.times > 0) {
      failures.times -= 1;
      return gmailError(res, failures.status, 'Backend Error', 'backendError');
    }
    const p = url.searchParams;
    if (route === 'GET profile') {
      return json(res, 200, {
        emailAddress: box.address,
        messagesTotal: box.messages.length,
        threadsTotal: new Set(box.messages.map((m) => m.threadId)).size,
        historyId: String(box.historyId),
      });
    }
    if (route === 'GET messages') {
      // Only `after:<epoch seconds>` of Gmail's search syntax is understood.
      const after = Number(p.get('q')?.match(/after:(\d+)/)?.[1] ?? 0) * 1000;
      const matching = box.messages
        .filter((m) => m.internalDate > after)
        .sort((a, b) => b.internalDate - a.internalDate);
      const size = Math.min(Number(p.get('maxResults') ?? 100), 500);
      const start = Number(p.get('pageToken') ?? 0);
      const page = matching.slice(start, start + size);
      return json(res, 200, {
        ...(page.length ? { messages: page.map((m) => ({ id: m.id, threadId: m.threadId })) } : {}),
        ...(start + size < matching.length ? { nextPageToken: String(start + size) } : {}),
        resultSizeEstimate: matching.length,
      });
    }
    if (route === 'GET messages/{id}') {
      const id = decodeURIComponent(rest.slice('messages/'.length));
      const message = box.messages.find((m) => m.id === id);
      if (!message) return gmailError(res, 404, 'Requested entity was not found.', 'notFound');
      return json(res, 200, {
        id: message.id,
        threadId: message.threadId,
        labelIds: message.labelIds,
        snippet: '',
        historyId: String(message.historyId),
        internalDate: String(message.internalDate),
        sizeEstimate: message.raw.length,
        raw: base64url(message.raw),
      });
    }
    if (route === 'GET history') {
      const start = Number(p.get('startHistoryId'));
      if (!Number.isFinite(start) || start < box.oldestHistoryId) {
        return gmailError(res, 404, 'Requested entity was not found.', 'notFound');
      }
      const added = box.messages
        .filter((m) => m.historyId > start)
        .sort((a, b) => a.historyId - b.historyId);
      const size = Math.min(Number(p.get('maxResults') ?? 100), 500);
      const offset = Number(p.get('pageToken') ?? 0);
      const page = added.slice(offset, offset + size);
      return json(res, 200, {
        ...(page.length
          ? {
              history: page.map((m) => ({
                id: String(m.historyId),
                messages: [{ id: m.id, threadId: m.threadId }],
                messagesAdded: [
                  { message: { id: m.id, threadId: m.threadId, labelIds: m.labelIds } },
                ],
              })),
            }
          : {}),
        ...(offset + size < added.length ? { nextPageToken: String(offset + size) } : {}),
        historyId: String(box.historyId),
      });
    }
    if (route === 'POST watch') {
      const body = JSON.parse((await readBody(req)) || '{}') as { topicName?: string };
      if (!body.topicName) return gmailError(res, 400, 'Invalid topicName', 'invalidArgument');
      box.watch = { topicName: body.topicName, expiration: Date.now() + 7 * 24 * 3600 * 1000 };
      return json(res, 200, {
        historyId: String(box.historyId),
        expiration: String(box.watch.expiration),
      });
    }
    if (route === 'POST messages/send') {
      const body = JSON.parse((await readBody(req)) || '{}') as { raw?: string; threadId?: string };
      if (!body.raw)
        return gmailError(res, 400, "'raw' RFC822 payload message string", 'invalidArgument');
      const message = deliverTo(box, Buffer.from(body.raw, 'base64url'), {
        ...(body.threadId ? { threadId: body.threadId } : {}),
        labelIds: ['SENT'],
      });
      sent.push({
        address: box.address,
        threadId: body.threadId,
        raw: message.raw,
        id: message.id,
      });
      return json(res, 200, { id: message.id, threadId: message.threadId, labelIds: ['SENT'] });
    }
    return gmailError(res, 404, 'Not Found', 'notFound');
  }

  function deliverTo(
    box: Mailbox,
    raw: Buffer,
    opts: { threadId?: string; labelIds?: string[]; internalDate?: number },
  ): FakeGmailMessage {
    box.historyId += 1 + Math.floor(Math.random() * 3);
    const id = newId();
    const message: FakeGmailMessage = {
      id,
      threadId: opts.threadId ?? id,
      historyId: box.historyId,
      internalDate: opts.internalDate ?? Date.now(),
      labelIds: opts.labelIds ?? ['INBOX', 'UNREAD'],
      raw,
    };
    box.messages.push(message);
    return message;
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake.google');
    const path = url.pathname;
    const handle = async () => {
      if (req.method === 'GET' && path === '/o/oauth2/v2/auth') return issuer.authorize(url, res);
      if (req.method === 'POST' && path === '/token') return issuer.token(req, res);
      if (req.method === 'POST' && path === '/revoke') return issuer.revoke(req, res, url);
      if (req.method === 'GET' && path === '/oauth2/v3/certs')
        return json(res, 200, { keys: [jwk] });
      const gmailPath = path.match(/^\/gmail\/v1\/users\/me\/(.+)$/)?.[1];
      if (gmailPath) return gmail(req, res, url, gmailPath);
      return json(res, 404, { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } });
    };
    handle().catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { code: 500, message: String(error) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const signPushToken: FakeGoogle['signPushToken'] = ({ audience, ...claims }) =>
    new SignJWT({
      email: FAKE_PUSH_SERVICE_ACCOUNT,
      email_verified: true,
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid, typ: 'JWT' })
      .setIssuer(typeof claims.iss === 'string' ? claims.iss : 'https://accounts.google.com')
      .setAudience(audience)
      .setSubject('112233445566778899000')
      .setIssuedAt(typeof claims.iat === 'number' ? claims.iat : Math.floor(Date.now() / 1000))
      .setExpirationTime(
        typeof claims.exp === 'number' ? claims.exp : Math.floor(Date.now() / 1000) + 3600,
      )
      .sign(privateKey);

  return {
    url,
    endpoints: {
      authorize: `${url}/o/oauth2/v2/auth`,
      token: `${url}/token`,
      revoke: `${url}/revoke`,
    },
    jwksUrl: `${url}/oauth2/v3/certs`,
    addMailbox(address) {
      const key = address.toLowerCase();
      if (mailboxes.has(key)) return;
      const historyId = 100_000 + Math.floor(Math.random() * 1000);
      mailboxes.set(key, {
        address: key,
        messages: [],
        historyId,
        oldestHistoryId: 0,
        watch: null,
      });
    },
    deliver(address, raw, opts = {}) {
      return deliverTo(
        mailbox(address),
        Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'utf8'),
        opts,
      );
    },
    forgetHistory(address) {
      const box = mailbox(address);
      box.oldestHistoryId = box.historyId;
    },
    revokeAccess: (address) => issuer.revokeAccess(address),
    failNext(status, times = 1) {
      failures = { status, times };
    },
    setLatency(ms) {
      latency = ms;
    },
    watchOf: (address) => mailbox(address).watch,
    sent,
    calls,
    signPushToken,
    async push(address, target) {
      const box = mailbox(address);
      const data = Buffer.from(
        JSON.stringify({ emailAddress: box.address, historyId: box.historyId }),
      ).toString('base64');
      const token = target.token ?? (await signPushToken({ audience: target.audience }));
      const response = await fetch(target.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          message: {
            data,
            messageId: randomUUID(),
            message_id: randomUUID(),
            publishTime: new Date().toISOString(),
          },
          subscription: 'projects/flux-fake/subscriptions/gmail-push',
        }),
      });
      await response.arrayBuffer();
      return response.status;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An RFC 822 message for tests and the sandbox (headers + one text part, or what `body` gives). */
export function rfc822(mail: {
  from: string;
  to: string;
  subject: string;
  text?: string;
  date?: Date;
  messageId?: string;
  headers?: Record<string, string>;
  /** A full MIME body with its own Content-Type header lines (multipart, charsets, ...). */
  body?: string;
}): string {
  const lines = [
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    `Subject: ${mail.subject}`,
    `Date: ${(mail.date ?? new Date()).toUTCString()}`,
    `Message-ID: ${mail.messageId ?? `<${randomUUID()}@fake.mail>`}`,
    'MIME-Version: 1.0',
    ...Object.entries(mail.headers ?? {}).map(([key, value]) => `${key}: ${value}`),
  ];
  if (mail.body) return `${lines.join('\r\n')}\r\n${mail.body}`;
  return `${lines.join('\r\n')}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${mail.text ?? ''}\r\n`;
}
