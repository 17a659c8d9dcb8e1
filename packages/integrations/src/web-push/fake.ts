// A local push service speaking RFC 8030, for tests and the sandbox: `subscribe()` plays a browser
// (a P-256 key pair and an auth secret of its own, an endpoint on this server); a POST to the
// endpoint must carry a valid VAPID JWT (RFC 8292: ES256 under its `k`, `aud` = this origin, `exp`
// in the future and within 24 h, a `sub`), a TTL and the aes128gcm coding, and its body is
// decrypted with the subscription's private key, as the browser would. Answers 201 with a
// Location, or a status scripted per subscription (410 gone, 404, 429 with Retry-After, 5xx).
import { createECDH, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { b64url, decryptPayload, verifyVapidAuthorization } from './crypto';

export interface FakeWebPushSubscription {
  id: string;
  endpoint: string;
  /** What the browser hands the page (PushSubscription.toJSON().keys). */
  keys: { p256dh: string; auth: string };
}

export interface FakeWebPushReception {
  subscriptionId: string;
  /** The decrypted body, parsed as JSON when it is. */
  payload: unknown;
  ttl: number;
  urgency: string | null;
  topic: string | null;
  /** The VAPID public key the message was signed with. */
  vapidKey: string;
}

export interface FakeWebPush {
  url: string;
  subscribe(): FakeWebPushSubscription;
  received: FakeWebPushReception[];
  /** Requests refused (bad VAPID, bad encryption), with the reason. */
  refused: { subscriptionId: string; reason: string }[];
  /** The next `times` messages to this subscription answer `status` (410, 404, 429, 500...). */
  answer(subscriptionId: string, status: number, times?: number): void;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4096;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startFakeWebPush(): Promise<FakeWebPush> {
  const subscribers = new Map<
    string,
    { privateKey: Buffer; publicKey: Buffer; authSecret: Buffer }
  >();
  const scripted = new Map<string, { status: number; left: number }>();
  const received: FakeWebPushReception[] = [];
  const refused: FakeWebPush['refused'] = [];
  let origin = '';

  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    const match = /^\/push\/([\w-]+)$/.exec(req.url ?? '');
    const subscriptionId = match?.[1] ?? '';
    const subscriber = subscribers.get(subscriptionId);
    const answer = (status: number, text = '', headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/plain', ...headers });
      res.end(text);
    };
    const refuse = (status: number, reason: string) => {
      refused.push({ subscriptionId, reason });
      answer(status, reason);
    };
    if (req.method !== 'POST' || !match) return answer(404, 'not found');
    // An unknown (or unsubscribed) endpoint is gone.
    if (!subscriber) return answer(410, 'push subscription has unsubscribed or expired');
    const vapid = verifyVapidAuthorization(req.headers.authorization);
    if (!vapid.ok) return refuse(401, `vapid: ${vapid.reason}`);
    const { aud, exp, sub } = vapid.claims;
    const now = Date.now() / 1000;
    if (aud !== origin) return refuse(401, `vapid: aud ${String(aud)} is not ${origin}`);
    if (typeof exp !== 'number' || exp <= now || exp > now + 24 * 3600) {
      return refuse(401, 'vapid: exp missing, past or beyond 24 h');
    }
    if (typeof sub !== 'string' || !/^(mailto:|https:)/.test(sub)) {
      return refuse(401, 'vapid: sub must be a mailto: or https: URL');
    }
    const ttl = Number(req.headers.ttl);
    if (req.headers.ttl === undefined || !Number.isInteger(ttl) || ttl < 0) {
      return refuse(400, 'TTL header missing');
    }
    if (req.headers['content-encoding'] !== 'aes128gcm') {
      return refuse(415, 'Content-Encoding must be aes128gcm');
    }
    if (body.length > MAX_BODY_BYTES) return refuse(413, 'payload too large');
    const script = scripted.get(subscriptionId);
    if (script && script.left > 0) {
      script.left -= 1;
      if (script.status === 404 || script.status === 410) subscribers.delete(subscriptionId);
      return answer(script.status, `scripted ${script.status}`, {
        ...(script.status === 429 ? { 'retry-after': '1' } : {}),
      });
    }
    let plaintext: Buffer;
    try {
      plaintext = decryptPayload(body, subscriber);
    } catch (error) {
      return refuse(400, `decrypt: ${error instanceof Error ? error.message : String(error)}`);
    }
    const text = plaintext.toString('utf8');
    let payload: unknown = text;
    try {
      payload = JSON.parse(text);
    } catch {
      // Not JSON: kept as text.
    }
    received.push({
      subscriptionId,
      payload,
      ttl,
      urgency: typeof req.headers.urgency === 'string' ? req.headers.urgency : null,
      topic: typeof req.headers.topic === 'string' ? req.headers.topic : null,
      vapidKey: vapid.publicKey,
    });
    answer(201, '', { location: `${origin}/message/${randomUUID()}` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    received,
    refused,
    subscribe() {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const id = randomUUID();
      const authSecret = randomBytes(16);
      subscribers.set(id, {
        privateKey: ecdh.getPrivateKey(),
        publicKey: ecdh.getPublicKey(),
        authSecret,
      });
      return {
        id,
        endpoint: `${origin}/push/${id}`,
        keys: { p256dh: b64url.encode(ecdh.getPublicKey()), auth: b64url.encode(authSecret) },
      };
    },
    answer(subscriptionId, status, times = 1) {
      scripted.set(subscriptionId, { status, left: times });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
