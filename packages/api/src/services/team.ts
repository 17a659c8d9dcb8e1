// Who work can be given to: accepted members of the business who serve customers.
import type { Db } from '@flux/db';
import { schema } from '@flux/db';
import { and, eq, isNotNull } from 'drizzle-orm';
import { AppError } from '../lib/errors';

const { memberships } = schema;

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
  const [member] = await tx
    .select({ role: memberships.role })
    .from(memberships)
    .where(
      and(
        eq(memberships.businessId, businessId),
        eq(memberships.userId, userId),
        isNotNull(memberships.acceptedAt),
      ),
    )
    .for('share');
  if (!member) throw new AppError('NOT_FOUND', 'Member not found');
  if (member.role === 'courier') {
    throw new AppError('BAD_REQUEST', `A courier cannot be assigned ${what}`, { field: 'userId' });
  }
}
