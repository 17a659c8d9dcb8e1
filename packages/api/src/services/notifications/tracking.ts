// The customer's tracking link in a notification (/t/<token>, the page that shows the order, the
// courier and the door code without a sign-in: services/tracking). Derived from the row's order at
// send time, like the door code: the facts stored on the row hold no token, and a message rendered
// again later (a retry) links to the same page.
import type { Db } from '@flux/db';
import type { NotificationRow } from '@flux/db/queries/notifications';
import type { ServerKeys } from '../../lib/server-keys';
import { issueTrackingLink } from '../tracking/link';

/** The link a customer's message about an order carries; null for anyone else's message. */
export function trackingLinkFor(
  db: Db,
  config: { publicUrl: string } & ServerKeys,
  row: Pick<NotificationRow, 'businessId' | 'orderId' | 'recipientType'>,
): Promise<string | null> {
  if (row.recipientType !== 'customer' || !row.orderId) return Promise.resolve(null);
  return issueTrackingLink(db, config, { businessId: row.businessId, orderId: row.orderId });
}
