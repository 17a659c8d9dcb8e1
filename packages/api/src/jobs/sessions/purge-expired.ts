// Deletes expired sessions and the public API's expired Idempotency-Key answers; reads already
// ignore both, this keeps the tables small.
import { deleteExpiredIdempotencyKeys } from '@flux/db/queries/public-api';
import { deleteExpiredSessions } from '@flux/db/queries/sessions';
import { defineJob } from '../define';

export const purgeExpiredSessions = defineJob('sessions.purge-expired', {
  queue: { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 300 },
  cron: '17 * * * *',
  async handler(_payload, { db, log }) {
    const deleted = await deleteExpiredSessions(db, { now: new Date() });
    const idempotencyKeys = await deleteExpiredIdempotencyKeys(db);
    log.info({ deleted, idempotencyKeys }, 'expired sessions purged');
    return { deleted };
  },
});
