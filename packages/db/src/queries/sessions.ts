// Sessions' housekeeping: the expired ones deleted (validation already ignores them). A session
// is a user's, not a business's: no business_id here.
import { lt } from 'drizzle-orm';
import type { Db } from '../client';
import { sessions } from '../schema';

/** Deletes the sessions expired before `now`; how many it deleted. */
export async function deleteExpiredSessions(db: Db, params: { now: Date }): Promise<number> {
  const deleted = await db
    .delete(sessions)
    .where(lt(sessions.expiresAt, params.now))
    .returning({ id: sessions.id });
  return deleted.length;
}
