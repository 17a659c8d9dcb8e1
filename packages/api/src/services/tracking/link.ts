// The customer's tracking link: `/t/<token>`, where the token is the order's bearer. It is derived,
// not stored: an HMAC of the order's id under the server key (as the door codes and password-reset
// links are), so a notification sent again or the API gives the same link, while the database
// holds only the token's SHA-256 (orders.tracking_token_hash), which is what the page looks up.
// Notifications and the API build their links here and nowhere else.
import { createHash, createHmac } from 'node:crypto';
import type { Db } from '@flux/db';
import { recordTrackingTokenHash } from '@flux/db/queries/tracking';

/** Where the public tracking pages are served (apps/server mounts its routes here). */
export const TRACKING_PREFIX = '/t';

/**
 * What a token looks like: base64url, 22 characters (128 bits, what orderTrackingToken gives and
 * older orders' app-made tokens were) to 43 (the random ones migration 0014 gave older orders).
 */
export const TRACKING_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/**
 * The order's token: 16 bytes of HMAC-SHA256 of its id under the server key, base64url (22
 * characters). `key`: AppServices.config.deliveryCodeKey (ENCRYPTION_KEY).
 */
export function orderTrackingToken(orderId: string, key: string): string {
  return createHmac('sha256', key)
    .update(`tracking:${orderId}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url');
}

/** What the database keeps of a token and looks it up by: its SHA-256, in hex. */
export function trackingTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The page's path for a token: `/t/<token>`. */
export function trackingPath(token: string): string {
  return `${TRACKING_PREFIX}/${encodeURIComponent(token)}`;
}

/**
 * The absolute link a customer receives: `publicUrl` is the server's public origin (the
 * dashboard's, APP_ORIGIN), with or without a trailing slash or a path prefix.
 */
export function trackingUrl(publicUrl: string, token: string): string {
  return new URL(
    trackingPath(token).slice(1),
    publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`,
  ).href;
}

/**
 * The order's link, to give to its customer (a notification, the API): its token's hash is
 * recorded the first time, so the page answers from then on. The same link every time.
 */
export async function issueTrackingLink(
  db: Db,
  config: { publicUrl: string; deliveryCodeKey: string },
  order: { businessId: string; orderId: string },
): Promise<string> {
  const token = orderTrackingToken(order.orderId, config.deliveryCodeKey);
  await recordTrackingTokenHash(db, { ...order, tokenHash: trackingTokenHash(token) });
  return trackingUrl(config.publicUrl, token);
}
