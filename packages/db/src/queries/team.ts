// The team's SQL: who is a member of a business, with which role (memberships).
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../client';
import { memberships } from '../schema';

export type MembershipRole = typeof memberships.$inferSelect.role;

/** A member's role, accepted or not yet; undefined for someone who is not a member. */
export async function memberRole(
  db: Db,
  params: { businessId: string; userId: string },
): Promise<MembershipRole | undefined> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(
      and(eq(memberships.businessId, params.businessId), eq(memberships.userId, params.userId)),
    );
  return row?.role;
}

/**
 * An accepted member's role, FOR SHARE: a concurrent removal of the member waits for the caller's
 * transaction, or is seen.
 */
export async function acceptedMemberRoleForShare(
  db: Db,
  params: { businessId: string; userId: string },
): Promise<MembershipRole | undefined> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(
      and(
        eq(memberships.businessId, params.businessId),
        eq(memberships.userId, params.userId),
        isNotNull(memberships.acceptedAt),
      ),
    )
    .for('share');
  return row?.role;
}
