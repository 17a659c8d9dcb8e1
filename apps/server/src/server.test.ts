// The whole product over real HTTP: probes, the demo login through the tRPC client, CSRF, limits.

import { request } from 'node:http';
import { type AppRouter, createAppServices, jobs } from '@flux/api';
import { createDb, createPool, schema } from '@flux/db';
import { DEMO_LOGIN } from '@flux/db/seed';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import superjson from 'superjson';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientIp, createApp } from './app';
import type { RunningServer } from './server';
import { useTestServer } from './testing';

const server = useTestServer();
let running: RunningServer;
let base = '';
beforeAll(() => {
  running = server.running;
  base = server.url;
});

function client(headers: Record<string, string> = {}) {
  let lastResponse: Response | undefined;
  const trpc = createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${base}/trpc`,
        transformer: superjson,
        headers: () => ({ origin: base, ...headers }),
        fetch: async (url, init) => {
          lastResponse = await fetch(url, init as RequestInit);
          return lastResponse;
        },
      }),
    ],
  });
  return { trpc, last: () => lastResponse };
}

describe('probes', () => {
  it('GET /healthz and /readyz answer 200 once migrated', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('sends security headers and a request id', async () => {
    const response = await fetch(`${base}/healthz`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('x-request-id')).toMatch(/.+/);
  });

  it('an unknown path outside the dashboard is a JSON 404', async () => {
    for (const request of [
      fetch(`${base}/webhooks/nope`),
      fetch(`${base}/nope`, { method: 'POST' }),
      fetch(`${base}/assets/missing-chunk.js`),
    ]) {
      const response = await request;
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: 'Not found' });
    }
  });

  it('any other page is the dashboard, revalidated, under a content security policy', async () => {
    const response = await fetch(`${base}/orders/some-order`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await response.text();
    expect(html).toContain('<div id="root">');
    const script = html.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
    if (!script) throw new Error('no entry script in index.html');
    const asset = await fetch(`${base}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(asset.headers.get('content-type')).toContain('text/javascript');
  });

  it('a path climbing out of the dashboard folder finds nothing', async () => {
    // From apps/web/dist, two levels up is apps/web/package.json: it exists, and must not be served.
    const response = await fetch(`${base}/assets/..%2F..%2Fpackage.json`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('@flux/web');
  });
});

describe('headers of every answer', () => {
  it('a Permissions-Policy; no HSTS over plain http; API answers are never cached', async () => {
    const health = await fetch(`${base}/healthz`);
    const policy = health.headers.get('permissions-policy') ?? '';
    for (const feature of ['camera=()', 'microphone=()', 'geolocation=()', 'payment=()'])
      expect(policy).toContain(feature);
    expect(health.headers.get('strict-transport-security')).toBeNull();
    for (const response of [
      await fetch(`${base}/trpc/auth.me`),
      await fetch(`${base}/trpc/auth.signIn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"json":{}}',
      }),
      await fetch(`${base}/webhooks/whatsapp`, { method: 'POST', body: '{}' }),
    ]) {
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('HSTS when the configuration says https', async () => {
    const pool = createPool(running.database.url, 1);
    const { services, close } = createAppServices({
      db: createDb(pool),
      log: pino({ level: 'silent' }),
      redisUrl: undefined,
    });
    const app = createApp(services, {
      allowedOrigins: ['https://app.example.com'],
      trustProxyHops: 1,
      secureCookies: true,
      bodyLimit: 1_048_576,
      whatsapp: { verifyToken: 'flux-dev-verify-token', appSecret: 'flux-dev-app-secret' },
    });
    const response = await app.request('/healthz');
    expect(response.headers.get('strict-transport-security')).toBe(
      'max-age=15552000; includeSubDomains',
    );
    await close();
    await pool.end();
  });
});

describe('the demo login through tRPC', () => {
  it('signs in with a cookie (not Secure on localhost http), then auth.me knows the demo owner', async () => {
    const anonymous = client();
    const result = await anonymous.trpc.auth.signIn.mutate({
      email: DEMO_LOGIN.email,
      password: DEMO_LOGIN.password,
    });
    expect(result.token).toBeNull();
    const cookie = anonymous.last()?.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^flux_session=[a-z2-7]{32}; HttpOnly; SameSite=Lax; Path=\//);
    expect(cookie).not.toContain('Secure');
    const signedIn = client({ cookie: cookie.split(';')[0] ?? '' });
    const me = await signedIn.trpc.auth.me.query();
    expect(me.user.email).toBe(DEMO_LOGIN.email);
    const business = await signedIn.trpc.business.get.query();
    expect(business.business).toMatchObject({ currency: 'XOF', timezone: 'Africa/Dakar' });
    expect(business.role).toBe('owner');
  });

  it('the courier app signs in for a bearer token', async () => {
    const result = await client().trpc.auth.signIn.mutate({
      email: DEMO_LOGIN.email,
      password: DEMO_LOGIN.password,
      client: 'app',
    });
    const me = await client({ authorization: `Bearer ${result.token}` }).trpc.auth.me.query();
    expect(me.session.kind).toBe('bearer');
  });
});

describe('errors over HTTP', () => {
  it('bad input is a 400 with the zod field errors', async () => {
    const { trpc, last } = client();
    const error = await trpc.auth.signUp
      .mutate({ email: 'x', password: 'short', name: 'A', businessName: 'Shop' })
      .catch((e: unknown) => e);
    expect(last()?.status).toBe(400);
    expect(error).toBeInstanceOf(TRPCClientError);
    const data = (error as TRPCClientError<AppRouter>).data;
    expect(data?.code).toBe('BAD_REQUEST');
    expect(Object.keys(data?.zodError?.fieldErrors ?? {}).sort()).toEqual(['email', 'password']);
  });

  it('no session is a 401', async () => {
    const { trpc, last } = client();
    await expect(trpc.auth.me.query()).rejects.toBeInstanceOf(TRPCClientError);
    expect(last()?.status).toBe(401);
  });

  it('a body over the limit is a 413', async () => {
    // Its own connection: the server closes it without reading the body.
    const body = JSON.stringify({ json: { email: 'a@b.c', password: 'x'.repeat(4_000_000) } });
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        `${base}/trpc/auth.signIn`,
        {
          method: 'POST',
          agent: false,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            origin: base,
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

  it('a batch of more than 50 calls is refused at once with a 400 that says the limit', async () => {
    const { token } = await client().trpc.auth.signIn.mutate({
      email: DEMO_LOGIN.email,
      password: DEMO_LOGIN.password,
      client: 'app',
    });
    const batch = (count: number) =>
      fetch(
        `${base}/trpc/${Array(count).fill('auth.me').join(',')}?batch=1&input=${encodeURIComponent(
          JSON.stringify(Object.fromEntries(Array.from({ length: count }, (_, i) => [i, {}]))),
        )}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
    const fifty = await batch(50);
    expect(fifty.status).toBe(200);
    expect(await fifty.json()).toHaveLength(50);
    const over = await batch(51);
    expect(over.status).toBe(400);
    expect(JSON.stringify(await over.json())).toContain('A batch may hold at most 50 calls');
    // 600 mutations in one POST were all run before: now none is.
    const before = await running.database.db.$count(schema.products);
    const mutations = await fetch(
      `${base}/trpc/${Array(600).fill('products.create').join(',')}?batch=1`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(
          Object.fromEntries(
            Array.from({ length: 600 }, (_, i) => [
              i,
              { json: { sku: `BATCH-${i}`, name: 'Batch', price: 1 } },
            ]),
          ),
        ),
      },
    );
    expect(mutations.status).toBe(400);
    expect(await running.database.db.$count(schema.products)).toBe(before);
  });

  it('malformed JSON is a 400, not a 500', async () => {
    const response = await fetch(`${base}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: base },
      body: '{"json": {',
    });
    expect(response.status).toBe(400);
  });
});

describe('CSRF', () => {
  async function signedInCookie() {
    const { trpc, last } = client();
    await trpc.auth.signIn.mutate({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password });
    return (last()?.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  }

  it('a cookie-authenticated write from another site is refused, and the session survives', async () => {
    const cookie = await signedInCookie();
    const evil = await fetch(`${base}/trpc/auth.signOutEverywhere`, {
      method: 'POST',
      headers: { cookie, origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(evil.status).toBe(403);
    const nullOrigin = await fetch(`${base}/trpc/auth.signOutEverywhere`, {
      method: 'POST',
      headers: { cookie, origin: 'null', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(nullOrigin.status).toBe(403);
    const noOrigin = await fetch(`${base}/trpc/auth.signOutEverywhere`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noOrigin.status).toBe(403);
    const me = await client({ cookie }).trpc.auth.me.query();
    expect(me.user.email).toBe(DEMO_LOGIN.email);
  });

  it('the same write from our own origin goes through', async () => {
    const cookie = await signedInCookie();
    const { trpc } = client({ cookie });
    await expect(trpc.auth.signOut.mutate()).resolves.toEqual({ ok: true });
    await expect(client({ cookie }).trpc.auth.me.query()).rejects.toBeInstanceOf(TRPCClientError);
  });
});

describe('jobs', () => {
  it('the worker in the server process runs sessions.purge-expired: expired sessions go, live ones stay', async () => {
    const { db } = running.database;
    const [user] = await db.select().from(schema.users).limit(1);
    const hex = (c: string) => c.repeat(64);
    await db.insert(schema.sessions).values([
      { id: hex('a'), userId: user?.id ?? '', expiresAt: new Date(Date.now() - 60_000) },
      { id: hex('b'), userId: user?.id ?? '', expiresAt: new Date(Date.now() + 60_000) },
    ]);
    // Through pg-boss itself, as the cron does.
    await running.jobs.boss.send('sessions.purge-expired', {});
    const deadline = Date.now() + 15_000;
    let expiredLeft = 1;
    while (expiredLeft > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      expiredLeft = await db.$count(schema.sessions, eq(schema.sessions.id, hex('a')));
    }
    expect(expiredLeft).toBe(0);
    expect(await db.$count(schema.sessions, eq(schema.sessions.id, hex('b')))).toBe(1);
  });

  it('every schedule sends a payload its job accepts (the minute sweeps run)', async () => {
    const schedules = await running.jobs.boss.getSchedules();
    const scheduled = jobs.filter((job) => 'cron' in job && job.cron);
    expect(schedules.map((schedule) => schedule.name).sort()).toEqual(
      scheduled.map((job) => job.name).sort(),
    );
    for (const job of scheduled) {
      const schedule = schedules.find((item) => item.name === job.name);
      expect(job.schema.safeParse(schedule?.data).success, job.name).toBe(true);
    }
  });
});

describe('clientIp', () => {
  const remote = () => '10.0.0.5';
  it('without proxies, is the socket address whatever X-Forwarded-For says', () => {
    expect(clientIp('1.2.3.4', 0, remote)).toBe('10.0.0.5');
  });
  it('behind one proxy, is the rightmost entry: the one our proxy appended', () => {
    expect(clientIp('6.6.6.6, 41.82.10.7', 1, remote)).toBe('41.82.10.7');
    expect(clientIp('6.6.6.6, 41.82.10.7, 10.1.1.1', 2, remote)).toBe('41.82.10.7');
  });
});

describe('live events over SSE', () => {
  it('GET /trpc/live.events streams the business’s events as they happen', async () => {
    const { trpc, last } = client();
    await trpc.auth.signIn.mutate({ email: DEMO_LOGIN.email, password: DEMO_LOGIN.password });
    const cookie = (last()?.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const [conversation] = await running.database.db.select().from(schema.conversations).limit(1);
    const abort = new AbortController();
    const response = await fetch(`${base}/trpc/live.events`, {
      headers: { cookie },
      signal: abort.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body?.getReader();
    await client({ cookie }).trpc.conversations.markRead.mutate({ id: conversation?.id ?? '' });
    let text = '';
    const deadline = Date.now() + 5_000;
    while (!text.includes(conversation?.id ?? '-') && Date.now() < deadline) {
      const chunk = await reader?.read();
      if (!chunk || chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    abort.abort();
    expect(text).toContain('conversation.updated');
    expect(text).toContain(conversation?.id);
  });
});
