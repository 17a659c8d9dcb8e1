// Live events when the job handlers run in another process than the browser's API server: the
// worker ingests a WhatsApp message and its `message.created` reaches a subscriber of the API
// server through PostgreSQL, whether Redis is down or not configured at all. Real processes.
import type { ChildProcess } from 'node:child_process';
import { freePort } from '@flux/api/testing';
import { schema } from '@flux/db';
import { createTestDatabase } from '@flux/db/testing';
import { textMessage } from '@flux/integrations';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postWhatsappMessage, readStream, shopWithWhatsapp } from '../test/http';
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

    const owner = await shopWithWhatsapp(base, database.db, 'live-across-processes');

    const abort = new AbortController();
    const stream = await fetch(`${base}/trpc/live.events`, {
      headers: { authorization: `Bearer ${owner.token}` },
      signal: abort.signal,
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');

    const message = textMessage('221770001234', 'Bonjour, vous livrez à Pikine ?');
    const posted = performance.now();
    const response = await postWhatsappMessage(base, SECRET, owner.phoneNumberId, message);
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
