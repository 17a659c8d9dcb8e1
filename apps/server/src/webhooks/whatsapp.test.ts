// The WhatsApp webhook over real HTTP, with the worker running in the server process.
import { request } from 'node:http';
import { createAppServices } from '@flux/api';
import { createDb, createPool, schema } from '@flux/db';
import { signWebhook, textMessage, webhookPayload } from '@flux/integrations';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import type { RunningServer } from '../server';
import { useTestServer } from '../testing';

const SECRET = 'flux-dev-app-secret';
const PHONE_NUMBER_ID = '106540352242922';
const server = useTestServer();
let running: RunningServer;
let base = '';
let businessId = '';

beforeAll(async () => {
  running = server.running;
  base = `${server.url}/webhooks/whatsapp`;
  businessId = running.demo?.businessId ?? '';
  await running.database.db.insert(schema.whatsappAccounts).values({
    businessId,
    phoneNumberId: PHONE_NUMBER_ID,
    wabaId: '102290129340398',
    displayPhoneNumber: '+221 77 000 00 02',
    accessToken: 'EAAG-test',
  });
});

const post = (body: string, signature: string | null = signWebhook(body, SECRET)) =>
  fetch(base, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature ? { 'x-hub-signature-256': signature } : {}),
    },
    body,
  });

/** The inbound message with this wamid, once the worker has stored it. */
const storedMessage = (externalId: string) =>
  waitFor(async () => {
    const [row] = await running.database.db
      .select()
      .from(schema.messages)
      .where(eq(schema.messages.externalId, externalId));
    return row;
  });

async function waitFor<T>(probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('timed out');
}

describe('GET /webhooks/whatsapp (verification)', () => {
  it('echoes the challenge for the right token, 403 otherwise', async () => {
    const ok = await fetch(
      `${base}?hub.mode=subscribe&hub.verify_token=flux-dev-verify-token&hub.challenge=1158201444`,
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const wrong = await fetch(`${base}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`);
    expect(wrong.status).toBe(403);
  });
});

describe('POST /webhooks/whatsapp', () => {
  it('a signed message is acknowledged, then the worker puts it in the conversation', async () => {
    // Quotes, backslash, braces, commas, a line break and an emoji: what the array parameters of
    // the statements must carry unchanged.
    const text = 'Bonjour, c’est combien le "bazin" {riche} \\ 2,5 m ?\n👗 NULL';
    const message = textMessage('221779990001', text);
    const response = await post(
      JSON.stringify(webhookPayload({ phoneNumberId: PHONE_NUMBER_ID, messages: [message] })),
    );
    expect(response.status).toBe(200);
    const stored = await storedMessage(message.id);
    expect(stored).toMatchObject({ body: text, businessId, direction: 'in', raw: message });
  });

  it('NUL and a lone surrogate (which jsonb refuses) are stored as U+FFFD, not failing forever', async () => {
    const message = textMessage('221779990005', 'a\u0000b\ud83dc');
    const response = await post(
      JSON.stringify(webhookPayload({ phoneNumberId: PHONE_NUMBER_ID, messages: [message] })),
    );
    expect(response.status).toBe(200);
    const stored = await storedMessage(message.id);
    expect(stored.body).toBe('a\uFFFDb\uFFFDc');
  });

  it('the same delivery twice is stored once', async () => {
    const body = JSON.stringify(
      webhookPayload({
        phoneNumberId: PHONE_NUMBER_ID,
        messages: [textMessage('221779990002', 'Re')],
      }),
    );
    expect((await post(body)).status).toBe(200);
    expect((await post(body)).status).toBe(200);
    const events = await running.database.db
      .select()
      .from(schema.webhookEvents)
      .where(eq(schema.webhookEvents.payload, JSON.parse(body)));
    expect(events).toHaveLength(1);
  });

  it('no signature or a wrong one: 401, nothing stored', async () => {
    const before = await running.database.db.$count(schema.webhookEvents);
    const body = JSON.stringify(
      webhookPayload({
        phoneNumberId: PHONE_NUMBER_ID,
        messages: [textMessage('221779990003', 'x')],
      }),
    );
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body, signWebhook(body, 'not-the-secret'))).status).toBe(401);
    expect((await post(`${body} `, signWebhook(body, SECRET))).status).toBe(401);
    expect(await running.database.db.$count(schema.webhookEvents)).toBe(before);
  });

  it('malformed JSON is a 400; an unknown shape is kept and flagged, not refused', async () => {
    expect((await post('{"object": "whatsapp_business_account", ')).status).toBe(400);
    const odd = JSON.stringify({ object: 'page', entry: [{ id: '1', time: 1 }] });
    expect((await post(odd)).status).toBe(200);
    const [event] = await running.database.db
      .select()
      .from(schema.webhookEvents)
      .where(eq(schema.webhookEvents.payload, JSON.parse(odd)));
    expect(event).toMatchObject({ status: 'invalid', error: 'unknown payload shape' });
  });

  it('a body nested 5,000 or 100,000 levels deep is kept as invalid text at once (200), never retried', async () => {
    const deep = (depth: number, leaf: string) =>
      JSON.stringify({ object: 'whatsapp_business_account', entry: [] }).replace(
        '[]',
        `${'{"a":['.repeat(depth)}${leaf}${']}'.repeat(depth)}`,
      );
    // 5,000 with a NUL escape went through the recursive cleaning copy (stack overflow: 500);
    // 100,000 was refused by PostgreSQL's jsonb (503, so Meta retried it for 7 days).
    for (const body of [deep(5_000, '"\\u0000"'), deep(5_000, '1'), deep(100_000, '"x"')]) {
      const response = await post(body);
      expect(response.status).toBe(200);
      const events = await running.database.db
        .select()
        .from(schema.webhookEvents)
        .where(eq(schema.webhookEvents.payload, body));
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        status: 'invalid',
        error: 'nested deeper than 64 levels; kept as text',
      });
      // Meta's retry of the same body is the same event.
      expect((await post(body)).status).toBe(200);
    }
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('a known payload nested up to 64 levels is processed as usual', async () => {
    const message = {
      ...textMessage('221779990006', 'Profond'),
      extra: JSON.parse(`${'['.repeat(56)}1${']'.repeat(56)}`),
    };
    const body = JSON.stringify(
      webhookPayload({ phoneNumberId: PHONE_NUMBER_ID, messages: [message] }),
    );
    expect((await post(body)).status).toBe(200);
    expect((await storedMessage(message.id)).body).toBe('Profond');
  });

  it('a body over 3 MB is a 413', async () => {
    // Its own connection: the server closes it without reading the body.
    const body = JSON.stringify({ padding: 'x'.repeat(3 * 1024 * 1024) });
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        base,
        {
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-hub-signature-256': 'sha256=00',
          },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(status).toBe(413);
  });

  it('a chunked body (no Content-Length) is counted as it arrives: 413 over 3 MB, stored under', async () => {
    const chunked = (body: string, signature: string) =>
      new Promise<number | undefined>((resolve, reject) => {
        const req = request(
          base,
          {
            method: 'POST',
            agent: false,
            headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode);
          },
        );
        req.on('error', reject);
        // Several writes without a length: Node sends them chunked.
        for (let at = 0; at < body.length; at += 256 * 1024)
          req.write(body.slice(at, at + 256 * 1024));
        req.end();
      });
    const huge = JSON.stringify({ padding: 'x'.repeat(3 * 1024 * 1024) });
    expect(await chunked(huge, 'sha256=00')).toBe(413);
    const message = textMessage('221779990009', 'x'.repeat(400_000));
    const body = JSON.stringify(
      webhookPayload({ phoneNumberId: PHONE_NUMBER_ID, messages: [message] }),
    );
    expect(await chunked(body, signWebhook(body, SECRET))).toBe(200);
    const stored = await storedMessage(message.id);
    expect(stored.body).toHaveLength(400_000);
  });
});

describe('database down', () => {
  it('answers 503 so Meta retries, never 200 for something not stored', async () => {
    const pool = createPool('postgres://postgres:postgres@127.0.0.1:1/nowhere', 1);
    const { services, close } = createAppServices({
      db: createDb(pool),
      log: pino({ level: 'silent' }),
      redisUrl: undefined,
    });
    const app = createApp(services, {
      allowedOrigins: ['http://localhost:3000'],
      trustProxyHops: 0,
      secureCookies: false,
      bodyLimit: 1_048_576,
      whatsapp: { verifyToken: 'flux-dev-verify-token', appSecret: SECRET },
    });
    const body = JSON.stringify(
      webhookPayload({
        phoneNumberId: PHONE_NUMBER_ID,
        messages: [textMessage('221779990004', 'x')],
      }),
    );
    const response = await app.request('/webhooks/whatsapp', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signWebhook(body, SECRET),
      },
      body,
    });
    expect(response.status).toBe(503);
    await close();
    await pool.end();
  });
});

describe('the whole loop in the sandbox', () => {
  it('a customer writes, the team replies, the reply goes out and comes back read', async () => {
    const signIn = await fetch(`${running.url}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: running.url ?? '' },
      body: JSON.stringify({ json: { email: 'awa@fluxasync.test', password: 'demo-fluxasync' } }),
    });
    const cookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const inbound = textMessage('221779990100', 'Bonjour, le bazin bleu est dispo ?');
    await post(
      JSON.stringify(webhookPayload({ phoneNumberId: PHONE_NUMBER_ID, messages: [inbound] })),
    );
    const received = await storedMessage(inbound.id);
    const reply = await fetch(`${running.url}/trpc/conversations.sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: running.url ?? '', cookie },
      body: JSON.stringify({
        json: {
          conversationId: received.conversationId,
          clientMessageId: 'sandbox-0001',
          text: 'Oui, 15 000 F. On vous livre ?',
        },
      }),
    });
    expect(reply.status).toBe(200);
    const { result } = (await reply.json()) as { result: { data: { json: { id: string } } } };
    const read = await waitFor(async () => {
      const [row] = await running.database.db
        .select()
        .from(schema.messages)
        .where(eq(schema.messages.id, result.data.json.id));
      return row?.status === 'read' ? row : undefined;
    }, 20_000);
    expect(read).toMatchObject({ direction: 'out', status: 'read', authorType: 'user' });
    expect(read.externalId).toMatch(/^wamid\./);
    expect(read.deliveredAt).toBeInstanceOf(Date);
  }, 30_000);
});
