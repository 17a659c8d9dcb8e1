import { schema } from '@flux/db';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessionIdFromToken } from '../auth/session';
import { TEST_PASSWORD, useTestApp } from '../testing';

const app = useTestApp();

describe('business.update', () => {
  it('merges a settings patch, keeps the rest, and audits the change in the same transaction', async () => {
    const owner = await app.signUp();
    const updated = await owner.caller.business.update({
      name: 'Boutique Awa Plateau',
      settings: { deliveryFee: 1500, dispatch: { offerTtlSeconds: 60 } },
    });
    expect(updated.name).toBe('Boutique Awa Plateau');
    expect(updated.settings).toMatchObject({
      deliveryFee: 1500,
      autoReply: false,
      dispatch: { offerTtlSeconds: 60, maxRadiusKm: 10, maxRounds: 5 },
    });
    const page = await owner.caller.audit.list({ action: 'business.update' });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]?.changes).toMatchObject({ name: 'Boutique Awa Plateau' });
  });

  it('refuses an unknown time zone, a negative fee and a confidence above 1', async () => {
    const owner = await app.signUp();
    for (const input of [
      { timezone: 'Africa/Atlantis' },
      { settings: { deliveryFee: -5 } },
      { settings: { autoReplyMinConfidence: 1.5 } },
    ]) {
      await expect(owner.caller.business.update(input)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    }
  });

  it('an agent may read the business but not change it', async () => {
    const owner = await app.signUp();
    const agent = await app.signUp();
    await app.join(owner, agent, 'agent');
    const asAgent = await app.as(agent.token);
    await expect(asAgent.business.get({ businessId: owner.businessId })).resolves.toMatchObject({
      role: 'agent',
    });
    await expect(
      asAgent.business.update({ businessId: owner.businessId, name: 'Mine now' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('what a courier sees', () => {
  it('a courier reads the business profile only: settings, plan and team emails are FORBIDDEN', async () => {
    const owner = await app.signUp({ businessName: 'Boutique Fatou' });
    const courier = await app.signUp();
    await app.join(owner, courier, 'courier');
    const asCourier = await app.as(courier.token);
    const businessId = owner.businessId;
    const profile = await asCourier.business.profile({ businessId });
    expect(profile).toEqual({
      id: businessId,
      name: 'Boutique Fatou',
      slug: expect.any(String),
      country: 'SN',
      currency: 'XOF',
      timezone: 'Africa/Dakar',
      locale: 'fr',
      role: 'courier',
    });
    await expect(asCourier.business.get({ businessId })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(asCourier.business.members({ businessId })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });
});

describe('team', () => {
  it('invites an existing account with a role, once; unknown emails are NOT_FOUND', async () => {
    const owner = await app.signUp();
    const colleague = await app.signUp();
    await expect(
      owner.caller.business.addMember({ email: colleague.email, role: 'dispatcher' }),
    ).resolves.toMatchObject({ status: 'invited' });
    const members = await owner.caller.business.members();
    expect(members.map((m) => [m.email, m.role, m.status])).toContainEqual([
      colleague.email,
      'dispatcher',
      'invited',
    ]);
    await expect(
      owner.caller.business.addMember({ email: colleague.email, role: 'agent' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      owner.caller.business.addMember({ email: 'nobody@example.test', role: 'agent' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('an admin cannot make an owner, nor demote or remove one', async () => {
    const owner = await app.signUp();
    const admin = await app.signUp();
    const third = await app.signUp();
    await app.join(owner, admin, 'admin');
    await app.join(owner, third, 'agent');
    const asAdmin = await app.as(admin.token);
    const scope = { businessId: owner.businessId };
    await expect(
      asAdmin.business.changeRole({ ...scope, userId: third.userId, role: 'owner' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      asAdmin.business.changeRole({ ...scope, userId: owner.userId, role: 'agent' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      asAdmin.business.removeMember({ ...scope, userId: owner.userId }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await asAdmin.business.changeRole({ ...scope, userId: third.userId, role: 'dispatcher' });
  });

  it('the last owner can be neither demoted nor removed, even by two requests at once', async () => {
    const first = await app.signUp();
    const second = await app.signUp();
    await app.join(first, second, 'owner');
    const asSecond = await app.as(second.token);
    const scope = { businessId: first.businessId };
    // Each owner demotes the other at the same moment: exactly one can win.
    const results = await Promise.allSettled([
      first.caller.business.changeRole({ ...scope, userId: second.userId, role: 'admin' }),
      asSecond.business.changeRole({ ...scope, userId: first.userId, role: 'admin' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const owners = await app.services.db
      .select()
      .from(schema.memberships)
      .where(
        and(
          eq(schema.memberships.businessId, first.businessId),
          eq(schema.memberships.role, 'owner'),
        ),
      );
    expect(owners).toHaveLength(1);
    const lastOwner = owners[0]?.userId === first.userId ? first : second;
    const lastCaller = await app.as(lastOwner.token);
    await expect(
      lastCaller.business.removeMember({ ...scope, userId: lastOwner.userId }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('a removed member loses access and their session forgets the business', async () => {
    const owner = await app.signUp();
    const agent = await app.signUp();
    await app.join(owner, agent, 'agent');
    await owner.caller.business.removeMember({ userId: agent.userId });
    await expect(
      (await app.as(agent.token)).business.get({ businessId: owner.businessId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const [session] = await app.services.db
      .select()
      .from(schema.sessions)
      .where(eq(schema.sessions.id, sessionIdFromToken(agent.token)));
    expect(session?.currentBusinessId).toBeNull();
  });
});

describe('audit.list', () => {
  it('pages newest first with a cursor, and only the business’s own rows', async () => {
    const owner = await app.signUp();
    const other = await app.signUp();
    for (let i = 1; i <= 5; i++) await owner.caller.business.update({ name: `Nom ${i}` });
    await other.caller.business.update({ name: 'Autre' });
    const first = await owner.caller.audit.list({ limit: 4 });
    expect(first.items).toHaveLength(4);
    expect(first.items[0]?.changes).toMatchObject({ name: 'Nom 5' });
    expect(first.nextCursor).not.toBeNull();
    const second = await owner.caller.audit.list({ limit: 4, cursor: first.nextCursor ?? '' });
    const all = [...first.items, ...second.items];
    expect(new Set(all.map((row) => row.id)).size).toBe(all.length);
    expect(all.every((row) => row.businessId === owner.businessId)).toBe(true);
    expect(all.map((row) => row.action)).toContain('auth.sign_up');
    expect(second.nextCursor).toBeNull();
    await expect(owner.caller.audit.list({ cursor: 'garbage' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('invitations', () => {
  it('grant nothing until accepted; once accepted the member works in the business with that role', async () => {
    const owner = await app.signUp({ businessName: 'Maison Ndiaye' });
    const invitee = await app.signUp();
    await owner.caller.business.addMember({ email: invitee.email, role: 'agent' });
    const asInvitee = await app.as(invitee.token);
    await expect(asInvitee.business.get({ businessId: owner.businessId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      asInvitee.auth.switchBusiness({ businessId: owner.businessId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const me = await asInvitee.auth.me();
    expect(me.invitations).toEqual([
      expect.objectContaining({
        businessId: owner.businessId,
        name: 'Maison Ndiaye',
        role: 'agent',
      }),
    ]);
    expect(me.memberships.map((m) => m.businessId)).toEqual([invitee.businessId]);
    // Signing in again still opens their own business, not the one that invited them.
    const again = await (await app.anonymous()).auth.signIn({
      email: invitee.email,
      password: TEST_PASSWORD,
      client: 'app',
    });
    expect(again.businessId).toBe(invitee.businessId);

    await asInvitee.auth.acceptInvitation({ businessId: owner.businessId });
    const now = await app.as(invitee.token);
    await expect(now.business.get()).resolves.toMatchObject({
      business: { id: owner.businessId },
      role: 'agent',
    });
    const members = await owner.caller.business.members();
    expect(members.find((m) => m.userId === invitee.userId)?.status).toBe('active');
    await expect(now.auth.acceptInvitation({ businessId: owner.businessId })).rejects.toMatchObject(
      { code: 'NOT_FOUND' },
    );
  });

  it('can be declined by the invitee or withdrawn by the business', async () => {
    const owner = await app.signUp();
    const first = await app.signUp();
    const second = await app.signUp();
    await owner.caller.business.addMember({ email: first.email, role: 'agent' });
    await owner.caller.business.addMember({ email: second.email, role: 'agent' });
    await (await app.as(first.token)).auth.declineInvitation({ businessId: owner.businessId });
    await owner.caller.business.removeMember({ userId: second.userId });
    expect((await owner.caller.business.members()).map((m) => m.userId)).toEqual([owner.userId]);
    const actions = (await owner.caller.audit.list({})).items.map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining(['auth.invitation_decline', 'business.invite_withdraw']),
    );
  });

  it('an invited owner does not count: the last accepted owner still cannot leave', async () => {
    const owner = await app.signUp();
    const pending = await app.signUp();
    await owner.caller.business.addMember({ email: pending.email, role: 'owner' });
    await expect(
      owner.caller.business.removeMember({ userId: owner.userId }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });
});
