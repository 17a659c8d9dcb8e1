// `whatsapp.send`: sends one queued outbound message (enqueued in the transaction that stored it).
// `whatsapp.settle-sends`: every minute, sends whose process died between the call to Meta and
// storing its answer are marked `unknown` (Meta may have the message: never resent blindly).
import { sendQueuedMessage, settleAbandonedSends } from '../../services/whatsapp-send';
import { defineJob } from '../define';

export const whatsappSend = defineJob('whatsapp.send', {
  // Meta's throughput and window errors put the message back in line with a new delayed job
  // (its calls are counted on its row, SEND_ATTEMPTS at most, then `failed`); pg-boss's own
  // retries are for the infrastructure (the database away). The expiry is twice the longest call
  // timeout (WHATSAPP_SEND_TIMEOUT_MS).
  queue: { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 60 },
  handler: ({ messageId }, services) => sendQueuedMessage(services, messageId),
});

export const whatsappSettleSends = defineJob('whatsapp.settle-sends', {
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
