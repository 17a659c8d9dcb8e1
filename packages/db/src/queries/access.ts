// Who may act in a business: the lookup every business procedure makes before it runs.
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Db } from '../client';
import { businesses, memberships } from '../schema';

/** The business and the user's role in it, if they are an accepted member; undefined otherwise. */
export async function membershipOf(db: Db, params: { businessId: string; userId: string }) {
  const [row] = await db
    .select({ business: businesses, role: memberships.role })
    .from(memberships)
    .innerJoin(businesses, eq(businesses.id, memberships.businessId))
    .where(
      and(
        eq(memberships.businessId, params.businessId),
        eq(memberships.userId, params.userId),
        isNotNull(memberships.acceptedAt),
      ),
    )
    .limit(1);
  return row;
}
