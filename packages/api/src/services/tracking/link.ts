// The customer's tracking link: `/t/<token>`, where the token is the order's unguessable bearer
// (orders.tracking_token). Notifications build their links here and nowhere else.
import { randomBytes } from 'node:crypto';

/** Where the public tracking pages are served (apps/server mounts its routes here). */
export const TRACKING_PREFIX = '/t';

/** What a token looks like: base64url, 22 characters (the app's 128 bits) to 43 (the backfill's). */
export const TRACKING_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/** A new order's token: 128 bits from the operating system's CSPRNG, base64url (22 characters). */
export function newTrackingToken(): string {
  return randomBytes(16).toString('base64url');
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
