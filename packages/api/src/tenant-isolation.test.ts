// Every procedure of the API, classified. A procedure missing from `procedures` fails the first
// test: whoever adds one must say here who may call it, how to call it and what bad input is.
import { schema } from '@flux/db';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { appRouter } from './root';
import { type TestUser, useTestApp } from './testing';

interface World {
  attacker: TestUser;
  victim: TestUser;
  victimAgent: TestUser;
}

interface ProcedureCase {
  scope: 'public' | 'authed' | 'business';
  /** A valid input for the victim's business (the harness adds businessId). */
  input?: (world: World) => Record<string, unknown>;
  /** Input that must come back BAD_REQUEST with issues naming the fields. */
  invalid?: Record<string, unknown>;
  /** Roles below owner/admin must get FORBIDDEN. */
  adminOnly?: boolean;
}

export const procedures: Record<string, ProcedureCase> = {
  'auth.signUp': {
    scope: 'public',
    invalid: { email: 'not-an-email', password: '123', name: '', businessName: 'x' },
  },
  'auth.signIn': { scope: 'public', invalid: { email: 42, password: '' } },
  'auth.signOut': { scope: 'authed' },
  'auth.signOutEverywhere': { scope: 'authed' },
  'auth.me': { scope: 'authed' },
  'auth.switchBusiness': {
    scope: 'authed',
    input: (w) => ({ businessId: w.victim.businessId }),
    invalid: { businessId: 'not-a-uuid' },
  },
  'business.get': { scope: 'business' },
  'business.update': {
    scope: 'business',
    adminOnly: true,
    input: () => ({ name: 'Hijacked', settings: { autoReply: true } }),
    invalid: { name: 'x', settings: { deliveryFee: 'free' } },
  },
  'business.members': { scope: 'business' },
  'business.addMember': {
    scope: 'business',
    adminOnly: true,
    input: (w) => ({ email: w.attacker.email, role: 'owner' }),
    invalid: { email: 'nope', role: 'king' },
  },
  'business.changeRole': {
    scope: 'business',
    adminOnly: true,
    input: (w) => ({ userId: w.victim.userId, role: 'agent' }),
    invalid: { userId: 'nope', role: 'king' },
  },
  'business.removeMember': {
    scope: 'business',
    adminOnly: true,
    input: (w) => ({ userId: w.victim.userId }),
    invalid: { userId: 12 },
  },
  'audit.list': {
    scope: 'business',
    adminOnly: true,
    input: () => ({ limit: 10 }),
    invalid: { limit: 0, cursor: 5 },
  },
};

const app = useTestApp();
let world: World;

beforeAll(async () => {
  const victim = await app.signUp({ businessName: 'Victim Shop' });
  const victimAgent = await app.signUp();
  await victim.caller.business.addMember({ email: victimAgent.email, role: 'agent' });
  world = { attacker: await app.signUp({ businessName: 'Attacker Shop' }), victim, victimAgent };
});

type Callable = (input?: unknown) => Promise<unknown>;
function procedureOf(caller: unknown, path: string): Callable {
  let target: unknown = caller;
  for (const key of path.split('.')) target = (target as Record<string, unknown>)[key];
  return target as Callable;
}

const entries = Object.entries(procedures);
const businessScoped = entries.filter(([, c]) => c.scope === 'business');

describe('the harness', () => {
  it('covers every procedure of the router', () => {
    const routerPaths = Object.keys(appRouter._def.procedures).sort();
    expect(Object.keys(procedures).sort()).toEqual(routerPaths);
  });
});

describe('cross-tenant', () => {
  it.each(businessScoped)('%s as a member of another business: NOT_FOUND', async (path, c) => {
    const attacker = await app.as(world.attacker.token);
    const input = { ...(c.input?.(world) ?? {}), businessId: world.victim.businessId };
    await expect(procedureOf(attacker, path)(input)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('left the victim’s business as it was', async () => {
    const [business] = await app.services.db
      .select()
      .from(schema.businesses)
      .where(eq(schema.businesses.id, world.victim.businessId));
    expect(business?.name).toBe('Victim Shop');
    const members = await (await app.as(world.victim.token)).business.members();
    expect(members.map((m) => m.email).sort()).toEqual(
      [world.victim.email, world.victimAgent.email].sort(),
    );
  });
});

describe('roles', () => {
  it.each(businessScoped.filter(([, c]) => c.adminOnly))(
    '%s as an agent of the business: FORBIDDEN',
    async (path, c) => {
      const agent = await app.as(world.victimAgent.token);
      const input = { ...(c.input?.(world) ?? {}), businessId: world.victim.businessId };
      await expect(procedureOf(agent, path)(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    },
  );
});

describe('anonymous', () => {
  it.each(entries.filter(([, c]) => c.scope !== 'public'))(
    '%s without a session: UNAUTHORIZED',
    async (path, c) => {
      const anonymous = await app.anonymous();
      await expect(procedureOf(anonymous, path)(c.input?.(world) ?? {})).rejects.toMatchObject({
        code: 'UNAUTHORIZED',
      });
    },
  );
});

describe('bad input', () => {
  it.each(entries.filter(([, c]) => c.invalid))(
    '%s with bad input: BAD_REQUEST naming the fields',
    async (path, c) => {
      const caller = await app.as(world.attacker.token);
      const error = (await procedureOf(caller, path)(c.invalid).catch((e: unknown) => e)) as {
        code?: string;
        cause?: unknown;
      };
      expect(error.code).toBe('BAD_REQUEST');
      expect(error.cause).toBeInstanceOf(ZodError);
      const fields = (error.cause as ZodError).issues.map((issue) => String(issue.path[0]));
      for (const field of Object.keys(c.invalid ?? {})) expect(fields).toContain(field);
    },
  );

  it('a businessId that is not a uuid is BAD_REQUEST, not a database error', async () => {
    const caller = await app.as(world.attacker.token);
    await expect(caller.business.get({ businessId: "1' or '1'='1" })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});
