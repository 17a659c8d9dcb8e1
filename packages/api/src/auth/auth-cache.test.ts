// The session and membership cache across two processes' worth of services on one database:
// a change made through one is seen at once there and within moments by the other.
import { createDb, createPool } from '@flux/db';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServices } from '../bootstrap';
import type { AppServices } from '../context';
import { createCaller } from '../root';
import { useTestApp } from '../testing';
import { createContext } from '../trpc';
import { type CachedSession, createAuthCache } from './auth-cache';
import { sessionIdFromToken } from './session';

const app = useTestApp();
let other: { services: AppServices; close(): Promise<void> };

beforeAll(async () => {
  const pool = createPool(app.url, 4);
  const bootstrapped = createAppServices({
    db: createDb(pool),
    databaseUrl: app.url,
    log: pino({ level: 'silent' }),
    rateLimit: false,
  });
  other = {
    services: bootstrapped.services,
    async close() {
      await bootstrapped.close();
      await pool.end();
    },
  };
  await Promise.all([app.services.authCache?.ready(), other.services.authCache?.ready()]);
});
afterAll(() => other.close());

/** A caller of the other process, as a request bearing `token` would get it. */
async function elsewhere(token: string) {
  const ctx = await createContext(other.services, {
    headers: new Headers({ authorization: `Bearer ${token}` }),
    resHeaders: new Headers(),
    ip: '203.0.113.9',
    secureCookies: true,
  });
  return createCaller(ctx);
}

/** Calls `attempt` until it settles as `expected` says; returns how long that took, in ms. */
async function within(ms: number, attempt: () => Promise<boolean>) {
  const started = Date.now();
  for (;;) {
    if (await attempt()) return Date.now() - started;
    if (Date.now() - started > ms) throw new Error(`not seen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'OK',
    (error: { code?: string }) => error.code ?? 'ERROR',
  );

describe('auth cache', () => {
  it('a signed-out session is refused at once here, and within moments in the other process', async () => {
    const user = await app.signUp();
    // Both processes have seen (and kept) the session and the membership.
    expect((await (await app.as(user.token)).business.get()).role).toBe('owner');
    expect((await (await elsewhere(user.token)).business.get()).role).toBe('owner');
    const id = sessionIdFromToken(user.token);
    expect(app.services.authCache?.session(id)).toBeDefined();
    expect(other.services.authCache?.session(id)).toBeDefined();

    await (await app.as(user.token)).auth.signOut();

    expect(await codeOf((await app.as(user.token)).business.get())).toBe('UNAUTHORIZED');
    const took = await within(2_000, async () => {
      return (await codeOf((await elsewhere(user.token)).business.get())) === 'UNAUTHORIZED';
    });
    expect(took).toBeLessThan(2_000);
  });

  it('signing out everywhere ends every session of the user in both processes', async () => {
    const user = await app.signUp();
    const second = await (await app.anonymous()).auth.signIn({
      email: user.email,
      password: 'correct horse battery',
      client: 'app',
    });
    const token = second.token ?? '';
    await (await elsewhere(token)).business.get();
    await (await app.as(token)).business.get();
    await (await app.as(user.token)).auth.signOutEverywhere();
    expect(await codeOf((await app.as(token)).business.get())).toBe('UNAUTHORIZED');
    await within(2_000, async () => {
      return (await codeOf((await elsewhere(token)).business.get())) === 'UNAUTHORIZED';
    });
  });

  it('a role change is seen at once here and within moments in the other process', async () => {
    const owner = await app.signUp();
    const member = await app.signUp();
    await app.join(owner, member, 'agent');
    const read = async (caller: Awaited<ReturnType<typeof elsewhere>>) =>
      (await caller.business.get({ businessId: owner.businessId })).role;
    expect(await read(await app.as(member.token))).toBe('agent');
    expect(await read(await elsewhere(member.token))).toBe('agent');

    await owner.caller.business.changeRole({
      businessId: owner.businessId,
      userId: member.userId,
      role: 'admin',
    });

    expect(await read(await app.as(member.token))).toBe('admin');
    await within(2_000, async () => (await read(await elsewhere(member.token))) === 'admin');
  });

  it('a removed member loses the business at once here and within moments in the other process', async () => {
    const owner = await app.signUp();
    const member = await app.signUp();
    await app.join(owner, member, 'agent');
    const read = async (caller: Awaited<ReturnType<typeof elsewhere>>) =>
      codeOf(caller.business.get({ businessId: owner.businessId }));
    expect(await read(await app.as(member.token))).toBe('OK');
    expect(await read(await elsewhere(member.token))).toBe('OK');

    await owner.caller.business.removeMember({
      businessId: owner.businessId,
      userId: member.userId,
    });

    expect(await read(await app.as(member.token))).toBe('NOT_FOUND');
    await within(2_000, async () => (await read(await elsewhere(member.token))) === 'NOT_FOUND');
  });

  it('a renamed business is shown renamed by the other process', async () => {
    const owner = await app.signUp();
    expect((await (await elsewhere(owner.token)).business.get()).business.name).not.toBe('Renamed');
    await owner.caller.business.update({ name: 'Renamed' });
    expect((await (await app.as(owner.token)).business.get()).business.name).toBe('Renamed');
    await within(2_000, async () => {
      return (await (await elsewhere(owner.token)).business.get()).business.name === 'Renamed';
    });
  });

  it('an entry read in the second half of its life is looked up again in the background, once, the reader never waiting', async () => {
    const cache = createAuthCache({ db: app.services.db, url: app.url, ttlMs: 600 });
    try {
      await cache.ready();
      const owner = await app.signUp();
      const id = sessionIdFromToken(owner.token);
      const version = (name: string) =>
        ({
          session: { id } as CachedSession['session'],
          user: { id: 'u', email: 'e', name, phone: null, locale: 'fr', createdAt: new Date() },
        }) satisfies CachedSession;
      await cache.loadSession(id, async () => version('first'));
      const lookups: string[] = [];
      const refresh = (name: string | null) => async () => {
        lookups.push(String(name));
        await new Promise((resolve) => setTimeout(resolve, 50));
        return name ? version(name) : undefined;
      };
      // Young: answered as kept, nothing looked up.
      expect(cache.session(id, refresh('second'))?.user.name).toBe('first');
      expect(lookups).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 350));
      // Old: still answered at once as kept; one lookup however many readers.
      expect(cache.session(id, refresh('second'))?.user.name).toBe('first');
      expect(cache.session(id, refresh('third'))?.user.name).toBe('first');
      expect(lookups).toEqual(['second']);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(cache.session(id)?.user.name).toBe('second');
      // Kept fresh as long as it is read: well past the first entry's lifetime.
      await new Promise((resolve) => setTimeout(resolve, 350));
      expect(cache.session(id, refresh(null))?.user.name).toBe('second');
      await new Promise((resolve) => setTimeout(resolve, 100));
      // The background lookup found nothing (signed out, notification lost): forgotten.
      expect(cache.session(id)).toBeUndefined();
      // Not read: an entry expires at its time.
      await cache.loadSession(id, async () => version('fourth'));
      await new Promise((resolve) => setTimeout(resolve, 650));
      expect(cache.session(id, refresh('fifth'))).toBeUndefined();
    } finally {
      await cache.close();
    }
  });
});
