// The customer's tracking link (/t/<token>, the page that shows the order, the courier and the
// door code without a sign-in). Stub until orders carry their token: `orders.tracking_token` and
// the page come from the tracking branch; until they are merged an order has no token and the
// messages go without the link (templates drop the line, WhatsApp templates get a dash).

/** The order's tracking token, if it has one (orders.tracking_token once merged). */
export function trackingTokenOf(order: object): string | null {
  const token = (order as { trackingToken?: unknown }).trackingToken;
  return typeof token === 'string' && token ? token : null;
}

/** `${publicUrl}/t/${token}`, or null for an order without a token. */
export function trackingLinkFor(order: object, publicUrl: string): string | null {
  const token = trackingTokenOf(order);
  return token ? `${publicUrl.replace(/\/$/, '')}/t/${encodeURIComponent(token)}` : null;
}
