// Live events when the job handlers run in another process than the browser's API server: the
// worker ingests a WhatsApp message and its `message.created` reaches a subscriber of the API
// server through PostgreSQL, whether Redis is down or not configured at all. Real processes.
import type { ChildProcess } from 'node:child_process';
import { freePort } from '@flux/api/testing';
import { schema } from '@flux/db';
import { createTestDatabase } from '@flux/db/testing';
import { signWebhook, textMessage, webhookPayload } from '@flux/integrations';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { spawnApp } from '../test/process';

const SECRET = 'flux-dev-app-secret';
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase(inject('pgServerUrl'), inject('pgTemplate'));
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await database?.drop();
});

function start(mode: 'server' | 'worker', redisUrl: string) {
  const app = spawnApp({
    mode,
    env: {
      DATABASE_URL: database.url,
      // Empty counts as unset: no Redis configured at all.
      REDIS_URL: redisUrl,
      RUN_WORKER: 'false',
      LOG_LEVEL: 'info',
      WHATSAPP_APP_SECRET: SECRET,
      WHATSAPP_SANDBOX: 'false',
    },
  });
  children.push(app.child);
  return app;
}

async function trpc<T>(base: string, path: string, input: unknown): Promise<T> {
  const response = await fetch(`${base}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ json: input }),
  });
  const body = (await response.json()) as { result?: { data: { json: T } } };
  if (!response.ok || !body.result) throw new Error(`${path}: ${JSON.stringify(body)}`);
  return body.result.data.json;
}

/**
 * Reads the SSE stream until `ms` pass, or until 500 ms after `pattern` first shows (long enough
 * to see a second copy of the event if one were coming). Resolves with the text and that moment.
 */
async function readStream(response: Response, pattern: string, ms: number) {
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no body');
  let text = '';
  let seenAt = 0;
  let stop = setTimeout(() => void reader.cancel(), ms);
  for (;;) {
    const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (chunk.done || !chunk.value) break;
    text += new TextDecoder().decode(chunk.value);
    if (!seenAt && text.includes(pattern)) {
      seenAt = performance.now();
      clearTimeout(stop);
      stop = setTimeout(() => void reader.cancel(), 500);
    }
  }
  clearTimeout(stop);
  return { text, seenAt };
}

describe.each([
  ['Redis is down', async () => `redis://127.0.0.1:${await freePort()}`],
  ['no Redis is configured', async () => ''],
])('with a separate worker process, when %s', (_, redisUrl) => {
  it('a message the worker ingests reaches the dashboard subscribed to the API server, once', async () => {
    const redis = await redisUrl();
    const server = start('server', redis);
    const worker = start('worker', redis);
    const base = await server.url();
    await worker.waitFor(/worker started/);

    const owner = await trpc<{ token: string; businessId: string }>(base, 'auth.signUp', {
      email: `live-${Date.now()}@example.test`,
      password: 'correct horse battery',
      name: 'Awa',
      businessName: 'Live across processes',
      client: 'app',
    });
    const phoneNumberId = String(108_000_000_000_000 + Math.floor(Math.random() * 1e9));
    await database.db.insert(schema.whatsappAccounts).values({
      businessId: owner.businessId,
      phoneNumberId,
      wabaId: '1',
      displayPhoneNumber: '+221 77 000 00 03',
      accessToken: 'live-test',
    });

    const abort = new AbortController();
    const stream = await fetch(`${base}/trpc/live.events`, {
      headers: { authorization: `Bearer ${owner.token}` },
      signal: abort.signal,
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');

    const message = textMessage('221770001234', 'Bonjour, vous livrez à Pikine ?');
    const body = JSON.stringify(webhookPayload({ phoneNumberId, messages: [message] }));
    const posted = performance.now();
    const response = await fetch(`${base}/webhooks/whatsapp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signWebhook(body, SECRET),
      },
      body,
    });
    expect(response.status).toBe(200);

    const { text, seenAt } = await readStream(stream, 'message.created', 15_000);
    abort.abort();
    const [stored] = await database.db
      .select({ id: schema.messages.id })
      .from(schema.messages)
      .where(eq(schema.messages.externalId, message.id));
    expect(text).toContain(stored?.id ?? 'the stored message');
    expect(text.match(/message\.created/g)).toHaveLength(1);
    expect(seenAt - posted).toBeLessThan(10_000);
    await Promise.all([server.stop(), worker.stop()]);
  }, 60_000);
});
