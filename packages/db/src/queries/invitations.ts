// Invitation links' SQL: issued (the previous pending one revoked), found by the hash of their
// token, used up, listed while pending, revoked.
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { businesses, invitations } from '../schema';

export type InvitationRow = typeof invitations.$inferSelect;

/** Not accepted, not revoked. */
const unused = and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt));

/** Revokes the pending invitations of `email` in the business (the newest link is the one that works). */
export async function revokePendingInvitationsOf(
  db: Db,
  params: { businessId: string; email: string },
): Promise<void> {
  await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.businessId, params.businessId),
        eq(invitations.email, params.email),
        unused,
      ),
    );
}

export async function insertInvitation(
  db: Db,
  params: { businessId: string; values: Omit<typeof invitations.$inferInsert, 'businessId'> },
): Promise<InvitationRow> {
  const [row] = await db
    .insert(invitations)
    .values({ ...params.values, businessId: params.businessId })
    .returning();
  if (!row) throw new Error('invitation insert returned nothing');
  return row;
}

/**
 * A link that still works, with its business's name, by the hash of its token (locked with
 * `lock` for the accept). The one lookup not scoped by a business: whoever opens a link does not
 * belong to one yet, and the token hash is what names it.
 */
export async function pendingInvitationByTokenHash(
  db: Db,
  params: { tokenHash: string; lock: boolean },
) {
  const query = db
    .select({ invitation: invitations, businessName: businesses.name })
    .from(invitations)
    .innerJoin(businesses, eq(businesses.id, invitations.businessId))
    .where(
      and(
        eq(invitations.tokenHash, params.tokenHash),
        unused,
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .limit(1);
  const [row] = params.lock ? await query.for('update', { of: invitations }) : await query;
  return row;
}

export async function markInvitationAccepted(
  db: Db,
  params: { businessId: string; invitationId: string; userId: string },
): Promise<void> {
  await db
    .update(invitations)
    .set({ acceptedAt: new Date(), acceptedBy: params.userId })
    .where(
      and(eq(invitations.businessId, params.businessId), eq(invitations.id, params.invitationId)),
    );
}

/** Links sent and not yet used, revoked or expired, newest first. */
export function pendingInvitationsOf(db: Db, params: { businessId: string }) {
  return db
    .select({
      invitationId: invitations.id,
      email: invitations.email,
      role: invitations.role,
      invitedAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
    })
    .from(invitations)
    .where(
      and(
        eq(invitations.businessId, params.businessId),
        unused,
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(invitations.createdAt))
    .limit(200);
}

/** Revokes a link not used yet: what was revoked, if it was. */
export async function revokeInvitationRow(
  db: Db,
  params: { businessId: string; invitationId: string },
) {
  const [row] = await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(
      and(
        eq(invitations.id, params.invitationId),
        eq(invitations.businessId, params.businessId),
        unused,
      ),
    )
    .returning({ id: invitations.id, email: invitations.email, role: invitations.role });
  return row;
}
