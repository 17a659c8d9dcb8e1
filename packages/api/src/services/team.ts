// Who work can be given to: accepted members of the business who serve customers.
import type { Db } from '@flux/db';
import { acceptedMemberRoleForShare } from '@flux/db/queries/team';
import { AppError, notFound } from '../lib/errors';

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
  const role = await acceptedMemberRoleForShare(tx, { businessId, userId });
  if (!role) throw notFound('Member');
  if (role === 'courier') {
    throw new AppError('BAD_REQUEST', `A courier cannot be assigned ${what}`, { field: 'userId' });
  }
}
