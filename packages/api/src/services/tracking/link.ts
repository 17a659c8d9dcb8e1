// The customer's tracking link: `/t/<token>`, where the token is the order's bearer. It is derived,
// not stored: an HMAC of the order's id under the server key (as the door codes and password-reset
// links are), so a notification sent again or the API gives the same link, while the database
// holds only the token's SHA-256 (orders.tracking_token_hash), which is what the page looks up.
// Notifications and the API build their links here and nowhere else.
//
// A key rotation (docs/security.md): an order whose link was given out under a previous server key
// is given that same link again while the key is accepted (the customer keeps one link), and the
// page still opens it; once the key is removed, that link no longer opens (trackingView checks the
// token's key), and the order's next link is made under the current key.
import { createHash, createHmac } from 'node:crypto';
import type { Db } from '@flux/db';
import { recordTrackingTokenHash, replaceTrackingTokenHash } from '@flux/db/queries/tracking';
import { acceptedKeys, type ServerKeys } from '../../lib/server-keys';

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
 * Whether the token is the order's under one of the accepted server keys (current first): what
 * stops a link made under a key removed after a rotation, or minted with a leaked one.
 */
export function trackingTokenAccepted(token: string, orderId: string, config: ServerKeys): boolean {
  return acceptedKeys(config).some((key) => orderTrackingToken(orderId, key) === token);
}

/**
 * The order's link, to give to its customer (a notification, the API): its token's hash is
 * recorded the first time, so the page answers from then on. The same link every time, in one
 * round trip; after a key rotation, the link given before it while its key is still accepted.
 */
export async function issueTrackingLink(
  db: Db,
  config: { publicUrl: string } & ServerKeys,
  order: { businessId: string; orderId: string },
): Promise<string> {
  const token = orderTrackingToken(order.orderId, config.deliveryCodeKey);
  const tokenHash = trackingTokenHash(token);
  const recorded = await recordTrackingTokenHash(db, { ...order, tokenHash });
  if (recorded === undefined || recorded === tokenHash) return trackingUrl(config.publicUrl, token);
  for (const key of config.previousServerKeys) {
    const given = orderTrackingToken(order.orderId, key);
    if (trackingTokenHash(given) === recorded) return trackingUrl(config.publicUrl, given);
  }
  // Made under a key no longer accepted: that link is dead, the current key's takes its place.
  await replaceTrackingTokenHash(db, { ...order, from: recorded, tokenHash });
  return trackingUrl(config.publicUrl, token);
}
