// One delivery as an outside tool reads it (GET /v1/deliveries/{id}): with its order's reference
// and the customer's tracking link.
import type { Db } from '@flux/db';
import { deliveryWithOrder } from '@flux/db/queries/public-api';
import { notFound } from '../lib/errors';
import type { ServerKeys } from '../lib/server-keys';
import { orderNumber } from './order-number';
import { issueTrackingLink } from './tracking/link';

export async function deliveryWithTracking(
  db: Db,
  config: { publicUrl: string } & ServerKeys,
  params: { businessId: string; deliveryId: string },
) {
  const row = await deliveryWithOrder(db, params);
  if (!row) throw notFound('Delivery');
  return {
    delivery: row.delivery,
    orderReference: orderNumber(row.orderNumber),
    trackingUrl: await issueTrackingLink(db, config, {
      businessId: params.businessId,
      orderId: row.delivery.orderId,
    }),
  };
}
