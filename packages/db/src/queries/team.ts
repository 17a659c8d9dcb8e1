// The team's SQL: who is a member of a business, with which role, invited or accepted; and which
// business a member's sessions point at (set on switching, cleared on removal).
import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { businesses, memberships, sessions, users } from '../schema';

export type MembershipRole = typeof memberships.$inferSelect.role;

/** A user's membership row of a business. */
const memberOf = (businessId: string, userId: string) =>
  and(eq(memberships.businessId, businessId), eq(memberships.userId, userId));
/** A membership row by its id, within the business. */
const membershipOf = (businessId: string, membershipId: string) =>
  and(eq(memberships.businessId, businessId), eq(memberships.id, membershipId));

/** A member's role, accepted or not yet; undefined for someone who is not a member. */
export async function memberRole(
  db: Db,
  params: { businessId: string; userId: string },
): Promise<MembershipRole | undefined> {
  const [row] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(memberOf(params.businessId, params.userId));
  return row?.role;
}

/**
 * An accepted member's role; with `forShare`, FOR SHARE: a concurrent removal of the member waits
 * for the caller's transaction, or is seen.
 */
export async function acceptedMemberRole(
  db: Db,
  params: { businessId: string; userId: string; forShare?: boolean },
): Promise<MembershipRole | undefined> {
  const query = db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(memberOf(params.businessId, params.userId), isNotNull(memberships.acceptedAt)))
    .$dynamic();
  if (params.forShare) query.for('share');
  const [row] = await query;
  return row?.role;
}

/** The business's memberships, locked: concurrent role changes and removals are serialised. */
export function lockMembers(db: Db, params: { businessId: string }) {
  return db
    .select({
      userId: memberships.userId,
      role: memberships.role,
      acceptedAt: memberships.acceptedAt,
    })
    .from(memberships)
    .where(eq(memberships.businessId, params.businessId))
    .for('update');
}

/** Members and pending invitations, by name. */
export function listMembers(db: Db, params: { businessId: string }) {
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      acceptedAt: memberships.acceptedAt,
      invitedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.businessId, params.businessId))
    .orderBy(asc(users.name));
}

export async function setMemberRole(
  db: Db,
  params: { businessId: string; userId: string; role: MembershipRole },
): Promise<void> {
  await db
    .update(memberships)
    .set({ role: params.role })
    .where(memberOf(params.businessId, params.userId));
}

/** Removes the member (or the invitation), and their sessions stop pointing at the business. */
export async function removeMembership(
  db: Db,
  params: { businessId: string; userId: string },
): Promise<void> {
  await db.delete(memberships).where(memberOf(params.businessId, params.userId));
  await db
    .update(sessions)
    .set({ currentBusinessId: null })
    .where(
      and(eq(sessions.userId, params.userId), eq(sessions.currentBusinessId, params.businessId)),
    );
}

/**
 * The user's membership of the business, locked; with `state`, only when accepted or only while
 * invited.
 */
export async function lockMembership(
  db: Db,
  params: { businessId: string; userId: string; state?: 'accepted' | 'invited' },
) {
  const { state } = params;
  const [row] = await db
    .select({ id: memberships.id, role: memberships.role, acceptedAt: memberships.acceptedAt })
    .from(memberships)
    .where(
      and(
        memberOf(params.businessId, params.userId),
        state === 'accepted' ? isNotNull(memberships.acceptedAt) : undefined,
        state === 'invited' ? isNull(memberships.acceptedAt) : undefined,
      ),
    )
    .for('update');
  return row;
}

/** Accepts a membership (an invitation of the old kind), with the role the link gives if any. */
export async function acceptMembership(
  db: Db,
  params: { businessId: string; membershipId: string; role?: MembershipRole },
): Promise<void> {
  await db
    .update(memberships)
    .set({ acceptedAt: new Date(), ...(params.role ? { role: params.role } : {}) })
    .where(membershipOf(params.businessId, params.membershipId));
}

export async function deleteMembership(
  db: Db,
  params: { businessId: string; membershipId: string },
): Promise<void> {
  await db.delete(memberships).where(membershipOf(params.businessId, params.membershipId));
}

/** The session's current business (the business switcher, an invitation accepted). */
export async function setSessionBusiness(
  db: Db,
  params: { businessId: string; sessionId: string },
): Promise<void> {
  await db
    .update(sessions)
    .set({ currentBusinessId: params.businessId })
    .where(eq(sessions.id, params.sessionId));
}

/** Every business the user belongs to or is invited to, by name (the user's own, across tenants). */
export function membershipsOfUser(db: Db, params: { userId: string }) {
  return db
    .select({
      businessId: businesses.id,
      name: businesses.name,
      slug: businesses.slug,
      currency: businesses.currency,
      role: memberships.role,
      acceptedAt: memberships.acceptedAt,
      invitedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(businesses, eq(businesses.id, memberships.businessId))
    .where(eq(memberships.userId, params.userId))
    .orderBy(asc(businesses.name));
}

export async function insertMembership(
  db: Db,
  params: { businessId: string; values: Omit<typeof memberships.$inferInsert, 'businessId'> },
): Promise<void> {
  await db.insert(memberships).values({ ...params.values, businessId: params.businessId });
}

/** Whether someone with this email is already an accepted member of the business. */
export async function isAcceptedMemberByEmail(
  db: Db,
  params: { businessId: string; email: string },
): Promise<boolean> {
  const [row] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.businessId, params.businessId),
        eq(users.email, params.email),
        isNotNull(memberships.acceptedAt),
      ),
    );
  return row !== undefined;
}
