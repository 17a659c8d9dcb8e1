// Deletes expired sessions; validation already ignores them, this keeps the table small.
import { deleteExpiredSessions } from '@flux/db/queries/sessions';
import { defineJob } from '../define';

export const purgeExpiredSessions = defineJob('sessions.purge-expired', {
  queue: { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 300 },
  cron: '17 * * * *',
  async handler(_payload, { db, log }) {
    const deleted = await deleteExpiredSessions(db, { now: new Date() });
    log.info({ deleted }, 'expired sessions purged');
    return { deleted };
  },
});
