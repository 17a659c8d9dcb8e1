// `whatsapp.send`: sends one queued outbound message (enqueued in the transaction that stored it).
import { z } from 'zod';
import { SEND_ATTEMPTS, sendQueuedMessage } from '../../services/whatsapp-send';
import { defineJob } from '../define';

export const whatsappSend = defineJob('whatsapp.send', {
  schema: z.object({ messageId: z.uuid() }),
  // Backoff for Meta's throughput and pair-rate errors; the handler marks the message failed on
  // the last attempt, so nothing stays `queued` for ever.
  queue: { retryLimit: SEND_ATTEMPTS - 1, retryDelay: 2, retryBackoff: true, expireInSeconds: 60 },
  work: {
    batchSize: 10,
    localConcurrency: 4,
    burstWhenBatchFull: true,
    pollingIntervalSeconds: 0.5,
  },
  handler: ({ messageId }, services, job) => sendQueuedMessage(services, messageId, job.retryCount),
});
