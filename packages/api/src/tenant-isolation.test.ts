// Every procedure of the API, classified by its domain's routers/<domain>.cases.ts. A procedure or
// a mutation missing from the cases fails the first tests: whoever adds one says there who may
// call it, how to call it, what bad input is, and how it is audited.
import { schema } from '@flux/db';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { appRouter } from './root';
import { useTestApp } from './testing';
import { domainCases as domains, procedureCases as procedures } from './testing/cases';
import type { DomainCases, World } from './testing/harness';

const audited = Object.assign({}, ...domains.map((d) => d.audited)) as DomainCases['audited'];
const unaudited = Object.assign({}, ...domains.map((d) => d.unaudited ?? {})) as Record<
  string,
  string
>;

const app = useTestApp({
  platformAdmins: ['ops@fluxasync.test', 'ops2@fluxasync.test', 'ops3@fluxasync.test'],
});
let world: World;

beforeAll(async () => {
  const victim = await app.signUp({ businessName: 'Victim Shop' });
  const victimAgent = await app.signUp();
  const victimCourier = await app.signUp();
  await app.join(victim, victimAgent, 'agent');
  await app.join(victim, victimCourier, 'courier');
  const attacker = await app.signUp({ businessName: 'Attacker Shop' });
  world = { attacker, victim, victimAgent, victimCourier, records: {} };
  for (const domain of domains) await domain.setup?.(world, app);
}, 60_000);

type Callable = (input?: unknown) => Promise<unknown>;
function procedureOf(caller: unknown, path: string): Callable {
  let target: unknown = caller;
  for (const key of path.split('.')) target = (target as Record<string, unknown>)[key];
  return target as Callable;
}

const entries = Object.entries(procedures);
const businessScoped = entries.filter(([, c]) => c.scope === 'business');
const paths = (type?: string) =>
  Object.entries(appRouter._def.procedures)
    .filter(
      ([, procedure]) =>
        !type || (procedure as unknown as { _def: { type: string } })._def.type === type,
    )
    .map(([path]) => path)
    .sort();

describe('the harness', () => {
  it('covers every procedure of the router', () => {
    expect(Object.keys(procedures).sort()).toEqual(paths());
  });

  it('has an audit case for every mutation', () => {
    expect([...Object.keys(audited), ...Object.keys(unaudited)].sort()).toEqual(paths('mutation'));
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

  it('another business’s invitation link joins nobody but the email it was sent to', async () => {
    const attacker = await app.as(world.attacker.token);
    const token = world.records.invitationToken ?? '';
    await expect(attacker.auth.acceptInvite({ token })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // Nor can a stranger sign up with the link under another address: no account is left behind.
    const anonymous = await app.anonymous();
    await expect(
      anonymous.auth.signUp({
        email: 'intruder@example.test',
        password: 'a long enough password',
        name: 'Intrus',
        invitation: token,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const intruders = await app.services.db
      .select()
      .from(schema.users)
      .where(eq(schema.users.email, 'intruder@example.test'));
    expect(intruders).toEqual([]);
  });

  it('left the victim’s business as it was', async () => {
    const [business] = await app.services.db
      .select()
      .from(schema.businesses)
      .where(eq(schema.businesses.id, world.victim.businessId));
    expect(business?.name).toBe('Victim Shop');
    const members = await (await app.as(world.victim.token)).business.members();
    expect(members.map((m) => m.email).sort()).toEqual(
      [world.victim.email, world.victimAgent.email, world.victimCourier.email].sort(),
    );
  });
});

describe('roles', () => {
  const denied = businessScoped.flatMap(([path, c]) =>
    (c.deniedTo ?? []).map((role) => [path, role, c] as const),
  );
  it.each(denied)('%s as a %s of the business: FORBIDDEN', async (path, role, c) => {
    const member = role === 'agent' ? world.victimAgent : world.victimCourier;
    const caller = await app.as(member.token);
    const input = { ...(c.input?.(world) ?? {}), businessId: world.victim.businessId };
    await expect(procedureOf(caller, path)(input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a courier reaches the courier app’s procedures and the business profile, nothing else', () => {
    // Least privilege: a business procedure a courier is not denied must be one the app needs.
    const openToCouriers = businessScoped
      .filter(([, c]) => !(c.deniedTo ?? []).includes('courier'))
      .map(([path]) => path)
      .sort();
    expect(openToCouriers.filter((path) => !path.startsWith('courier.'))).toEqual([
      'business.profile',
    ]);
  });
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
      // As someone allowed to call it: the attacker owns their business; courier procedures need
      // a courier (the victim's, in the victim's business).
      const asCourier = c.callerRole === 'courier';
      const caller = await app.as(asCourier ? world.victimCourier.token : world.attacker.token);
      const input = asCourier ? { businessId: world.victim.businessId, ...c.invalid } : c.invalid;
      const error = (await procedureOf(caller, path)(input).catch((e: unknown) => e)) as {
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

describe('audit', () => {
  it.each(Object.entries(audited))('%s writes its audit row', async (_path, run) => {
    const { userId, action } = await run(app);
    const rows = await app.services.db
      .select()
      .from(schema.auditLogs)
      .where(and(eq(schema.auditLogs.actorUserId, userId), eq(schema.auditLogs.action, action)));
    expect(rows.length).toBeGreaterThanOrEqual(1);
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

/** Names that say "secret": such a field leaves the server only where its case says why. */
const SECRET_NAME = /hash|token|secret|password|key/i;

/**
 * Columns that exist for the server's own work, never for a caller: the customer's raw Meta
 * payload, webhook bodies, credentials and their hashes, where files sit in storage, and the send
 * claim's bookkeeping. A name, not a pattern: `payload` or `raw` say nothing secret in general,
 * but here each is one of these columns, and presenters name what they mean to show otherwise.
 */
const INTERNAL_FIELDS = new Set([
  'raw',
  'payload',
  'accessToken',
  'passwordHash',
  'otpHash',
  'storageKey',
  'sendingSince',
  'sendAttempts',
]);

/** Dotted paths (array items as `*`) of fields whose key matches `test`, at any depth. */
function fieldsNamed(test: (key: string) => boolean, value: unknown, path = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => fieldsNamed(test, item, `${path}*.`));
  if (!value || typeof value !== 'object' || value instanceof Date) return [];
  return Object.entries(value).flatMap(([key, item]) => [
    ...(test(key) ? [`${path}${key}`] : []),
    ...fieldsNamed(test, item, `${path}${key}.`),
  ]);
}

// Last: every query (and each unaudited mutation) called once as someone allowed; the audit cases
// above made each audited mutation succeed. Every answer any caller got in this file is walked.
describe('answers', () => {
  const type = (path: string) =>
    (appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)[path]?._def
      .type;
  const called = entries.filter(
    ([path]) => type(path) === 'query' || (type(path) === 'mutation' && path in unaudited),
  );
  it.each(called)('%s answers as someone allowed', async (path, c) => {
    if (c.answer) return void (await c.answer(world, app));
    const caller = await app.as(
      c.callerRole === 'courier' ? world.victimCourier.token : world.victim.token,
    );
    await procedureOf(
      caller,
      path,
    )({
      ...(c.input?.(world) ?? {}),
      ...(c.scope === 'business' ? { businessId: world.victim.businessId } : {}),
    });
  });

  it('every procedure answered, and no answer carries a field named like a secret unless meant for its caller', () => {
    const answered = new Set(app.answers.map((a) => a.path));
    // A subscription's answers are live events: ids and types (lib/live.ts LiveEvent).
    const missing = paths().filter((path) => type(path) !== 'subscription' && !answered.has(path));
    expect(missing).toEqual([]);
    const leaks = app.answers.flatMap(({ path, answer }) =>
      fieldsNamed((key) => SECRET_NAME.test(key), answer)
        .filter((field) => !(field in (procedures[path]?.meantForCaller ?? {})))
        .map((field) => `${path}: ${field}`),
    );
    expect([...new Set(leaks)]).toEqual([]);
  });

  it('no answer carries an internal column (raw payloads, credentials, storage keys, send claims) unless meant for its caller', () => {
    const leaks = app.answers.flatMap(({ path, answer }) =>
      fieldsNamed((key) => INTERNAL_FIELDS.has(key), answer)
        .filter((field) => !(field in (procedures[path]?.meantForCaller ?? {})))
        .map((field) => `${path}: ${field}`),
    );
    expect([...new Set(leaks)].sort()).toEqual([]);
  });
});
