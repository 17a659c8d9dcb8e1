// Invitation links. An admin names an email and a role and gets a link to share (copied, or sent
// on WhatsApp); whoever opens it signs in or signs up with that email and joins. The answer to the
// admin is the same whether the email has an account or not, and nothing is stored that a leak
// could replay: the token is random, only its SHA-256 is kept, and it works once, for 7 days.
import type { Db } from '@flux/db';
import {
  insertInvitation,
  markInvitationAccepted,
  pendingInvitationByTokenHash,
  pendingInvitationsOf,
  revokeInvitationRow,
  revokePendingInvitationsOf,
} from '@flux/db/queries/invitations';
import {
  acceptMembership,
  insertMembership,
  isAcceptedMemberByEmail,
  lockMembership,
  type MembershipRole as Role,
  setSessionBusiness,
} from '@flux/db/queries/team';
import { forgetSessionHere } from '../auth/auth-cache';
import { generateSessionToken, sessionIdFromToken } from '../auth/session';
import type { JobSender } from '../jobs/sender';
import { type Actor, writeAudit } from '../lib/audit';
import { notFound, refuse } from '../lib/errors';
import { notify } from './notifications';

export const INVITATION_TTL_DAYS = 7;

/** Where the link lands in the dashboard (apps/web/src/router.tsx). */
export const joinPath = (token: string) => `/join/${token}`;

/** The same words for an unknown, used, revoked or expired link: none tells which. */
const invalidLink = () =>
  notFound('Invitation', 'This invitation link is invalid, already used or expired');

/**
 * Issues a link for `email`. A pending invitation of the same email is revoked (the newest link
 * is the one that works). Returns the token, shown once to the admin.
 */
export async function createInvitation(
  tx: Db,
  jobs: JobSender,
  actor: Actor,
  params: { businessId: string; email: string; role: Role; invitedBy: string },
) {
  const token = generateSessionToken();
  await revokePendingInvitationsOf(tx, params);
  const row = await insertInvitation(tx, {
    businessId: params.businessId,
    values: {
      email: params.email,
      role: params.role,
      tokenHash: sessionIdFromToken(token),
      invitedBy: params.invitedBy,
      expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000),
    },
  });
  await writeAudit(tx, actor, {
    businessId: params.businessId,
    action: 'business.member_invite',
    entityType: 'invitation',
    entityId: row.id,
    changes: { email: params.email, role: params.role, expiresAt: row.expiresAt.toISOString() },
  });
  // The link by email too (the admin still gets it to share another way).
  await notify(tx, jobs, {
    type: 'invitation.created',
    businessId: params.businessId,
    invitationId: row.id,
    email: params.email,
    role: params.role,
    token,
    invitedByName: null,
  });
  return { token, invitation: row };
}

/** A link that still works, with its business (locked with `forUpdate` for the accept). */
async function pendingInvitation(db: Db, token: string, forUpdate: boolean) {
  const row = await pendingInvitationByTokenHash(db, {
    tokenHash: sessionIdFromToken(token),
    lock: forUpdate,
  });
  return row ?? null;
}

/** What the join page shows before anyone signs in: whose invitation, for which email and role. */
export async function previewInvitation(db: Db, token: string) {
  const row = await pendingInvitation(db, token, false);
  if (!row) throw invalidLink();
  return {
    businessName: row.businessName,
    email: row.invitation.email,
    role: row.invitation.role,
    expiresAt: row.invitation.expiresAt,
  };
}

/**
 * The signed-in user takes the invitation: they become an accepted member with its role (a
 * pending invitation of the old kind, a membership row, is accepted with it), the link is used
 * up, the session moves to the business, all in one transaction with the audit row (a savepoint
 * of the caller's, when given one).
 */
export async function acceptInvitationLink(
  db: Db,
  actor: Actor,
  params: { token: string; userId: string; email: string; sessionId: string | null },
) {
  const result = await db.transaction(async (tx) => {
    const row = await pendingInvitation(tx, params.token, true);
    if (!row) throw invalidLink();
    const { invitation } = row;
    if (invitation.email !== params.email.toLowerCase()) {
      throw refuse(
        'invitation.other_email',
        `This invitation is for ${invitation.email}: sign in or sign up with that address`,
        { email: invitation.email },
      );
    }
    const { businessId } = invitation;
    const existing = await lockMembership(tx, { businessId, userId: params.userId });
    if (existing?.acceptedAt) {
      throw refuse('invitation.already_member', 'You are already a member of this business');
    }
    if (existing) {
      await acceptMembership(tx, { businessId, membershipId: existing.id, role: invitation.role });
    } else {
      await insertMembership(tx, {
        businessId,
        values: {
          userId: params.userId,
          role: invitation.role,
          acceptedAt: new Date(),
          invitedBy: invitation.invitedBy,
        },
      });
    }
    await markInvitationAccepted(tx, {
      businessId,
      invitationId: invitation.id,
      userId: params.userId,
    });
    if (params.sessionId) {
      await setSessionBusiness(tx, { businessId, sessionId: params.sessionId });
    }
    await writeAudit(tx, actor, {
      businessId: invitation.businessId,
      action: 'auth.invitation_accept',
      entityType: 'invitation',
      entityId: invitation.id,
      changes: { role: invitation.role, via: 'link' },
    });
    return { businessId: invitation.businessId, role: invitation.role };
  });
  // This process forgets at once; the others hear the trigger (auth/auth-cache.ts).
  if (params.sessionId) forgetSessionHere(params.sessionId);
  return result;
}

/**
 * Invites `email` by link, in one transaction with its audit row; someone already on the team is
 * a CONFLICT (the members list shows them anyway).
 */
export async function inviteByLink(
  db: Db,
  jobs: JobSender,
  actor: Actor,
  params: { businessId: string; email: string; role: Role; invitedBy: string },
) {
  return db.transaction(async (tx) => {
    if (await isAcceptedMemberByEmail(tx, params)) {
      throw refuse('team.already_member', `${params.email} is already a member`, {
        email: params.email,
      });
    }
    return createInvitation(tx, jobs, actor, params);
  });
}

/** Links sent and not yet used, revoked or expired, newest first. */
export function pendingInvitations(db: Db, businessId: string) {
  return pendingInvitationsOf(db, { businessId });
}

/** Withdraws a link before it is used (opening it then says it is invalid), audited. */
export async function revokeInvitation(
  db: Db,
  actor: Actor,
  params: { businessId: string; invitationId: string; mayRevoke: (role: Role) => void },
) {
  return db.transaction(async (tx) => {
    const revoked = await revokeInvitationRow(tx, params);
    if (!revoked) throw notFound('Invitation');
    params.mayRevoke(revoked.role);
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'business.invite_revoke',
      entityType: 'invitation',
      entityId: revoked.id,
      changes: { email: revoked.email, role: revoked.role },
    });
    return { invitationId: revoked.id };
  });
}
