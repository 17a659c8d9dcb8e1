// Scale-out on one machine: two API servers and two workers, four real processes (the entry point,
// as production runs it) on one PostgreSQL and one Redis. What one server does, the other sees: a
// session made on A works on B, a webhook posted to A reaches a live subscriber of B once, sign-in
// guesses are counted once for both. Every job runs once although two workers compete for it, and
// killing one worker in the middle of a burst loses nothing: the other one finishes it.
// The Redis is a private redis-server; without the binary, the parts that need Redis are skipped
// (without Redis, rate limits are per process: docs/deploy.md, "Scaling", says so).
import { type PrivateRedis, startPrivateRedis } from '@flux/api/testing';
import { schema } from '@flux/db';
import { createTestDatabase } from '@flux/db/testing';
import { type FakeGraph, startFakeGraph, textMessage } from '@flux/integrations';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { postWhatsappMessage, readStream, shopWithWhatsapp, trpc } from '../test/http';
import { type AppProcess, spawnApp } from '../test/process';
import { APP_SECRET, postBurst, storedMessages, until } from '../test/webhook-burst';

let redis: PrivateRedis | null = null;
let graph: FakeGraph;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const started: AppProcess[] = [];
let serverA: string;
let serverB: string;
let workers: AppProcess[] = [];
let owner: Awaited<ReturnType<typeof shopWithWhatsapp>>;

function start(mode: 'server' | 'worker') {
  const app = spawnApp({
    mode,
    env: {
      DATABASE_URL: database.url,
      REDIS_URL: redis?.url ?? '',
      RUN_WORKER: 'false',
      LOG_LEVEL: 'info',
      WHATSAPP_APP_SECRET: APP_SECRET,
      WHATSAPP_SANDBOX: 'false',
      WHATSAPP_API_BASE_URL: graph.url,
    },
  });
  started.push(app);
  return app;
}

/** A tRPC call with the owner's bearer token, to the server at `base`. */
async function call<T>(base: string, path: string, input?: unknown, method = 'POST') {
  const query =
    method === 'GET' ? `?input=${encodeURIComponent(JSON.stringify({ json: input }))}` : '';
  const response = await fetch(`${base}/trpc/${path}${query}`, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` },
    ...(method === 'POST' ? { body: JSON.stringify({ json: input }) } : {}),
  });
  const body = (await response.json()) as { result?: { data: { json: T } } };
  if (!response.ok || !body.result) throw new Error(`${path}: ${JSON.stringify(body)}`);
  return body.result.data.json;
}

beforeAll(async () => {
  [redis, graph, database] = await Promise.all([
    startPrivateRedis(),
    startFakeGraph(),
    createTestDatabase(inject('pgServerUrl'), inject('pgTemplate')),
  ]);
  const servers = [start('server'), start('server')];
  workers = [start('worker'), start('worker')];
  [serverA, serverB] = (await Promise.all(servers.map((server) => server.url(60_000)))) as [
    string,
    string,
  ];
  await Promise.all(workers.map((worker) => worker.waitFor(/worker started/, 60_000)));
  owner = await shopWithWhatsapp(serverA, database.db, 'scale-out');
  graph.addNumber({
    phoneNumberId: owner.phoneNumberId,
    displayPhoneNumber: '+221 77 000 00 03',
    verifiedName: 'Scale-out',
    accessToken: 'scale-out-token',
  });
}, 120_000);
afterAll(async () => {
  for (const app of started) app.child.kill('SIGKILL');
  await Promise.all([graph?.close(), redis?.stop(), database?.drop()]);
});

describe('two servers and two workers on one PostgreSQL and one Redis', () => {
  it('a session made on A works on B; a webhook posted to A reaches a subscriber of B once', async () => {
    const me = await call<{ user: { email: string } }>(serverB, 'auth.me', undefined, 'GET');
    expect(me.user.email).toContain('scale-out');

    const abort = new AbortController();
    const stream = await fetch(`${serverB}/trpc/live.events`, {
      headers: { authorization: `Bearer ${owner.token}` },
      signal: abort.signal,
    });
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const message = textMessage('221770002001', 'Bonjour, vous avez des sacs ?');
    const response = await postWhatsappMessage(serverA, APP_SECRET, owner.phoneNumberId, message);
    expect(response.status).toBe(200);
    const { text } = await readStream(stream, 'message.created', 15_000);
    abort.abort();
    const [stored] = await database.db
      .select({ id: schema.messages.id })
      .from(schema.messages)
      .where(eq(schema.messages.externalId, message.id));
    expect(stored).toBeDefined();
    expect(text).toContain(stored?.id ?? 'the stored message');
    expect(text.match(/message\.created/g)).toHaveLength(1);
  }, 60_000);

  it('sign-in guesses are counted once for both servers', async (context) => {
    if (!redis) context.skip();
    const email = `guessed-${Date.now()}@example.test`;
    await trpc(serverA, 'auth.signUp', {
      email,
      password: 'correct horse battery',
      name: 'Awa',
      businessName: 'guessed',
      client: 'app',
    });
    const attempt = async (base: string, password: string) => {
      const response = await fetch(`${base}/trpc/auth.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ json: { email, password, client: 'app' } }),
      });
      await response.arrayBuffer();
      return response.status;
    };
    // 8 wrong guesses per email and IP in 15 minutes, half on each server: one budget, spent.
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push(await attempt(i % 2 ? serverB : serverA, 'wrong'));
    expect(statuses.every((status) => status === 401)).toBe(true);
    expect(await attempt(serverA, 'correct horse battery')).toBe(429);
    expect(await attempt(serverB, 'correct horse battery')).toBe(429);
  }, 60_000);

  it('a burst posted to both servers is ingested once, and replies queued on both are sent once', async () => {
    const before = await storedMessages(database.db);
    await Promise.all([
      postBurst(serverA, owner.phoneNumberId, 0, 150),
      postBurst(serverB, owner.phoneNumberId, 150, 150),
    ]);
    await until(
      async () => (await storedMessages(database.db)) >= before + 300,
      45_000,
      'the 300 messages',
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await storedMessages(database.db)).toBe(before + 300);
    const unread = await database.db.execute<{ n: number }>(
      sql`select sum(unread_count)::int as n from conversations`,
    );
    expect(unread.rows[0]?.n).toBe(before + 300);

    const conversations = await database.db
      .select({ id: schema.conversations.id })
      .from(schema.conversations)
      .where(eq(schema.conversations.businessId, owner.businessId));
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const sent = await call<{ id: string }>(
        i % 2 ? serverB : serverA,
        'conversations.sendMessage',
        {
          conversationId: conversations[i % conversations.length]?.id,
          clientMessageId: `scale-out-${i}`,
          text: `Votre commande part ce soir (${i})`,
        },
      );
      ids.push(sent.id);
    }
    await until(() => graph.sent.length >= 20, 30_000, 'Meta to receive the 20 replies');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(graph.sent).toHaveLength(20);
    expect(new Set(graph.sent.map((sent) => sent.body.biz_opaque_callback_data))).toEqual(
      new Set(ids),
    );
  }, 120_000);

  it('killing one worker in the middle of a burst loses nothing: the other finishes it', async () => {
    const before = await storedMessages(database.db);
    const burst = Promise.all([
      postBurst(serverA, owner.phoneNumberId, 1_000, 300),
      postBurst(serverB, owner.phoneNumberId, 1_300, 300),
    ]);
    await until(async () => (await storedMessages(database.db)) >= before + 30, 30_000, 'draining');
    const [killed, survivor] = workers as [AppProcess, AppProcess];
    killed.child.kill('SIGKILL');
    await killed.exited;
    const atKill = await storedMessages(database.db);
    await burst;
    expect(atKill).toBeLessThan(before + 600);
    await until(
      async () => (await storedMessages(database.db)) >= before + 600,
      60_000,
      `the 600 messages by the surviving worker (had ${atKill - before} at the kill)`,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await storedMessages(database.db)).toBe(before + 600);
    const leftovers = await database.db
      .select({ id: schema.webhookEvents.id })
      .from(schema.webhookEvents)
      .where(eq(schema.webhookEvents.status, 'received'));
    expect(leftovers).toHaveLength(0);
    expect(survivor.child.exitCode).toBeNull();
  }, 120_000);
});
