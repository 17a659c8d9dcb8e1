import { schema } from '@flux/db';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessionIdFromToken } from '../auth/session';
import { pendingMembership, TEST_PASSWORD, useTestApp } from '../testing';

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
  it('an invitation is a link, and the answer is the same whether the email has an account or not', async () => {
    const owner = await app.signUp();
    const colleague = await app.signUp();
    const known = await owner.caller.business.addMember({
      email: colleague.email,
      role: 'dispatcher',
    });
    const unknown = await owner.caller.business.addMember({
      email: 'nobody-yet@example.test',
      role: 'dispatcher',
    });
    for (const answer of [known, unknown]) {
      expect(Object.keys(answer).sort()).toEqual(
        ['email', 'expiresAt', 'invitationId', 'joinPath', 'role', 'status'].sort(),
      );
      expect(answer.joinPath).toMatch(/^\/join\/[a-z2-7]{32}$/);
      expect(answer.status).toBe('invited');
      // Valid for 7 days.
      expect(answer.expiresAt.getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
      expect(answer.expiresAt.getTime() - Date.now()).toBeLessThan(7.1 * 24 * 3600 * 1000);
    }
    expect(JSON.stringify(known)).not.toContain(colleague.userId);
    // Only the SHA-256 of the token is stored.
    const token = known.joinPath.slice('/join/'.length);
    const stored = await app.services.db.execute<{ token_hash: string }>(
      sql`select token_hash from invitations where id = ${known.invitationId}`,
    );
    expect(stored.rows[0]?.token_hash).toBe(sessionIdFromToken(token));
    expect(JSON.stringify(stored.rows)).not.toContain(token);
    // Both pending, audited with the invitation.
    expect((await owner.caller.business.invitations()).map((i) => i.email).sort()).toEqual(
      [colleague.email, 'nobody-yet@example.test'].sort(),
    );
    const audit = await owner.caller.audit.list({ action: 'business.member_invite' });
    expect(audit.items.map((row) => row.entityId).sort()).toEqual(
      [known.invitationId, unknown.invitationId].sort(),
    );
    // An accepted member cannot be invited again.
    await app.join(owner, colleague, 'agent');
    await expect(
      owner.caller.business.addMember({ email: colleague.email, role: 'agent' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
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
    // The other shop's rename is theirs alone.
    expect(all.some((row) => (row.changes as { name?: string } | null)?.name === 'Autre')).toBe(
      false,
    );
    expect(all.map((row) => row.action)).toContain('auth.sign_up');
    expect(second.nextCursor).toBeNull();
    await expect(owner.caller.audit.list({ cursor: 'garbage' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });
});

describe('invitations made before links (pending memberships)', () => {
  it('grant nothing until accepted; once accepted the member works in the business with that role', async () => {
    const owner = await app.signUp({ businessName: 'Maison Ndiaye' });
    const invitee = await app.signUp();
    await pendingMembership(app, owner, invitee, 'agent');
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
    await pendingMembership(app, owner, first, 'agent');
    await pendingMembership(app, owner, second, 'agent');
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
    await pendingMembership(app, owner, pending, 'owner');
    await expect(
      owner.caller.business.removeMember({ userId: owner.userId }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });
});

describe('invitation links', () => {
  const tokenOf = (invited: { joinPath: string }) => invited.joinPath.slice('/join/'.length);

  it('a link joins the invited email once: nothing before, the role after; used, revoked or expired it says the same', async () => {
    const owner = await app.signUp({ businessName: 'Maison Diallo' });
    const invitee = await app.signUp();
    const invited = await owner.caller.business.addMember({ email: invitee.email, role: 'agent' });
    const token = tokenOf(invited);
    const anonymous = await app.anonymous();
    await expect(anonymous.auth.invitation({ token })).resolves.toMatchObject({
      businessName: 'Maison Diallo',
      email: invitee.email,
      role: 'agent',
    });
    const asInvitee = await app.as(invitee.token);
    await expect(
      asInvitee.business.members({ businessId: owner.businessId }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(asInvitee.auth.acceptInvite({ token })).resolves.toEqual({
      businessId: owner.businessId,
      role: 'agent',
    });
    // The session moved to the business, with the role.
    await expect((await app.as(invitee.token)).business.get()).resolves.toMatchObject({
      business: { id: owner.businessId },
      role: 'agent',
    });
    expect(await owner.caller.business.invitations()).toEqual([]);
    const used = {
      code: 'NOT_FOUND',
      message: expect.stringContaining('invalid, already used or expired'),
    };
    await expect(asInvitee.auth.acceptInvite({ token })).rejects.toMatchObject(used);
    await expect(anonymous.auth.invitation({ token })).rejects.toMatchObject(used);

    // Revoked.
    const other = await app.signUp();
    const revoked = await owner.caller.business.addMember({ email: other.email, role: 'agent' });
    await owner.caller.business.revokeInvitation({ invitationId: revoked.invitationId });
    await expect(
      (await app.as(other.token)).auth.acceptInvite({ token: tokenOf(revoked) }),
    ).rejects.toMatchObject(used);
    // Replaced by a newer link for the same email.
    const first = await owner.caller.business.addMember({ email: other.email, role: 'agent' });
    const second = await owner.caller.business.addMember({
      email: other.email,
      role: 'dispatcher',
    });
    await expect(
      (await app.as(other.token)).auth.acceptInvite({ token: tokenOf(first) }),
    ).rejects.toMatchObject(used);
    // Expired (7 days).
    await app.services.db.execute(
      sql`update invitations set expires_at = now() - interval '1 second' where id = ${second.invitationId}`,
    );
    await expect(
      (await app.as(other.token)).auth.acceptInvite({ token: tokenOf(second) }),
    ).rejects.toMatchObject(used);
    expect(
      (await owner.caller.business.members()).some((member) => member.userId === other.userId),
    ).toBe(false);
  });

  it('someone with no account signs up through the link and joins without creating a shop; audited in the same transaction', async () => {
    const owner = await app.signUp({ businessName: 'Maison Ba' });
    const invited = await owner.caller.business.addMember({
      email: 'new.courier@example.test',
      role: 'courier',
    });
    const businessesBefore = await app.services.db.$count(schema.businesses);
    const joined = await (await app.anonymous()).auth.signUp({
      email: 'New.Courier@example.test',
      password: 'a long enough password',
      name: 'Ibou',
      invitation: tokenOf(invited),
      client: 'app',
    });
    expect(joined.businessId).toBe(owner.businessId);
    expect(await app.services.db.$count(schema.businesses)).toBe(businessesBefore);
    const asCourier = await app.as(joined.token ?? '');
    await expect(asCourier.business.profile()).resolves.toMatchObject({
      id: owner.businessId,
      role: 'courier',
    });
    const actions = (await owner.caller.audit.list({})).items.map((row) => row.action);
    expect(actions).toEqual(
      expect.arrayContaining(['business.member_invite', 'auth.invitation_accept', 'auth.sign_up']),
    );
    // Without an invitation, a shop name is still required.
    await expect(
      (await app.anonymous()).auth.signUp({
        email: 'no-shop@example.test',
        password: 'a long enough password',
        name: 'X',
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
