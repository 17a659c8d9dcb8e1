// `whatsapp.send`: sends one queued outbound message (enqueued in the transaction that stored it).
// `whatsapp.settle-sends`: every minute, sends whose process died between the call to Meta and
// storing its answer are marked `unknown` (Meta may have the message: never resent blindly).
import { z } from 'zod';
import {
  SEND_ATTEMPTS,
  sendQueuedMessage,
  settleAbandonedSends,
} from '../../services/whatsapp-send';
import { defineJob } from '../define';

export const whatsappSend = defineJob('whatsapp.send', {
  schema: z.object({ messageId: z.uuid() }),
  // Backoff for Meta's throughput and pair-rate errors; the handler marks the message failed on
  // the last attempt, so nothing stays `queued` for ever. Each message is its own job, so each
  // has its own count of attempts. The expiry is twice the longest call timeout (WHATSAPP_SEND_TIMEOUT_MS).
  queue: { retryLimit: SEND_ATTEMPTS - 1, retryDelay: 2, retryBackoff: true, expireInSeconds: 60 },
  handler: ({ messageId }, services, job) => sendQueuedMessage(services, messageId, job.retryCount),
});

export const whatsappSettleSends = defineJob('whatsapp.settle-sends', {
  schema: z.object({}).loose(),
  queue: { policy: 'short', retryLimit: 3, retryDelay: 5, expireInSeconds: 60 },
  cron: '* * * * *',
  async handler(_payload, { db, live, log }) {
    const settled = await settleAbandonedSends(db);
    for (const message of settled) {
      await live.publish(message.businessId, {
        type: 'message.status',
        conversationId: message.conversationId,
        messageId: message.id,
        status: 'unknown',
      });
    }
    if (settled.length) log.warn({ count: settled.length }, 'abandoned sends marked unknown');
    return { settled: settled.length };
  },
});
