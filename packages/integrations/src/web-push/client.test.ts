// The Web Push client against RFC 8291's own example and the local push service: what the client
// encrypts is what a browser decrypts, its VAPID JWT is what a push service verifies, and the
// push service's answers mean what the caller acts on (gone, retry later, refused).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebPush, type WebPushError } from './client';
import { b64url, encryptPayload, generateVapidKeys } from './crypto';
import { type FakeWebPush, startFakeWebPush } from './fake';

let service: FakeWebPush;
beforeAll(async () => {
  service = await startFakeWebPush();
});
afterAll(() => service.close());

const vapid = { ...generateVapidKeys(), subject: 'mailto:ops@fluxasync.test' };
const message = { ttlSeconds: 3600, urgency: 'high' as const };

describe('web push', () => {
  it('encrypts RFC 8291 Appendix A byte for byte', () => {
    const body = encryptPayload(
      {
        p256dh:
          'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4',
        auth: 'BTBZMqHH6r4Tts7J_aSIgg',
      },
      Buffer.from('When I grow up, I want to be a watermelon'),
      {
        asPrivateKey: b64url.decode('yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw'),
        salt: b64url.decode('DGv6ra1nlYgDCS1FRnbzlw'),
      },
    );
    expect(b64url.encode(body)).toBe(
      'DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN',
    );
  });

  it('a message reaches the browser decrypted, with its TTL, urgency and topic', async () => {
    const client = createWebPush({ vapid });
    const browser = service.subscribe();
    const answer = await client.send(
      { endpoint: browser.endpoint, ...browser.keys },
      { ...message, payload: { title: 'Awa', body: 'Bonjour 👋' }, topic: 'conv1' },
    );
    expect(answer.status).toBe(201);
    const got = service.received.filter((r) => r.subscriptionId === browser.id);
    expect(got).toEqual([
      {
        subscriptionId: browser.id,
        payload: { title: 'Awa', body: 'Bonjour 👋' },
        ttl: 3600,
        urgency: 'high',
        topic: 'conv1',
        vapidKey: vapid.publicKey,
      },
    ]);
  });

  it('a JWT signed by another key than the one it names is refused', async () => {
    const other = generateVapidKeys();
    // The public key of one pair with the private key of another cannot even be loaded...
    expect(() => createWebPush({ vapid: { ...vapid, privateKey: other.privateKey } })).toThrow(
      /does not match/,
    );
    // ...and a forged header (valid JWT, `k` of someone else) is refused by the push service.
    const browser = service.subscribe();
    const forging: typeof fetch = (url, init) => {
      const headers = { ...(init?.headers as Record<string, string>) };
      headers.Authorization =
        headers.Authorization?.replace(/k=[\w-]+$/, `k=${other.publicKey}`) ?? '';
      return fetch(url, { ...init, headers });
    };
    const error = await createWebPush({ vapid, fetch: forging })
      .send({ endpoint: browser.endpoint, ...browser.keys }, { ...message, payload: {} })
      .catch((caught: WebPushError) => caught);
    expect((error as WebPushError).status).toBe(401);
    expect(service.refused).toContainEqual({
      subscriptionId: browser.id,
      reason: 'vapid: bad signature',
    });
  });

  it('410 says the subscription is gone; 429 may work later', async () => {
    const client = createWebPush({ vapid });
    const browser = service.subscribe();
    service.answer(browser.id, 429);
    const busy = (await client
      .send({ endpoint: browser.endpoint, ...browser.keys }, { ...message, payload: {} })
      .catch((caught) => caught)) as WebPushError;
    expect([busy.status, busy.retryable, busy.gone, busy.mayHaveArrived]).toEqual([
      429,
      true,
      false,
      false,
    ]);
    service.answer(browser.id, 410);
    const gone = (await client
      .send({ endpoint: browser.endpoint, ...browser.keys }, { ...message, payload: {} })
      .catch((caught) => caught)) as WebPushError;
    expect([gone.status, gone.retryable, gone.gone]).toEqual([410, false, true]);
  });
});
