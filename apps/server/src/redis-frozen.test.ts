// A frozen Redis (SIGSTOP: connections stay open, nothing answers) costs sign-in one command
// timeout, then nothing while the circuit is open; WhatsApp messages are still ingested and reach
// the dashboard live; once Redis thaws, rate limits are counted there again. The Redis is a
// private redis-server, so the one the other test files share is never frozen.
import { type PrivateRedis, startPrivateRedis } from '@flux/api/testing';
import { schema } from '@flux/db';
import { DEMO_LOGIN } from '@flux/db/seed';
import { createTestDatabase } from '@flux/db/testing';
import { signWebhook, textMessage, webhookPayload } from '@flux/integrations';
import pino from 'pino';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { type RunningServer, startServer } from './server';

const SECRET = 'flux-dev-app-secret';
const PHONE_NUMBER_ID = '109000000000001';
let redis: PrivateRedis | null = null;
let database: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
let running: RunningServer | undefined;
let inspect: Awaited<ReturnType<PrivateRedis['connect']>> | undefined;

beforeAll(async () => {
  redis = await startPrivateRedis();
  if (!redis) return;
  database = await createTestDatabase(inject('pgServerUrl'), inject('pgTemplate'));
  running = await startServer({
    port: 0,
    host: '127.0.0.1',
    databaseUrl: database.url,
    redisUrl: redis.url,
    seedDemo: true,
    runWorker: true,
    rateLimit: true,
    whatsappSandbox: false,
    webDist: null,
    log: pino({ level: 'silent' }),
  });
  inspect = await redis.connect();
});
afterAll(async () => {
  redis?.thaw();
  inspect?.disconnect();
  await running?.stop();
  await database?.drop();
  await redis?.stop();
});

async function signIn(base: string) {
  const started = performance.now();
  const response = await fetch(`${base}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({
      json: { email: DEMO_LOGIN.email, password: DEMO_LOGIN.password, client: 'app' },
    }),
  });
  const body = (await response.json()) as { result?: { data: { json: { token: string } } } };
  return {
    status: response.status,
    token: body.result?.data.json.token,
    ms: performance.now() - started,
  };
}

/** The sign-in counts Redis holds (the limiter writes one key per policy). */
/** Sign-ins counted per IP in Redis: only ever grows (the email-and-IP count is reset on success). */
async function countsInRedis() {
  if (!inspect) return 0;
  const keys = await inspect.keys('flux:rl:signIn:ip:*');
  const values = keys.length > 0 ? await inspect.mget(keys) : [];
  return values.reduce((sum, value) => sum + Number(value ?? 0), 0);
}

it('sign-in answers within the timeout, then at once; messages still arrive live; Redis counts again once it thaws', async (context) => {
  if (!redis || !running?.url || !database) {
    return context.skip('no redis-server binary on this machine');
  }
  const base = running.url;
  const before = await signIn(base);
  expect(before.status).toBe(200);
  expect(await countsInRedis()).toBeGreaterThan(0);

  redis.freeze();
  const calls = [];
  for (let i = 0; i < 10; i++) calls.push(await signIn(base));
  expect(calls.map((call) => call.status)).toEqual(Array(10).fill(200));
  // The first waits for the command timeout (500 ms) and opens the circuit; the others skip Redis.
  expect(calls[0]?.ms).toBeLessThan(3_000);
  const later = calls.slice(1).map((call) => call.ms);
  expect(Math.max(...later)).toBeLessThan(500);
  context.annotate(
    `sign-in with Redis frozen: first ${Math.round(calls[0]?.ms ?? 0)} ms, then ${later.map(Math.round).join(', ')} ms`,
  );

  // The webhook drain and the live events do not go through Redis at all.
  await database.db.insert(schema.whatsappAccounts).values({
    businessId: running.demo?.businessId ?? '',
    phoneNumberId: PHONE_NUMBER_ID,
    wabaId: '1',
    displayPhoneNumber: '+221 77 000 00 09',
    accessToken: 'frozen-test',
  });
  const abort = new AbortController();
  const stream = await fetch(`${base}/trpc/live.events`, {
    headers: { authorization: `Bearer ${before.token}` },
    signal: abort.signal,
  });
  const reader = stream.body?.getReader();
  const message = textMessage('221770009876', 'Toujours là ?');
  const body = JSON.stringify(
    webhookPayload({ phoneNumberId: PHONE_NUMBER_ID, messages: [message] }),
  );
  const posted = await fetch(`${base}/webhooks/whatsapp`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': signWebhook(body, SECRET),
    },
    body,
  });
  expect(posted.status).toBe(200);
  let text = '';
  const deadline = setTimeout(() => abort.abort(), 10_000);
  while (!text.includes('message.created')) {
    const chunk = await reader?.read().catch(() => undefined);
    if (!chunk || chunk.done) break;
    text += new TextDecoder().decode(chunk.value);
  }
  clearTimeout(deadline);
  abort.abort();
  expect(text).toContain('message.created');

  // Thawed: after the cool-down (5 s) a probe finds Redis, and counts go there again.
  redis.thaw();
  const counted = await countsInRedis();
  const until = Date.now() + 15_000;
  while ((await countsInRedis()) === counted && Date.now() < until) {
    expect((await signIn(base)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  expect(await countsInRedis()).toBeGreaterThan(counted);
}, 60_000);
