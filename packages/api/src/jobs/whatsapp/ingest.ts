// `whatsapp.drain`: processes the stored webhook events (the durable inbox in webhook_events).
// The webhook nudges it after each acknowledgement, a starting worker runs it once, and the cron
// sweeps every minute, so events a crashed process acknowledged are processed anyway. At most one
// drain waits (policy `short`); several may run, which SKIP LOCKED makes safe, so a drain lost
// with a killed worker blocks nothing.
import { z } from 'zod';
import { drainWebhookEvents } from '../../services/whatsapp-ingest';
import { defineJob } from '../define';

export const whatsappDrain = defineJob('whatsapp.drain', {
  schema: z.object({}).loose(),
  queue: {
    policy: 'short',
    retryLimit: 5,
    retryDelay: 1,
    retryBackoff: true,
    expireInSeconds: 120,
  },
  work: { pollingIntervalSeconds: 0.5 },
  cron: '* * * * *',
  runOnStart: true,
  async handler(_payload, { db, log, live, jobs, ai }) {
    const result = await drainWebhookEvents(db, {
      live,
      jobs,
      analysisDelaySeconds: ai.debounceSeconds,
    });
    if (result.processed) log.debug(result, 'webhook events drained');
    return result;
  },
});
