// Deletes expired sessions; validation already ignores them, this keeps the table small.
import { schema } from '@flux/db';
import { lt } from 'drizzle-orm';
import { defineJob } from '../define';

export const purgeExpiredSessions = defineJob('sessions.purge-expired', {
  queue: { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 300 },
  cron: '17 * * * *',
  async handler(_payload, { db, log }) {
    const deleted = await db
      .delete(schema.sessions)
      .where(lt(schema.sessions.expiresAt, new Date()))
      .returning({ id: schema.sessions.id });
    log.info({ deleted: deleted.length }, 'expired sessions purged');
    return { deleted: deleted.length };
  },
});
