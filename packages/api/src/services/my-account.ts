// The signed-in user's own account: their sessions ended, their profile, the business they work
// in, and their answer to an invitation. Each change audited in its transaction.
import type { Db } from '@flux/db';
import { updateUserProfile } from '@flux/db/queries/profile';
import {
  acceptMembership,
  deleteMembership,
  lockMembership,
  membershipsOfUser,
  setSessionBusiness,
} from '@flux/db/queries/team';
import { forgetSessionHere, forgetUserHere } from '../auth/auth-cache';
import { invalidateSession, invalidateUserSessions } from '../auth/session';
import { type Actor, writeAudit } from '../lib/audit';
import { notFound } from '../lib/errors';

export async function signOut(db: Db, actor: Actor, params: { sessionId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    await invalidateSession(tx, params.sessionId);
    await writeAudit(tx, actor, { businessId: null, action: 'auth.sign_out' });
  });
  // Again after the commit: a request that read the session between the first eviction and the
  // commit may have put it back (auth/auth-cache.ts).
  forgetSessionHere(params.sessionId);
}

/** Ends every session of the user: how many there were. */
export async function signOutEverywhere(
  db: Db,
  actor: Actor,
  params: { userId: string },
): Promise<number> {
  const deleted = await db.transaction(async (tx) => {
    const deleted = await invalidateUserSessions(tx, params.userId);
    await writeAudit(tx, actor, {
      businessId: null,
      action: 'auth.sign_out_everywhere',
      changes: { sessions: deleted },
    });
    return deleted;
  });
  // Again after the commit, as in signOut.
  forgetUserHere(params.userId);
  return deleted;
}

/** The businesses the user works in, and those they are invited to. */
export async function businessesOf(db: Db, params: { userId: string }) {
  const rows = await membershipsOfUser(db, params);
  const pick = ({ businessId, name, slug, currency, role }: (typeof rows)[number]) => ({
    businessId,
    name,
    slug,
    currency,
    role,
  });
  return {
    memberships: rows.filter((row) => row.acceptedAt).map(pick),
    invitations: rows
      .filter((row) => !row.acceptedAt)
      .map((row) => ({ ...pick(row), invitedAt: row.invitedAt })),
  };
}

/** The user's own name and language; the audit row says what changed, from → to. */
export async function updateProfile(
  db: Db,
  actor: Actor,
  params: {
    user: { id: string; name: string; locale: string };
    set: Parameters<typeof updateUserProfile>[1]['set'];
  },
) {
  const { user: before, set } = params;
  const result = await db.transaction(async (tx) => {
    const user = await updateUserProfile(tx, { userId: before.id, set });
    if (!user) throw notFound('User');
    const changes: Record<string, unknown> = {};
    if (set.name !== undefined && set.name !== before.name)
      changes.name = { from: before.name, to: set.name };
    if (set.locale !== undefined && set.locale !== before.locale)
      changes.locale = { from: before.locale, to: set.locale };
    await writeAudit(tx, actor, {
      businessId: null,
      action: 'auth.profile_update',
      entityType: 'user',
      entityId: user.id,
      changes,
    });
    return user;
  });
  // This process forgets at once; the others hear the trigger (auth/auth-cache.ts).
  forgetUserHere(before.id);
  return result;
}

/** The user's membership of a business in the given state, locked; NOT_FOUND otherwise. */
async function membershipOrThrow(
  tx: Db,
  params: { userId: string; businessId: string; state: 'accepted' | 'invited' },
) {
  const membership = await lockMembership(tx, params);
  if (!membership) {
    throw params.state === 'accepted' ? notFound('Business') : notFound('Invitation');
  }
  return membership;
}

interface SessionTarget {
  userId: string;
  sessionId: string;
  businessId: string;
}

/** Makes a business the session's current one (the business switcher). */
export async function switchBusiness(db: Db, actor: Actor, params: SessionTarget): Promise<void> {
  const result = await db.transaction(async (tx) => {
    await membershipOrThrow(tx, { ...params, state: 'accepted' });
    await setSessionBusiness(tx, params);
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'auth.switch_business',
      entityType: 'business',
      entityId: params.businessId,
    });
  });
  // This process forgets at once; the others hear the trigger (auth/auth-cache.ts).
  forgetSessionHere(params.sessionId);
  return result;
}

/** Says yes to an invitation: the business opens, and becomes the session's current one. */
export async function acceptInvitation(db: Db, actor: Actor, params: SessionTarget) {
  const { businessId } = params;
  const result = await db.transaction(async (tx) => {
    const invitation = await membershipOrThrow(tx, { ...params, state: 'invited' });
    await acceptMembership(tx, { businessId, membershipId: invitation.id });
    await setSessionBusiness(tx, params);
    await writeAudit(tx, actor, {
      businessId,
      action: 'auth.invitation_accept',
      entityType: 'business',
      entityId: businessId,
      changes: { role: invitation.role },
    });
    return { businessId, role: invitation.role };
  });
  // This process forgets at once; the others hear the trigger (auth/auth-cache.ts).
  forgetSessionHere(params.sessionId);
  return result;
}

export function declineInvitation(
  db: Db,
  actor: Actor,
  params: { userId: string; businessId: string },
) {
  const { businessId } = params;
  return db.transaction(async (tx) => {
    const invitation = await membershipOrThrow(tx, { ...params, state: 'invited' });
    await deleteMembership(tx, { businessId, membershipId: invitation.id });
    await writeAudit(tx, actor, {
      businessId,
      action: 'auth.invitation_decline',
      entityType: 'business',
      entityId: businessId,
    });
    return { businessId };
  });
}
