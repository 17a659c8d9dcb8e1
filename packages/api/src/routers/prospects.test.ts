// The prospects router on the real database: create, list, byId, update (the customer's language
// too), setStatus, the first delivery making a customer, assign, setTags, and who may do what. Over
// 400 lines on purpose: the cases share one test app (its database copy); a second file would pay
// that setup again, and the suite runs near its CI time limit.
import { schema } from '@flux/db';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AppError } from '../lib/errors';
import { markCustomerOnFirstDelivery, upsertProspectByPhone } from '../services/prospects';
import { type TestUser, useTestApp } from '../testing';

const app = useTestApp();

let phoneCounter = 0;
/** A valid Senegalese mobile number, different on every call. */
function phone(): string {
  phoneCounter += 1;
  return `+22177${String(1_000_000 + phoneCounter * 7919).slice(-7)}`;
}

/** The AppError behind a rejected call, to read its details. */
async function failure(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  )) as { code?: string; message?: string; cause?: unknown };
  return {
    code: error.code,
    message: error.message ?? '',
    details: error.cause instanceof AppError ? error.cause.details : undefined,
  };
}

async function auditRows(user: TestUser, action: string) {
  return app.services.db
    .select()
    .from(schema.auditLogs)
    .where(
      and(eq(schema.auditLogs.businessId, user.businessId), eq(schema.auditLogs.action, action)),
    );
}

async function countProspects(businessId: string) {
  const rows = await app.services.db
    .select({ id: schema.prospects.id })
    .from(schema.prospects)
    .where(eq(schema.prospects.businessId, businessId));
  return rows.length;
}

describe('prospects.create', () => {
  it('stores the phone in E.164 read in the business country, the email in lower case, tags normalized, and audits it', async () => {
    const owner = await app.signUp();
    const created = await owner.caller.prospects.create({
      name: 'Awa Diop',
      phone: '77 123 45 67',
      email: 'Awa.Diop@Example.COM',
      tags: [' VIP ', 'vip', 'Dakar'],
    });
    expect(created).toMatchObject({
      name: 'Awa Diop',
      phone: '+221771234567',
      email: 'awa.diop@example.com',
      tags: ['vip', 'dakar'],
      status: 'new',
    });
    const [audit] = await auditRows(owner, 'prospect.create');
    expect(audit).toMatchObject({ entityId: created.id, actorUserId: owner.userId });
  });

  it('reads national numbers in the country of the business (FR here) and keeps international ones', async () => {
    const owner = await app.signUp();
    await app.services.db
      .update(schema.businesses)
      .set({ country: 'FR' })
      .where(eq(schema.businesses.id, owner.businessId));
    const french = await owner.caller.prospects.create({ phone: '06 12 34 56 78' });
    expect(french.phone).toBe('+33612345678');
    const senegalese = await owner.caller.prospects.create({ phone: '+221 77 123 45 67' });
    expect(senegalese.phone).toBe('+221771234567');
  });

  it('an invalid phone is a BAD_REQUEST naming the phone, and nothing is stored', async () => {
    const owner = await app.signUp();
    const error = await failure(owner.caller.prospects.create({ name: 'X', phone: 'call me' }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/phone/);
    expect(error.details).toMatchObject({ field: 'phone' });
    expect(await countProspects(owner.businessId)).toBe(0);
  });

  it('needs a phone or an email; an email alone is enough', async () => {
    const owner = await app.signUp();
    await expect(owner.caller.prospects.create({ name: 'Nobody' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      owner.caller.prospects.create({ name: 'Mail only', email: 'mail@example.com' }),
    ).resolves.toMatchObject({ phone: null, email: 'mail@example.com' });
  });

  it('a second create with the same number, however written, is a CONFLICT naming the existing prospect', async () => {
    const owner = await app.signUp();
    const first = await owner.caller.prospects.create({ name: 'Awa', phone: '771234567' });
    const error = await failure(
      owner.caller.prospects.create({ name: 'Awa bis', phone: '+221 77 123 45 67' }),
    );
    expect(error.code).toBe('CONFLICT');
    expect(error.details).toMatchObject({ prospectId: first.id });
    expect(await countProspects(owner.businessId)).toBe(1);
  });

  it('ten concurrent creates of one phone make one prospect; the others get CONFLICT naming it', async () => {
    const owner = await app.signUp();
    const number = phone();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        owner.caller.prospects.create({ name: `Racer ${i}`, phone: number }),
      ),
    );
    const winners = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(winners).toHaveLength(1);
    const winner = winners[0];
    for (const result of results) {
      if (result.status === 'rejected') {
        const reason = result.reason as { code?: string; cause?: unknown };
        expect(reason.code).toBe('CONFLICT');
        expect((reason.cause as AppError).details).toMatchObject({ prospectId: winner?.id });
      }
    }
    expect(await countProspects(owner.businessId)).toBe(1);
    expect(await auditRows(owner, 'prospect.create')).toHaveLength(1);
  });

  it('the same phone in two businesses is two prospects', async () => {
    const [a, b] = [await app.signUp(), await app.signUp()];
    const number = phone();
    const first = await a.caller.prospects.create({ phone: number });
    const second = await b.caller.prospects.create({ phone: number });
    expect(first.id).not.toBe(second.id);
  });
});

describe('prospects.list', () => {
  it('lists only the business’s prospects, newest first', async () => {
    const [owner, other] = [await app.signUp(), await app.signUp()];
    const first = await owner.caller.prospects.create({ name: 'First', phone: phone() });
    const second = await owner.caller.prospects.create({ name: 'Second', phone: phone() });
    await other.caller.prospects.create({ name: 'Elsewhere', phone: phone() });
    const page = await owner.caller.prospects.list({});
    expect(page.items.map((p) => p.id)).toEqual([second.id, first.id]);
    expect(page.nextCursor).toBeNull();
  });

  it('filters by status, tag (in any case) and assignee, or the unassigned', async () => {
    const owner = await app.signUp();
    const agent = await app.signUp();
    await app.join(owner, agent, 'agent');
    const vip = await owner.caller.prospects.create({ phone: phone(), tags: ['vip'] });
    const qualified = await owner.caller.prospects.create({ phone: phone() });
    await owner.caller.prospects.setStatus({ id: qualified.id, status: 'qualified' });
    await owner.caller.prospects.assign({ id: qualified.id, userId: agent.userId });
    const ids = async (filter: Parameters<typeof owner.caller.prospects.list>[0]) =>
      (await owner.caller.prospects.list(filter)).items.map((p) => p.id);
    expect(await ids({ status: 'qualified' })).toEqual([qualified.id]);
    expect(await ids({ tag: ' VIP ' })).toEqual([vip.id]);
    expect(await ids({ assignedUserId: agent.userId })).toEqual([qualified.id]);
    expect(await ids({ assignedUserId: null })).toEqual([vip.id]);
    expect(await ids({ status: 'customer' })).toEqual([]);
  });

  it('searches names without regard to case or accents, emails, and phones by their digits', async () => {
    const owner = await app.signUp();
    await app.services.db
      .update(schema.businesses)
      .set({ country: 'FR' })
      .where(eq(schema.businesses.id, owner.businessId));
    const helene = await owner.caller.prospects.create({
      name: 'Hélène Ndiaye',
      phone: '0612345678',
    });
    const moussa = await owner.caller.prospects.create({
      name: 'Moussa Sow',
      email: 'moussa.sow@boutique.sn',
      phone: '+221 77 555 44 33',
    });
    await owner.caller.prospects.create({ name: '100% Coton', email: 'coton@example.com' });
    const search = async (q: string) =>
      (await owner.caller.prospects.list({ q })).items.map((p) => p.name).sort();
    expect(await search('helene')).toEqual([helene.name]);
    expect(await search('NDIAYE')).toEqual([helene.name]);
    expect(await search('BOUTIQUE.SN')).toEqual([moussa.name]);
    expect(await search('77 555 44')).toEqual([moussa.name]);
    expect(await search('06 12 34')).toEqual([helene.name]); // national form, trunk 0
    expect(await search('+33612')).toEqual([helene.name]);
    expect(await search('100%')).toEqual(['100% Coton']);
    expect(await search('_')).toEqual([]); // LIKE wildcards are literal
    expect(await search('nobody')).toEqual([]);
  });

  it('pages through every prospect once with the cursor, even those created in the same instant', async () => {
    const owner = await app.signUp();
    // One import is one transaction: its 23 rows share created_at, so the id breaks the tie.
    const csv = ['name,phone', ...Array.from({ length: 23 }, (_, i) => `P${i},${phone()}`)];
    await owner.caller.prospects.importCsv({ csv: csv.join('\n') });
    for (let i = 0; i < 4; i++) await owner.caller.prospects.create({ phone: phone() });
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await owner.caller.prospects.list({ limit: 5, cursor });
      seen.push(...page.items.map((p) => p.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 20);
    expect(pages).toBe(6);
    expect(seen).toHaveLength(27);
    expect(new Set(seen).size).toBe(27);
  });

  it('a cursor that is not one is a BAD_REQUEST', async () => {
    const owner = await app.signUp();
    await expect(owner.caller.prospects.list({ cursor: 'garbage' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('prospects.byId', () => {
  it('returns the prospect with its last 10 conversations and last 10 orders, newest first', async () => {
    const owner = await app.signUp();
    const prospect = await owner.caller.prospects.create({ name: 'Awa', phone: phone() });
    const base = Date.UTC(2026, 0, 1);
    const at = (i: number) => new Date(base + i * 60_000);
    await app.services.db.insert(schema.conversations).values(
      Array.from({ length: 12 }, (_, i) => ({
        businessId: owner.businessId,
        prospectId: prospect.id,
        channel: 'whatsapp' as const,
        status: i === 11 ? ('open' as const) : ('closed' as const),
        lastMessageAt: at(i),
      })),
    );
    await app.services.db.insert(schema.orders).values(
      Array.from({ length: 12 }, (_, i) => ({
        businessId: owner.businessId,
        number: i + 1,
        prospectId: prospect.id,
        status: 'delivered' as const,
        subtotal: 1000 * (i + 1),
        deliveryFee: 500,
        total: 1000 * (i + 1) + 500,
        currency: 'XOF' as const,
        createdAt: at(i),
      })),
    );
    const card = await owner.caller.prospects.byId({ id: prospect.id });
    expect(card).toMatchObject({ id: prospect.id, name: 'Awa', assignedUser: null });
    expect(card.conversations.map((c) => c.lastMessageAt?.getTime())).toEqual(
      Array.from({ length: 10 }, (_, i) => at(11 - i).getTime()),
    );
    expect(card.orders.map((o) => o.number)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
    expect(card.orders[0]).toMatchObject({
      number: 12,
      status: 'delivered',
      reference: 'CMD-000012',
      total: { minor: 12_500, currency: 'XOF', amount: '12500' },
      createdAt: at(11),
    });
  });

  it('names the assignee', async () => {
    const owner = await app.signUp({ name: 'Fatou Owner' });
    const prospect = await owner.caller.prospects.create({ phone: phone() });
    await owner.caller.prospects.assign({ id: prospect.id, userId: owner.userId });
    const card = await owner.caller.prospects.byId({ id: prospect.id });
    expect(card.assignedUser).toEqual({ id: owner.userId, name: 'Fatou Owner' });
  });

  it('another business’s prospect is NOT_FOUND', async () => {
    const [owner, other] = [await app.signUp(), await app.signUp()];
    const theirs = await other.caller.prospects.create({ phone: phone() });
    await expect(owner.caller.prospects.byId({ id: theirs.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('prospects.update', () => {
  it('changes contact fields, normalizes them, and audits each change from → to', async () => {
    const owner = await app.signUp();
    const prospect = await owner.caller.prospects.create({ name: 'Awa', phone: '771111111' });
    const updated = await owner.caller.prospects.update({
      id: prospect.id,
      name: 'Awa Diop',
      phone: '77 222 22 22',
      email: 'AWA@EXAMPLE.COM',
      notes: 'Prefers evenings',
    });
    expect(updated).toMatchObject({
      name: 'Awa Diop',
      phone: '+221772222222',
      email: 'awa@example.com',
      notes: 'Prefers evenings',
    });
    const [audit] = await auditRows(owner, 'prospect.update');
    expect(audit?.changes).toMatchObject({
      name: { from: 'Awa', to: 'Awa Diop' },
      phone: { from: '+221771111111', to: '+221772222222' },
    });
  });

  it('a phone another prospect has is a CONFLICT naming that prospect', async () => {
    const owner = await app.signUp();
    const awa = await owner.caller.prospects.create({ phone: '771111111' });
    const moussa = await owner.caller.prospects.create({ phone: '772222222' });
    const error = await failure(
      owner.caller.prospects.update({ id: moussa.id, phone: '771111111' }),
    );
    expect(error).toMatchObject({ code: 'CONFLICT', details: { prospectId: awa.id } });
  });

  it('refuses an invalid phone, and a prospect left with neither phone nor email', async () => {
    const owner = await app.signUp();
    const prospect = await owner.caller.prospects.create({ phone: phone() });
    await expect(
      owner.caller.prospects.update({ id: prospect.id, phone: '12' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/phone/) });
    await expect(
      owner.caller.prospects.update({ id: prospect.id, phone: null }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await owner.caller.prospects.update({ id: prospect.id, email: 'a@b.sn' });
    await expect(
      owner.caller.prospects.update({ id: prospect.id, phone: null }),
    ).resolves.toMatchObject({ phone: null, email: 'a@b.sn' });
  });
});

describe('prospects.update: the customer’s language', () => {
  it('sets it (audited) and clears it back to the business’s; another value is a BAD_REQUEST on locale', async () => {
    const owner = await app.signUp();
    const prospect = await owner.caller.prospects.create({ phone: phone() });
    expect(prospect.locale).toBeNull();
    await expect(
      owner.caller.prospects.update({ id: prospect.id, locale: 'en' }),
    ).resolves.toMatchObject({ locale: 'en' });
    const [audit] = await auditRows(owner, 'prospect.update');
    expect(audit?.changes).toMatchObject({ locale: { from: null, to: 'en' } });
    await expect(owner.caller.prospects.byId({ id: prospect.id })).resolves.toMatchObject({
      locale: 'en',
    });
    await expect(
      owner.caller.prospects.update({ id: prospect.id, locale: null }),
    ).resolves.toMatchObject({ locale: null });
    const error = await owner.caller.prospects
      // @ts-expect-error: not a language of the product
      .update({ id: prospect.id, locale: 'wo' })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'BAD_REQUEST' });
    const issues = (error as { cause: { issues: { path: string[] }[] } }).cause.issues;
    expect(issues.map((issue) => issue.path.join('.'))).toEqual(['locale']);
  });
});

describe('prospects.setStatus', () => {
  it('moves forward, skipping steps if need be; lost from anywhere; lost back to contacted only', async () => {
    const owner = await app.signUp();
    const { id } = await owner.caller.prospects.create({ phone: phone() });
    const move = (status: 'new' | 'contacted' | 'qualified' | 'customer' | 'lost') =>
      owner.caller.prospects.setStatus({ id, status });
    await expect(move('qualified')).resolves.toMatchObject({ status: 'qualified' });
    await expect(move('contacted')).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/qualified.*contacted/),
    });
    await expect(move('customer')).resolves.toMatchObject({ status: 'customer' });
    await expect(move('new')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(move('lost')).resolves.toMatchObject({ status: 'lost' });
    await expect(move('qualified')).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/lost.*qualified/),
    });
    await expect(move('contacted')).resolves.toMatchObject({ status: 'contacted' });
    const audits = await auditRows(owner, 'prospect.status');
    expect(audits.map((a) => a.changes)).toEqual(
      expect.arrayContaining([
        { from: 'new', to: 'qualified' },
        { from: 'qualified', to: 'customer' },
        { from: 'customer', to: 'lost' },
        { from: 'lost', to: 'contacted' },
      ]),
    );
    expect(audits).toHaveLength(4);
  });

  it('setting the status a prospect already has changes nothing and audits nothing', async () => {
    const owner = await app.signUp();
    const { id } = await owner.caller.prospects.create({ phone: phone() });
    await expect(owner.caller.prospects.setStatus({ id, status: 'new' })).resolves.toMatchObject({
      status: 'new',
    });
    expect(await auditRows(owner, 'prospect.status')).toHaveLength(0);
  });
});

describe('markCustomerOnFirstDelivery', () => {
  it('makes the prospect a customer, once, audited as the system', async () => {
    const owner = await app.signUp();
    const { id } = await owner.caller.prospects.create({ phone: phone(), status: 'qualified' });
    const first = await app.services.db.transaction((tx) =>
      markCustomerOnFirstDelivery(tx, owner.businessId, id),
    );
    expect(first).toMatchObject({ changed: true, prospect: { status: 'customer' } });
    const again = await app.services.db.transaction((tx) =>
      markCustomerOnFirstDelivery(tx, owner.businessId, id),
    );
    expect(again.changed).toBe(false);
    const audits = await auditRows(owner, 'prospect.status');
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({
      actorUserId: null,
      actorLabel: 'system',
      changes: { from: 'qualified', to: 'customer', reason: 'order_delivered' },
    });
  });

  it('brings a lost prospect back as a customer', async () => {
    const owner = await app.signUp();
    const { id } = await owner.caller.prospects.create({ phone: phone(), status: 'lost' });
    const result = await app.services.db.transaction((tx) =>
      markCustomerOnFirstDelivery(tx, owner.businessId, id),
    );
    expect(result.prospect.status).toBe('customer');
  });

  it('is part of the caller’s transaction: rolled back with it', async () => {
    const owner = await app.signUp();
    const { id } = await owner.caller.prospects.create({ phone: phone() });
    await expect(
      app.services.db.transaction(async (tx) => {
        await markCustomerOnFirstDelivery(tx, owner.businessId, id);
        throw new Error('the delivery failed after all');
      }),
    ).rejects.toThrow('the delivery failed after all');
    const card = await owner.caller.prospects.byId({ id });
    expect(card.status).toBe('new');
    expect(await auditRows(owner, 'prospect.status')).toHaveLength(0);
  });

  it('does not touch another business’s prospect', async () => {
    const [owner, other] = [await app.signUp(), await app.signUp()];
    const theirs = await other.caller.prospects.create({ phone: phone() });
    await expect(
      app.services.db.transaction((tx) =>
        markCustomerOnFirstDelivery(tx, owner.businessId, theirs.id),
      ),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('prospects.assign', () => {
  it('assigns to an accepted member and unassigns with null, audited', async () => {
    const owner = await app.signUp();
    const agent = await app.signUp();
    await app.join(owner, agent, 'agent');
    const { id } = await owner.caller.prospects.create({ phone: phone() });
    await expect(
      owner.caller.prospects.assign({ id, userId: agent.userId }),
    ).resolves.toMatchObject({ assignedUserId: agent.userId });
    await expect(owner.caller.prospects.assign({ id, userId: null })).resolves.toMatchObject({
      assignedUserId: null,
    });
    const audits = await auditRows(owner, 'prospect.assign');
    expect(audits.map((a) => a.changes)).toEqual(
      expect.arrayContaining([
        { from: null, to: agent.userId },
        { from: agent.userId, to: null },
      ]),
    );
  });

  it('a user who is not a member, or only invited, is NOT_FOUND; a courier is refused', async () => {
    const owner = await app.signUp();
    const stranger = await app.signUp();
    const invited = await app.signUp();
    const courier = await app.signUp();
    await owner.caller.business.addMember({ email: invited.email, role: 'agent' });
    await app.join(owner, courier, 'courier');
    const { id } = await owner.caller.prospects.create({ phone: phone() });
    await expect(
      owner.caller.prospects.assign({ id, userId: stranger.userId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      owner.caller.prospects.assign({ id, userId: invited.userId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      owner.caller.prospects.assign({ id, userId: courier.userId }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const card = await owner.caller.prospects.byId({ id });
    expect(card.assignedUserId).toBeNull();
  });
});

describe('prospects.setTags', () => {
  it('stores tags trimmed, lower-case, each once, and audits the change', async () => {
    const owner = await app.signUp();
    const { id } = await owner.caller.prospects.create({ phone: phone(), tags: ['old'] });
    const updated = await owner.caller.prospects.setTags({
      id,
      tags: ['  VIP ', 'vip', 'Dakar   Plateau', '', 'Grossiste'],
    });
    expect(updated.tags).toEqual(['vip', 'dakar plateau', 'grossiste']);
    const [audit] = await auditRows(owner, 'prospect.tags');
    expect(audit?.changes).toEqual({ from: ['old'], to: ['vip', 'dakar plateau', 'grossiste'] });
  });

  it('refuses more than 20 tags and tags longer than 32 characters', async () => {
    const owner = await app.signUp();
    const { id } = await owner.caller.prospects.create({ phone: phone() });
    await expect(
      owner.caller.prospects.setTags({ id, tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      owner.caller.prospects.setTags({ id, tags: ['x'.repeat(33)] }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    // 25 given, 20 once duplicates are gone: fine.
    const tags = [...Array.from({ length: 20 }, (_, i) => `t${i}`), 'T1', 'T2', 't3', 'T4', 't5'];
    await expect(owner.caller.prospects.setTags({ id, tags })).resolves.toMatchObject({
      tags: Array.from({ length: 20 }, (_, i) => `t${i}`),
    });
  });
});

describe('upsertProspectByPhone (the REST API’s POST /v1/prospects)', () => {
  const actor = { userId: null, label: 'test' };
  const upsert = (
    user: TestUser,
    number: string,
    fields: Parameters<typeof upsertProspectByPhone>[5],
  ) =>
    upsertProspectByPhone(
      app.services.db,
      app.services.jobs,
      actor,
      user.businessId,
      number,
      fields,
    );

  it('a failure writing the tags leaves the contact fields unchanged too, and audits nothing', async () => {
    const owner = await app.signUp();
    const number = phone();
    const { prospect } = await upsert(owner, number, { name: 'Awa', tags: ['old'] });
    // A trigger failing on the tags' write stands in for any failure between the two writes.
    await app.services.db.execute(sql`
      create function fail_on_boom_tag() returns trigger language plpgsql as $$
      begin raise exception 'disk on fire'; end $$`);
    await app.services.db.execute(sql`
      create trigger prospects_fail_on_boom_tag before update of tags on prospects
      for each row when ('boom' = any(new.tags)) execute function fail_on_boom_tag()`);
    try {
      await expect(
        upsert(owner, number, { name: 'Awa Sow', email: 'awa@example.com', tags: ['Boom'] }),
      ).rejects.toThrow();
    } finally {
      await app.services.db.execute(sql`drop trigger prospects_fail_on_boom_tag on prospects`);
      await app.services.db.execute(sql`drop function fail_on_boom_tag()`);
    }
    const [row] = await app.services.db
      .select()
      .from(schema.prospects)
      .where(eq(schema.prospects.id, prospect.id));
    expect(row).toMatchObject({ name: 'Awa', email: null, tags: ['old'] });
    expect(await auditRows(owner, 'prospect.update')).toHaveLength(0);
    // Without the failure the same call changes both, audited.
    const { prospect: changed, created } = await upsert(owner, number, {
      name: 'Awa Sow',
      tags: ['Boom'],
    });
    expect(created).toBe(false);
    expect(changed).toMatchObject({ id: prospect.id, name: 'Awa Sow', tags: ['boom'] });
    expect(await auditRows(owner, 'prospect.update')).toHaveLength(1);
    expect(await auditRows(owner, 'prospect.tags')).toHaveLength(1);
  });

  it('concurrent upserts of one phone make one prospect and all succeed, one of them as the create', async () => {
    const owner = await app.signUp();
    const number = phone();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        upsert(owner, number, { name: `Racer ${i}`, tags: [`t${i}`] }),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.prospect.id)).size).toBe(1);
    expect(await countProspects(owner.businessId)).toBe(1);
  });
});

describe('roles', () => {
  it('agents and dispatchers work with prospects; couriers are FORBIDDEN', async () => {
    const owner = await app.signUp();
    const [agent, dispatcher, courier] = [
      await app.signUp(),
      await app.signUp(),
      await app.signUp(),
    ];
    await app.join(owner, agent, 'agent');
    await app.join(owner, dispatcher, 'dispatcher');
    await app.join(owner, courier, 'courier');
    const scope = { businessId: owner.businessId };
    const asAgent = await app.as(agent.token);
    const created = await asAgent.prospects.create({ ...scope, phone: phone() });
    const asDispatcher = await app.as(dispatcher.token);
    await expect(asDispatcher.prospects.list(scope)).resolves.toMatchObject({
      items: [{ id: created.id }],
    });
    const asCourier = await app.as(courier.token);
    await expect(asCourier.prospects.list(scope)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(asCourier.prospects.byId({ ...scope, id: created.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(asCourier.prospects.create({ ...scope, phone: phone() })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});
