// `whatsapp.ingest`: processes one stored webhook event (enqueued in the webhook's transaction).
import { z } from 'zod';
import { ingestWebhookEvent } from '../../services/whatsapp-ingest';
import { defineJob } from '../define';

export const whatsappIngest = defineJob('whatsapp.ingest', {
  schema: z.object({ eventId: z.uuid() }),
  queue: { retryLimit: 8, retryDelay: 2, retryBackoff: true, expireInSeconds: 120 },
  // Bursts are the norm: fetch in batches, several at once (each event is its own transaction).
  work: {
    batchSize: 25,
    localConcurrency: 4,
    burstWhenBatchFull: true,
    pollingIntervalSeconds: 0.5,
  },
  async handler({ eventId }, { db, log }) {
    const result = await ingestWebhookEvent(db, eventId);
    if (result.notes.length)
      log.warn({ eventId, notes: result.notes }, 'webhook event partly ignored');
    return result;
  },
});
