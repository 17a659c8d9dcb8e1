// WEB_CONCURRENCY=2: two server processes share the port, and a live event published in one
// reaches the dashboards connected to either. Real processes (the entry point, as `pnpm start`).
import { schema } from '@flux/db';
import { createTestDatabase } from '@flux/db/testing';
import { signWebhook, textMessage, webhookPayload } from '@flux/integrations';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type AppProcess, spawnApp } from '../test/process';

const SECRET = 'flux-dev-app-secret';
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let app: AppProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase(inject('pgServerUrl'), inject('pgTemplate'));
});
afterAll(async () => {
  app?.child.kill('SIGKILL');
  await database?.drop();
});

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

/** Reads an SSE stream until `pattern` shows and 300 ms more pass, or `ms` pass. */
async function readStream(response: Response, pattern: string, ms: number) {
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no body');
  let text = '';
  let stop = setTimeout(() => void reader.cancel(), ms);
  let seen = false;
  for (;;) {
    const chunk = await reader.read().catch(() => ({ done: true, value: undefined }));
    if (chunk.done || !chunk.value) break;
    text += new TextDecoder().decode(chunk.value);
    if (!seen && text.includes(pattern)) {
      seen = true;
      clearTimeout(stop);
      stop = setTimeout(() => void reader.cancel(), 300);
    }
  }
  clearTimeout(stop);
  return text;
}

describe('WEB_CONCURRENCY=2', () => {
  it('two processes serve the port, and an event from one reaches subscribers of both, once', async () => {
    app = spawnApp({
      env: {
        DATABASE_URL: database.url,
        WEB_CONCURRENCY: '2',
        RUN_WORKER: 'true',
        LOG_LEVEL: 'info',
        WHATSAPP_APP_SECRET: SECRET,
        WHATSAPP_SANDBOX: 'false',
        REDIS_URL: '',
      },
    });
    const base = await app.url(60_000);
    expect(app.output()).toContain('(2 server processes)');
    const pids = new Set(
      [...app.output().matchAll(/"pid":(\d+)[^\n]*server process listening/g)].map((m) => m[1]),
    );
    expect(pids.size).toBe(2);

    const owner = await trpc<{ token: string; businessId: string }>(base, 'auth.signUp', {
      email: `cluster-${Date.now()}@example.test`,
      password: 'correct horse battery',
      name: 'Awa',
      businessName: 'Two processes',
      client: 'app',
    });
    const phoneNumberId = String(109_000_000_000_000 + Math.floor(Math.random() * 1e9));
    await database.db.insert(schema.whatsappAccounts).values({
      businessId: owner.businessId,
      phoneNumberId,
      wabaId: '1',
      displayPhoneNumber: '+221 77 000 00 04',
      accessToken: 'cluster-test',
    });

    // Four streams, each its own connection: the primary hands connections to the two processes
    // in turn, so both have subscribers.
    const abort = new AbortController();
    const streams = await Promise.all(
      Array.from({ length: 4 }, () =>
        fetch(`${base}/trpc/live.events`, {
          headers: { authorization: `Bearer ${owner.token}` },
          signal: abort.signal,
        }),
      ),
    );
    const reading = streams.map((stream) => readStream(stream, 'message.created', 20_000));

    const message = textMessage('221770004321', 'Deux processus, un seul message');
    const body = JSON.stringify(webhookPayload({ phoneNumberId, messages: [message] }));
    const response = await fetch(`${base}/webhooks/whatsapp`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signWebhook(body, SECRET),
      },
      body,
    });
    expect(response.status).toBe(200);

    const texts = await Promise.all(reading);
    abort.abort();
    for (const text of texts) expect(text.match(/message\.created/g)).toHaveLength(1);

    expect(await app.stop()).toBe(0);
    expect(app.output()).toContain('stopping the server processes');
  }, 90_000);
});
