import { schema } from '@flux/db';
import { eq } from 'drizzle-orm';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  dispatchWorld,
  freePort,
  type PrivateRedis,
  startPrivateRedis,
  TEST_PASSWORD,
  useTestApp,
} from '../testing';
import { createCircuit } from './circuit';
import {
  createMemoryRateLimiter,
  createRedisRateLimiter,
  enforceRateLimits,
  type RateLimiter,
} from './rate-limit';
import { createRedisClient } from './redis';

function behavesLikeALimiter(name: string, make: () => RateLimiter) {
  describe(name, () => {
    it('allows up to the limit, then refuses with a retry delay', async () => {
      const limiter = make();
      const key = `test:${name}:${Math.random()}`;
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await limiter.hit(key, 3, 60_000));
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
      expect(results[3]?.retryAfterMs).toBeGreaterThan(50_000);
      await limiter.reset(key);
      expect((await limiter.hit(key, 3, 60_000)).allowed).toBe(true);
    });

    it('opens again when the window has passed', async () => {
      const limiter = make();
      const key = `test:${name}:${Math.random()}`;
      await limiter.hit(key, 1, 50);
      expect((await limiter.hit(key, 1, 50)).allowed).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 80));
      expect((await limiter.hit(key, 1, 50)).allowed).toBe(true);
    });
  });
}

behavesLikeALimiter('in-process limiter', () => createMemoryRateLimiter());

// Redis is optional for the product; where the machine runs one (REDIS_URL), its limiter is
// tested against it for real.
const redisUrl = inject('redisUrl');
const redis = redisUrl ? new Redis(redisUrl, { maxRetriesPerRequest: 1 }) : null;
afterAll(() => redis?.quit());
if (redis) behavesLikeALimiter('redis limiter', () => createRedisRateLimiter(redis));

describe('redis limiter when Redis is down', () => {
  it('falls back to counting in-process instead of failing sign-ins', async () => {
    const dead = createRedisClient(`redis://127.0.0.1:${await freePort()}`);
    const errors: unknown[] = [];
    const limiter = createRedisRateLimiter(dead, { onError: (error) => errors.push(error) });
    expect((await limiter.hit('down', 1, 60_000)).allowed).toBe(true);
    expect((await limiter.hit('down', 1, 60_000)).allowed).toBe(false);
    expect(errors.length).toBeGreaterThan(0);
    dead.disconnect();
  });
});

describe('redis limiter when Redis is frozen', () => {
  let server: PrivateRedis | null = null;
  beforeAll(async () => {
    server = await startPrivateRedis();
  });
  afterAll(() => server?.stop());

  it('answers within the command timeout, then at once while the circuit is open, then from Redis again once it thaws', async (context) => {
    if (!server) return context.skip('no redis-server binary on this machine');
    const client = createRedisClient(server.url, { commandMs: 300, connectMs: 1_000 });
    await new Promise((resolve) => client.once('ready', resolve));
    const circuit = createCircuit({ failures: 3, cooldownMs: 1_000 });
    const limiter = createRedisRateLimiter(client, { circuit, prefix: 'frozen:' });
    expect((await limiter.hit('k', 100, 60_000)).remaining).toBe(99);

    server.freeze();
    const timed = async () => {
      const started = performance.now();
      const result = await limiter.hit('k', 100, 60_000);
      return { result, ms: performance.now() - started };
    };
    // Three counts at once, as a sign-in makes: each waits one timeout, together they open it.
    const first = await Promise.all([timed(), timed(), timed()]);
    for (const { ms, result } of first) {
      expect(ms).toBeGreaterThanOrEqual(250);
      expect(ms).toBeLessThan(1_000);
      expect(result.allowed).toBe(true);
    }
    expect(circuit.state).toBe('open');
    const next = await timed();
    expect(next.ms).toBeLessThan(50);

    server.thaw();
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // The probe goes to Redis, which counted the first hit (and perhaps the frozen ones, which
    // reached it and were answered late).
    const probe = await timed();
    expect(circuit.state).toBe('closed');
    expect(probe.result.remaining).toBeLessThanOrEqual(98);
    expect(Number(await client.get('frozen:k'))).toBe(100 - probe.result.remaining);
    client.disconnect();
  });
});

describe('enforceRateLimits', () => {
  it('throws TOO_MANY_REQUESTS with the wait in words and seconds', async () => {
    const limiter = createMemoryRateLimiter();
    const check = [{ key: 'k', policy: { limit: 1, windowMs: 90_000 } }];
    await enforceRateLimits(limiter, check);
    await expect(enforceRateLimits(limiter, check)).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: 'Too many attempts. Try again in 2 minutes.',
      details: { retryAfterSeconds: 90 },
    });
  });
});

describe('sign-in rate limit', () => {
  const app = useTestApp({ rateLimit: true, ...(redisUrl ? { redisUrl } : {}) });

  it('the 9th bad password for one email from one IP is TOO_MANY_REQUESTS, even with the right one; the owner elsewhere still gets in', async () => {
    const user = await app.signUp({ email: `limited-${Date.now()}@example.test` });
    const anon = (await app.callerWith({}, '192.0.2.10')).caller;
    for (let i = 0; i < 8; i++) {
      await expect(
        anon.auth.signIn({ email: user.email, password: 'wrong password' }),
      ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
    await expect(
      anon.auth.signIn({ email: user.email, password: TEST_PASSWORD }),
    ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    const elsewhere = (await app.callerWith({}, '192.0.2.99')).caller;
    await expect(
      elsewhere.auth.signIn({ email: user.email, password: TEST_PASSWORD }),
    ).resolves.toMatchObject({ userId: user.userId });
  });

  it('a courier’s number is limited like an email: the 9th bad password from one IP is TOO_MANY_REQUESTS', async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const phone = `+2217055${String(Date.now()).slice(-5)}`;
    await app.services.db
      .update(schema.couriers)
      .set({ phone })
      .where(eq(schema.couriers.id, world.courierId));
    const anon = (await app.callerWith({}, '192.0.2.11')).caller;
    for (let i = 0; i < 8; i++) {
      await expect(
        // Written differently each time: the limit is on the number, not on the text typed.
        anon.auth.signIn({ phone: i % 2 ? phone : phone.slice(4), password: 'wrong password' }),
      ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    }
    await expect(anon.auth.signIn({ phone, password: TEST_PASSWORD })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    const elsewhere = (await app.callerWith({}, '192.0.2.98')).caller;
    await expect(
      elsewhere.auth.signIn({ phone, password: TEST_PASSWORD, client: 'app' }),
    ).resolves.toMatchObject({ userId: world.rider.userId });
  });

  it('one IP may create 10 accounts an hour, not 11', async () => {
    const { caller } = await app.callerWith({}, '198.51.100.42');
    for (let i = 0; i < 10; i++) {
      await caller.auth.signUp({
        email: `bulk${i}-${Date.now()}@example.test`,
        password: TEST_PASSWORD,
        name: 'Bulk',
        businessName: `Bulk ${i}`,
      });
    }
    await expect(
      caller.auth.signUp({
        email: `bulk-last-${Date.now()}@example.test`,
        password: TEST_PASSWORD,
        name: 'Bulk',
        businessName: 'Bulk last',
      }),
    ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('one IP is stopped after 30 sign-in attempts across many emails', async () => {
    const { caller } = await app.callerWith({}, '198.51.100.99');
    for (let i = 0; i < 30; i++) {
      await caller.auth
        .signIn({ email: `spray${i}-${Date.now()}@example.test`, password: 'guess' })
        .catch(() => {});
    }
    await expect(
      caller.auth.signIn({ email: 'one-more@example.test', password: 'guess' }),
    ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });
});
