// The customer's tracking link (/t/<token>, the page that shows the order, the courier and the
// door code without a sign-in: services/tracking). The token rides in the notification's facts, so
// a message rendered again later (a retry) links to the same page.
import { trackingUrl } from '../tracking/link';

/** The order's tracking token (orders.tracking_token), if it has one. */
export function trackingTokenOf(order: { trackingToken?: string | null }): string | null {
  return order.trackingToken || null;
}

/** The page's absolute link, or null for an order without a token. */
export function trackingLinkFor(
  order: { trackingToken?: string | null },
  publicUrl: string,
): string | null {
  const token = trackingTokenOf(order);
  return token ? trackingUrl(publicUrl, token) : null;
}
