// `delivery.assign`: offers a pending delivery to the best courier (services/dispatch.ts).
// `delivery.expire-offers`: puts offers past their expiry back to pending and re-offers them;
// sent with each offer to run when it is due, and swept every minute.
// `delivery.offer-waiting`: offers the deliveries left with the dispatcher again; sent when a
// courier goes available, comes back into view or frees a slot (one queued per business), and
// swept every minute for every business.
import { assignDelivery, expireOffers, offerWaitingDeliveries } from '../../services/dispatch';
import { defineJob } from '../define';

export const deliveryAssign = defineJob('delivery.assign', {
  queue: { retryLimit: 5, retryDelay: 2, retryBackoff: true, expireInSeconds: 60 },
  async handler(payload, { db, jobs, live }) {
    return assignDelivery(db, jobs, payload, live);
  },
});

export const deliveryExpireOffers = defineJob('delivery.expire-offers', {
  queue: { retryLimit: 3, retryDelay: 2, expireInSeconds: 60 },
  cron: '* * * * *',
  async handler(_payload, { db, jobs, live }) {
    return { expired: await expireOffers(db, jobs, live) };
  },
});

export const deliveryOfferWaiting = defineJob('delivery.offer-waiting', {
  queue: { policy: 'short', retryLimit: 3, retryDelay: 2, expireInSeconds: 120 },
  cron: '* * * * *',
  async handler(payload, { db, jobs, live }) {
    return offerWaitingDeliveries(db, jobs, payload.businessId, live);
  },
});
