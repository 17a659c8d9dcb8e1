// `order.status-changed`: enqueued in the transaction of every order transition. This is the hook
// the other domains attach to (delivery creation when an order becomes ready, notifications).
import { createDelivery } from '../../services/dispatch';
import { defineJob } from '../define';

export const orderStatusChanged = defineJob('order.status-changed', {
  queue: { retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 300 },
  async handler(event, { db, jobs, live, log }) {
    // The reason is a person's free text: the line keeps ids and states.
    log.info(
      { orderId: event.orderId, from: event.from, to: event.to, at: event.at },
      'order status changed',
    );
    // The customer's tracking page, open anywhere, reads the order again.
    await live.publish(event.businessId, {
      type: 'order.status',
      orderId: event.orderId,
      status: event.to,
    });
    // Ready: its delivery is created (once, whatever the retries) and a courier is sought.
    if (event.to === 'ready') {
      const delivery = await db.transaction((tx) =>
        createDelivery(tx, jobs, { businessId: event.businessId, orderId: event.orderId }),
      );
      return { handled: event.to, deliveryId: delivery?.id ?? null };
    }
    return { handled: event.to };
  },
});
