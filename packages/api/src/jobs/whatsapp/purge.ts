// `webhooks.purge-processed`: every event is kept (raw payload) for WEBHOOK_RETENTION_DAYS after
// it was processed, to replay or investigate; then deleted, 5,000 at a time so no long lock is
// held. Failed and invalid events stay until a human has looked at them.
import type { Db } from '@flux/db';
import { deleteProcessedEvents, PURGE_BATCH } from '@flux/db/queries/webhook-events';
import { defineJob } from '../define';

export async function purgeProcessedWebhooks(db: Db, retentionDays: number): Promise<number> {
  let deleted = 0;
  for (;;) {
    const count = await deleteProcessedEvents(db, { retentionDays });
    deleted += count;
    if (count < PURGE_BATCH) return deleted;
  }
}

export const purgeWebhooks = defineJob('webhooks.purge-processed', {
  queue: { retryLimit: 3, retryDelay: 60, retryBackoff: true, expireInSeconds: 1_800 },
  cron: '41 3 * * *',
  async handler(_payload, { db, log, config }) {
    const deleted = await purgeProcessedWebhooks(db, config.webhookRetentionDays);
    log.info({ deleted }, 'processed webhook events purged');
    return { deleted };
  },
});
