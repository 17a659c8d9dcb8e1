// `whatsapp.ingest`: processes the stored webhook events (the durable inbox in webhook_events).
// The webhook nudges it after each acknowledgement, a starting worker runs it once, and the cron
// sweeps every minute, so events a crashed process acknowledged are processed anyway. At most one
// drain waits (policy `short`); several may run, which SKIP LOCKED makes safe, so a drain lost
// with a killed worker blocks nothing.
import { drainWebhookEvents, redriveParkedEvents } from '../../webhook-inbox';
import { defineJob } from '../define';

export const whatsappIngest = defineJob('whatsapp.ingest', {
  queue: {
    policy: 'short',
    retryLimit: 5,
    retryDelay: 1,
    retryBackoff: true,
    expireInSeconds: 120,
  },
  cron: '* * * * *',
  runOnStart: true,
  async handler(_payload, { db, log, live, jobs, ai }, job) {
    const result = await drainWebhookEvents(db, {
      live,
      jobs,
      analysisDelaySeconds: ai.debounceSeconds,
      signal: job.signal,
    });
    if (result.processed) log.debug(result, 'webhook events drained');
    return result;
  },
});

// `whatsapp.redrive-parked`: every minute, parked events whose delay has passed go back to the
// inbox (a fix deployed since gets them processed), and the drain is nudged.
export const whatsappRedrive = defineJob('whatsapp.redrive-parked', {
  queue: { policy: 'short', retryLimit: 3, retryDelay: 5, expireInSeconds: 60 },
  cron: '* * * * *',
  async handler(_payload, { db, jobs, log }) {
    const ids = await redriveParkedEvents(db, { due: true });
    if (ids.length === 0) return { redriven: 0 };
    log.info({ count: ids.length }, 'parked webhook events put back in the inbox');
    await jobs.send('whatsapp.ingest', {});
    return { redriven: ids.length };
  },
});
