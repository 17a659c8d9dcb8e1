import { schema } from '@flux/db';
import { and, asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessionIdFromToken } from '../auth/session';
import { dispatchWorld, TEST_PASSWORD, useTestApp } from '../testing';

const app = useTestApp();

describe('auth.signUp', () => {
  it('creates the user, the business, the owner membership, a trial and an audit row together', async () => {
    const owner = await app.signUp({ email: 'Awa.Diop@Example.TEST', businessName: 'Chez Awa' });
    const { db } = app.services;
    const [user] = await db.select().from(schema.users).where(eq(schema.users.id, owner.userId));
    expect(user?.email).toBe('awa.diop@example.test');
    expect(user?.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const [business] = await db
      .select()
      .from(schema.businesses)
      .where(eq(schema.businesses.id, owner.businessId));
    expect(business).toMatchObject({ name: 'Chez Awa', currency: 'XOF', timezone: 'Africa/Dakar' });
    const [membership] = await db
      .select()
      .from(schema.memberships)
      .where(eq(schema.memberships.businessId, owner.businessId));
    expect(membership).toMatchObject({ userId: owner.userId, role: 'owner' });
    const [subscription] = await db
      .select()
      .from(schema.subscriptions)
      .where(eq(schema.subscriptions.businessId, owner.businessId));
    expect(subscription).toMatchObject({ plan: 'trial', status: 'trialing' });
    const audit = await db
      .select()
      .from(schema.auditLogs)
      .where(eq(schema.auditLogs.businessId, owner.businessId));
    expect(audit.map((row) => row.action)).toContain('auth.sign_up');
  });

  it('a business in France gets euros and Paris time', async () => {
    const anon = await app.anonymous();
    const result = await anon.auth.signUp({
      email: 'lyon@example.test',
      password: TEST_PASSWORD,
      name: 'Claire',
      businessName: 'Épicerie de Lyon',
      country: 'FR',
      client: 'app',
    });
    const me = await (await app.as(result.token ?? '')).business.get();
    expect(me.business).toMatchObject({ currency: 'EUR', timezone: 'Europe/Paris' });
    expect(me.business.slug).toMatch(/^epicerie-de-lyon-/);
  });

  it('a second sign-up with the same email is a CONFLICT and writes nothing', async () => {
    await app.signUp({ email: 'twice@example.test' });
    const { db } = app.services;
    const before = await db.$count(schema.businesses);
    await expect(app.signUp({ email: 'TWICE@example.test' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await db.$count(schema.businesses)).toBe(before);
  });

  it('refuses a short password and a malformed email with field errors', async () => {
    const anon = await app.anonymous();
    const error = await anon.auth
      .signUp({ email: 'nope', password: 'short', name: 'X', businessName: 'Shop' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    const issues = (error as { cause: { issues: { path: string[] }[] } }).cause.issues;
    expect(issues.map((issue) => issue.path.join('.')).sort()).toEqual(['email', 'password']);
  });
});

describe('auth.signIn', () => {
  it('web sign-in sets an HttpOnly, Secure, SameSite=Lax cookie and returns no token', async () => {
    const user = await app.signUp();
    const { caller, resHeaders } = await app.callerWith();
    const result = await caller.auth.signIn({ email: user.email, password: TEST_PASSWORD });
    expect(result.token).toBeNull();
    const cookie = resHeaders.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^flux_session=[a-z2-7]{32};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('SameSite=Lax');
    const token = cookie.split(';')[0]?.split('=')[1] ?? '';
    const me = await (await app.callerWith({ cookie: `flux_session=${token}` })).caller.auth.me();
    expect(me.user.email).toBe(user.email);
    expect(me.currentBusinessId).toBe(user.businessId);
  });

  it('stores only the SHA-256 of the token', async () => {
    const user = await app.signUp();
    const rows = await app.services.db
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.userId, user.userId));
    expect(rows.map((row) => row.id)).toEqual([sessionIdFromToken(user.token)]);
    expect(rows[0]?.id).not.toContain(user.token);
  });

  it('a wrong password and an unknown email get the same UNAUTHORIZED', async () => {
    const user = await app.signUp();
    const anon = await app.anonymous();
    await expect(
      anon.auth.signIn({ email: user.email, password: 'wrong password!' }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Wrong email or password' });
    await expect(
      anon.auth.signIn({ email: 'ghost@example.test', password: 'wrong password!' }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED', message: 'Wrong email or password' });
  });

  it('the courier app gets a bearer token that works in the Authorization header', async () => {
    const user = await app.signUp();
    const anon = await app.anonymous();
    const result = await anon.auth.signIn({
      email: user.email,
      password: TEST_PASSWORD,
      client: 'app',
    });
    expect(result.token).toMatch(/^[a-z2-7]{32}$/);
    const me = await (await app.as(result.token ?? '')).auth.me();
    expect(me.session.kind).toBe('bearer');
  });
});

describe('auth.signIn by phone (couriers)', () => {
  /** A courier of a new shop with the app, whose shop registered them with `phone`. */
  async function courierWithPhone(phone: string) {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    await app.services.db
      .update(schema.couriers)
      .set({ phone })
      .where(eq(schema.couriers.id, world.courierId));
    return { owner, world };
  }

  it('a courier signs in with the number as typed (national or international) and gets the app session', async () => {
    const { owner, world } = await courierWithPhone('+221705550999');
    const anon = await app.anonymous();
    for (const phone of ['70 555 09 99', '+221 70 555 09 99', '00221705550999']) {
      const grant = await anon.auth.signIn({ phone, password: TEST_PASSWORD, client: 'app' });
      expect(grant).toMatchObject({ userId: world.rider.userId, businessId: owner.businessId });
      const courier = await (await app.as(grant.token ?? '')).courier.me({
        businessId: owner.businessId,
      });
      expect(courier.phone).toBe('+221705550999');
    }
    // A French number with the country given.
    const french = await courierWithPhone('+33612345678');
    await expect(
      anon.auth.signIn({ phone: '06 12 34 56 78', country: 'FR', password: TEST_PASSWORD }),
    ).resolves.toMatchObject({ userId: french.world.rider.userId });
  });

  it('a wrong password, an unknown number and a staff member’s number get the same refusal', async () => {
    const { owner } = await courierWithPhone('+221705550998');
    await app.services.db
      .update(schema.users)
      .set({ phone: '+221775550997' })
      .where(eq(schema.users.id, owner.userId));
    const anon = await app.anonymous();
    const refusal = { code: 'UNAUTHORIZED', message: 'Wrong phone number or password' };
    await expect(
      anon.auth.signIn({ phone: '705550998', password: 'wrong password!' }),
    ).rejects.toMatchObject(refusal);
    await expect(
      anon.auth.signIn({ phone: '705550001', password: TEST_PASSWORD }),
    ).rejects.toMatchObject(refusal);
    // The owner's own number is not a courier's: phone sign-in is for couriers.
    await expect(
      anon.auth.signIn({ phone: '775550997', password: TEST_PASSWORD }),
    ).rejects.toMatchObject(refusal);
    const failures = await app.services.db
      .select()
      .from(schema.auditLogs)
      .where(eq(schema.auditLogs.action, 'auth.sign_in_failed'));
    expect(failures.map((row) => row.actorLabel)).toEqual(
      expect.arrayContaining(['+221705550998', '+221705550001', '+221775550997']),
    );
  });

  it('a number two logins share signs neither in (they use their email)', async () => {
    const first = await courierWithPhone('+221705550996');
    const second = await courierWithPhone('+221705550996');
    const anon = await app.anonymous();
    await expect(
      anon.auth.signIn({ phone: '705550996', password: TEST_PASSWORD }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(
      anon.auth.signIn({ email: first.world.rider.email, password: TEST_PASSWORD }),
    ).resolves.toMatchObject({ userId: first.world.rider.userId });
    expect(second.world.rider.userId).not.toBe(first.world.rider.userId);
  });

  it('neither or both identifiers, or a number that is not one, is BAD_REQUEST on the field', async () => {
    const anon = await app.anonymous();
    const issuesOf = async (input: Record<string, unknown>) => {
      const error = await anon.auth.signIn(input as never).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'BAD_REQUEST' });
      const cause = (error as { cause?: { issues?: { path: PropertyKey[] }[] } }).cause;
      return (cause?.issues ?? []).map((issue) => issue.path.join('.'));
    };
    expect(await issuesOf({ password: 'x' })).toEqual(['email']);
    expect(await issuesOf({ email: 'a@example.test', phone: '770000000', password: 'x' })).toEqual([
      'email',
    ]);
    expect(await issuesOf({ phone: '12', password: 'x' })).toEqual(['phone']);
  });
});

describe('sessions', () => {
  it('an unknown, malformed or missing token is UNAUTHORIZED', async () => {
    await expect((await app.anonymous()).auth.me()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect((await app.as('a'.repeat(32))).auth.me()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect((await app.as("'; drop table users; --")).auth.me()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('an expired session is refused and deleted', async () => {
    const user = await app.signUp();
    const id = sessionIdFromToken(user.token);
    await app.services.db
      .update(schema.sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.sessions.id, id));
    // Changed behind the API's back: the auth cache hears it through its LISTEN within moments.
    await expect
      .poll(async () => (await app.as(user.token)).auth.me().catch((error: unknown) => error))
      .toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await app.services.db.$count(schema.sessions, eq(schema.sessions.id, id))).toBe(0);
  });

  it('a session past half its life is extended, and the cookie re-sent', async () => {
    const user = await app.signUp();
    const id = sessionIdFromToken(user.token);
    const soon = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
    await app.services.db
      .update(schema.sessions)
      .set({ expiresAt: soon })
      .where(eq(schema.sessions.id, id));
    // Changed behind the API's back: the auth cache hears it through its LISTEN within moments.
    const renewal = async () => {
      const { caller, resHeaders } = await app.callerWith({ cookie: `flux_session=${user.token}` });
      return { me: await caller.auth.me(), cookie: resHeaders.get('set-cookie') };
    };
    await expect.poll(async () => (await renewal()).cookie).toContain(`flux_session=${user.token}`);
    const { me } = await renewal();
    expect(me.session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 60 * 60 * 1000);
  });

  it('signing out of a browser clears its cookie and the answers it cached', async () => {
    const user = await app.signUp();
    const web = await app.callerWith();
    await web.caller.auth.signIn({ email: user.email, password: TEST_PASSWORD });
    const token = web.resHeaders.get('set-cookie')?.split(';')[0]?.split('=')[1] ?? '';
    const { caller, resHeaders } = await app.callerWith({ cookie: `flux_session=${token}` });
    await caller.auth.signOut();
    expect(resHeaders.get('set-cookie')).toContain('flux_session=;');
    expect(resHeaders.get('clear-site-data')).toBe('"cache"');
  });

  it('sign-out deletes the session row; the token stops working', async () => {
    const user = await app.signUp();
    await user.caller.auth.signOut();
    expect(
      await app.services.db.$count(schema.sessions, eq(schema.sessions.userId, user.userId)),
    ).toBe(0);
    await expect((await app.as(user.token)).auth.me()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('sign out everywhere ends every session of the user and no one else’s', async () => {
    const user = await app.signUp();
    const other = await app.signUp();
    const anon = await app.anonymous();
    const second = await anon.auth.signIn({
      email: user.email,
      password: TEST_PASSWORD,
      client: 'app',
    });
    const result = await (await app.as(second.token ?? '')).auth.signOutEverywhere();
    expect(result.sessionsEnded).toBe(2);
    await expect((await app.as(user.token)).auth.me()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(other.caller.auth.me()).resolves.toMatchObject({ user: { email: other.email } });
  });
});

describe('auth.switchBusiness', () => {
  it('switches to a business the user belongs to and refuses any other', async () => {
    const owner = await app.signUp();
    const stranger = await app.signUp();
    await expect(
      owner.caller.auth.switchBusiness({ businessId: stranger.businessId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await app.join(stranger, owner, 'agent');
    await owner.caller.auth.switchBusiness({ businessId: stranger.businessId });
    // The next request sees the new current business.
    const current = await (await app.as(owner.token)).business.get();
    expect(current).toMatchObject({ business: { id: stranger.businessId }, role: 'agent' });
  });
});

describe('auth.updateProfile', () => {
  it('changes the user’s name and language; the next me shows them; audited with what changed', async () => {
    const user = await app.signUp({ name: 'Awa' });
    const updated = await user.caller.auth.updateProfile({ name: '  Awa Diop ', locale: 'en' });
    expect(updated).toMatchObject({ id: user.userId, name: 'Awa Diop', locale: 'en' });
    expect(updated).not.toHaveProperty('passwordHash');
    const me = await (await app.as(user.token)).auth.me();
    expect(me.user).toMatchObject({ name: 'Awa Diop', locale: 'en', email: user.email });
    await (await app.as(user.token)).auth.updateProfile({ locale: 'fr' });
    expect((await (await app.as(user.token)).auth.me()).user).toMatchObject({
      name: 'Awa Diop',
      locale: 'fr',
    });
    const audit = await app.services.db
      .select({ changes: schema.auditLogs.changes })
      .from(schema.auditLogs)
      .where(
        and(
          eq(schema.auditLogs.actorUserId, user.userId),
          eq(schema.auditLogs.action, 'auth.profile_update'),
        ),
      )
      .orderBy(asc(schema.auditLogs.createdAt));
    expect(audit.map((row) => row.changes)).toEqual([
      { name: { from: 'Awa', to: 'Awa Diop' }, locale: { from: 'fr', to: 'en' } },
      { locale: { from: 'en', to: 'fr' } },
    ]);
  });

  it('an empty name, an unknown language or nothing to change is BAD_REQUEST; other users are untouched', async () => {
    const user = await app.signUp({ name: 'Moussa' });
    const other = await app.signUp({ name: 'Fatou' });
    for (const input of [{ name: '   ' }, { locale: 'de' as 'fr' }, {}]) {
      await expect(user.caller.auth.updateProfile(input)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    }
    await user.caller.auth.updateProfile({ name: 'Moussa Ba' });
    expect((await other.caller.auth.me()).user.name).toBe('Fatou');
    await expect(
      (await app.anonymous()).auth.updateProfile({ name: 'Intrus' }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('password policy at sign-up', () => {
  it('refuses a common password, a trivial repeat and one made of the shop’s name, with a reason on the field; nothing is created', async () => {
    const anon = await app.anonymous();
    const before = await app.services.db.$count(schema.users);
    for (const [password, reason] of [
      ['aaaaaaaaaa', 'repetitive'],
      ['password123', 'common'],
      ['awa-couture-2024', 'businessName'],
    ] as const) {
      const error = await anon.auth
        .signUp({
          email: `awa.${reason}@example.test`,
          password,
          name: 'Awa',
          businessName: 'Awa Couture',
        })
        .catch((e: unknown) => e);
      expect(error, password).toMatchObject({ code: 'BAD_REQUEST' });
      const issues = (error as { cause: { issues: { path: string[]; params?: unknown }[] } }).cause
        .issues;
      expect(issues).toMatchObject([{ path: ['password'], params: { reason } }]);
    }
    expect(await app.services.db.$count(schema.users)).toBe(before);
  });
});
