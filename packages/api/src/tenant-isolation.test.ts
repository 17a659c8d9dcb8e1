// Every procedure of the API, classified. A procedure missing from `procedures` fails the first
// test: whoever adds one must say here who may call it, how to call it and what bad input is.
import { schema } from '@flux/db';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { appRouter } from './root';
import { TEST_PASSWORD, type TestUser, useTestApp } from './testing';

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
  /** The input names other records (by id): sent inside the caller's own business they must be NOT_FOUND. */
  refersToRecords?: boolean;
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
  'auth.acceptInvitation': {
    scope: 'authed',
    input: (w) => ({ businessId: w.victim.businessId }),
    invalid: { businessId: 'not-a-uuid' },
  },
  'auth.declineInvitation': {
    scope: 'authed',
    input: (w) => ({ businessId: w.victim.businessId }),
    invalid: { businessId: 7 },
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
    refersToRecords: true,
    input: (w) => ({ userId: w.victim.userId, role: 'agent' }),
    invalid: { userId: 'nope', role: 'king' },
  },
  'business.removeMember': {
    scope: 'business',
    adminOnly: true,
    refersToRecords: true,
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
  await app.join(victim, victimAgent, 'agent');
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

  it.each(businessScoped.filter(([, c]) => c.refersToRecords))(
    '%s naming another business’s records inside your own: NOT_FOUND',
    async (path, c) => {
      const attacker = await app.as(world.attacker.token);
      const input = { ...(c.input?.(world) ?? {}), businessId: world.attacker.businessId };
      await expect(procedureOf(attacker, path)(input)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    },
  );

  it('another business’s invitation cannot be accepted or declined by a stranger', async () => {
    const attacker = await app.as(world.attacker.token);
    for (const verb of ['acceptInvitation', 'declineInvitation'] as const) {
      await expect(
        attacker.auth[verb]({ businessId: world.victim.businessId }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
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

/**
 * Every mutation writes its audit row. A mutation missing here fails the first test; each entry
 * performs the mutation successfully and names the user and the action expected in audit_logs.
 */
const audited: Record<string, () => Promise<{ userId: string; action: string }>> = {
  'auth.signUp': async () => {
    const user = await app.signUp();
    return { userId: user.userId, action: 'auth.sign_up' };
  },
  'auth.signIn': async () => {
    const user = await app.signUp();
    await (await app.anonymous()).auth.signIn({ email: user.email, password: TEST_PASSWORD });
    return { userId: user.userId, action: 'auth.sign_in' };
  },
  'auth.signOut': async () => {
    const user = await app.signUp();
    await user.caller.auth.signOut();
    return { userId: user.userId, action: 'auth.sign_out' };
  },
  'auth.signOutEverywhere': async () => {
    const user = await app.signUp();
    await user.caller.auth.signOutEverywhere();
    return { userId: user.userId, action: 'auth.sign_out_everywhere' };
  },
  'auth.switchBusiness': async () => {
    const [owner, member] = [await app.signUp(), await app.signUp()];
    await app.join(owner, member, 'agent');
    await member.caller.auth.switchBusiness({ businessId: member.businessId });
    return { userId: member.userId, action: 'auth.switch_business' };
  },
  'auth.acceptInvitation': async () => {
    const [owner, member] = [await app.signUp(), await app.signUp()];
    await app.join(owner, member, 'agent');
    return { userId: member.userId, action: 'auth.invitation_accept' };
  },
  'auth.declineInvitation': async () => {
    const [owner, member] = [await app.signUp(), await app.signUp()];
    await owner.caller.business.addMember({ email: member.email, role: 'agent' });
    await member.caller.auth.declineInvitation({ businessId: owner.businessId });
    return { userId: member.userId, action: 'auth.invitation_decline' };
  },
  'business.update': async () => {
    const owner = await app.signUp();
    await owner.caller.business.update({ name: 'Nouveau nom' });
    return { userId: owner.userId, action: 'business.update' };
  },
  'business.addMember': async () => {
    const [owner, member] = [await app.signUp(), await app.signUp()];
    await owner.caller.business.addMember({ email: member.email, role: 'agent' });
    return { userId: owner.userId, action: 'business.member_invite' };
  },
  'business.changeRole': async () => {
    const [owner, member] = [await app.signUp(), await app.signUp()];
    await app.join(owner, member, 'agent');
    await owner.caller.business.changeRole({ userId: member.userId, role: 'dispatcher' });
    return { userId: owner.userId, action: 'business.member_role' };
  },
  'business.removeMember': async () => {
    const [owner, member] = [await app.signUp(), await app.signUp()];
    await app.join(owner, member, 'agent');
    await owner.caller.business.removeMember({ userId: member.userId });
    return { userId: owner.userId, action: 'business.member_remove' };
  },
};

describe('audit', () => {
  const mutations = Object.entries(appRouter._def.procedures)
    .filter(
      ([, procedure]) =>
        (procedure as unknown as { _def: { type: string } })._def.type === 'mutation',
    )
    .map(([path]) => path)
    .sort();

  it('every mutation has an audit case', () => {
    expect(Object.keys(audited).sort()).toEqual(mutations);
  });

  it.each(Object.entries(audited))('%s writes its audit row', async (_path, run) => {
    const { userId, action } = await run();
    const rows = await app.services.db
      .select()
      .from(schema.auditLogs)
      .where(and(eq(schema.auditLogs.actorUserId, userId), eq(schema.auditLogs.action, action)));
    expect(rows).toHaveLength(1);
  });

  it('a mutation that fails leaves no audit row (same transaction)', async () => {
    const owner = await app.signUp();
    await expect(
      owner.caller.business.removeMember({ userId: owner.userId }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(
      owner.caller.business.update({ settings: { deliveryFee: -1 } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const rows = await app.services.db
      .select({ action: schema.auditLogs.action })
      .from(schema.auditLogs)
      .where(eq(schema.auditLogs.actorUserId, owner.userId));
    expect(rows.map((row) => row.action)).toEqual(['auth.sign_up']);
  });
});
