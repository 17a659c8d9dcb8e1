// The team: who work can be given to (accepted members who serve customers), and the members'
// roles changed or removed by the business's owners and admins.
import type { Db } from '@flux/db';
import {
  acceptedMemberRole,
  listMembers,
  lockMembers,
  type MembershipRole as Role,
  removeMembership,
  setMemberRole,
} from '@flux/db/queries/team';
import { forgetMembershipHere, forgetUserHere } from '../auth/auth-cache';
import { type Actor, writeAudit } from '../lib/audit';
import { notFound, refuse } from '../lib/errors';

/**
 * Checks `userId` is an accepted, non-courier member, with FOR SHARE: a concurrent removal of
 * the member waits for the caller's transaction, or is seen.
 */
export async function requireAssignableMember(
  tx: Db,
  businessId: string,
  userId: string,
  what: string,
): Promise<void> {
  const role = await acceptedMemberRole(tx, { businessId, userId, forShare: true });
  if (!role) throw notFound('Member');
  if (role === 'courier') {
    throw refuse('team.courier_not_assignable', `A courier cannot be assigned ${what}`, undefined, {
      field: 'userId',
    });
  }
}

/** Only an owner may create, demote or remove an owner. */
export function assertMayManage(actorRole: Role, targetRole: Role, nextRole?: Role) {
  if ((targetRole === 'owner' || nextRole === 'owner') && actorRole !== 'owner') {
    throw refuse('team.owner_only', 'Only an owner can grant or change the owner role');
  }
}

/**
 * Locks the business's membership rows, so that concurrent role changes are serialised, and
 * returns the actor's and the target's roles as they are now (not as the request first read
 * them) and the number of accepted owners.
 */
async function lockedTeam(tx: Db, businessId: string, actorId: string, targetId: string) {
  const rows = await lockMembers(tx, { businessId });
  const actor = rows.find((row) => row.userId === actorId && row.acceptedAt);
  if (!actor || (actor.role !== 'owner' && actor.role !== 'admin')) {
    throw refuse('team.not_manager', 'You no longer manage this business');
  }
  const target = rows.find((row) => row.userId === targetId);
  if (!target) throw notFound('Member');
  return {
    actorRole: actor.role,
    role: target.role,
    accepted: target.acceptedAt !== null,
    owners: rows.filter((row) => row.role === 'owner' && row.acceptedAt).length,
  };
}

/** Members and pending invitations, by name. */
export async function teamOf(db: Db, businessId: string) {
  const rows = await listMembers(db, { businessId });
  return rows.map(({ acceptedAt, ...row }) => ({
    ...row,
    status: acceptedAt ? ('active' as const) : ('invited' as const),
    joinedAt: acceptedAt,
  }));
}

export async function changeMemberRole(
  db: Db,
  actor: Actor,
  params: {
    businessId: string;
    /** Who asks: they must still manage the business once the team is locked. */
    managerId: string;
    userId: string;
    role: Role;
  },
): Promise<{ userId: string; role: Role }> {
  const { businessId, userId, role } = params;
  const result = await db.transaction(async (tx) => {
    const target = await lockedTeam(tx, businessId, params.managerId, userId);
    assertMayManage(target.actorRole, target.role, role);
    if (target.role === 'owner' && role !== 'owner' && target.accepted && target.owners <= 1) {
      throw refuse('team.last_owner', 'A business needs at least one owner');
    }
    await setMemberRole(tx, { businessId, userId, role });
    await writeAudit(tx, actor, {
      businessId,
      action: 'business.member_role',
      entityType: 'user',
      entityId: userId,
      changes: { from: target.role, to: role },
    });
    return { userId, role };
  });
  // This process forgets at once; the others hear the trigger (auth/auth-cache.ts).
  forgetMembershipHere(businessId, userId);
  return result;
}

/** Removes a member, or withdraws an invitation; never the last owner. */
export async function removeMember(
  db: Db,
  actor: Actor,
  params: { businessId: string; managerId: string; userId: string },
): Promise<{ userId: string }> {
  const { businessId, userId } = params;
  const result = await db.transaction(async (tx) => {
    const target = await lockedTeam(tx, businessId, params.managerId, userId);
    assertMayManage(target.actorRole, target.role);
    if (target.role === 'owner' && target.accepted && target.owners <= 1) {
      throw refuse('team.last_owner', 'The last owner cannot be removed');
    }
    await removeMembership(tx, { businessId, userId });
    await writeAudit(tx, actor, {
      businessId,
      action: target.accepted ? 'business.member_remove' : 'business.invite_withdraw',
      entityType: 'user',
      entityId: userId,
      changes: { role: target.role },
    });
    return { userId };
  });
  // This process forgets at once; the others hear the trigger (auth/auth-cache.ts).
  forgetMembershipHere(businessId, userId);
  // Their sessions lost this business as the current one (removeMembership).
  forgetUserHere(userId);
  return result;
}
