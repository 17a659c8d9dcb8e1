// Standard Webhooks signatures (standardwebhooks.com): `whsec_<base64>` secrets, and the
// `webhook-signature` header `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, one entry
// per valid secret (two while a rotated secret is still honoured).
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new secret: 32 random bytes (the spec asks for 24 to 64). */
export function generateWebhookSecret(): string {
  return `${PREFIX}${randomBytes(32).toString('base64')}`;
}

function keyOf(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error('A webhook secret starts with whsec_');
  return Buffer.from(secret.slice(PREFIX.length), 'base64');
}

/** `v1,<signature>` of one message under one secret. */
export function signStandardWebhook(
  secret: string,
  msgId: string,
  timestamp: number,
  body: string,
) {
  const digest = createHmac('sha256', keyOf(secret))
    .update(`${msgId}.${timestamp}.${body}`)
    .digest('base64');
  return `v1,${digest}`;
}

/** The three headers of a delivery, signed with every secret given (space-separated). */
export function webhookHeaders(params: {
  msgId: string;
  /** Seconds since the epoch. */
  timestamp: number;
  body: string;
  secrets: readonly string[];
}): Record<string, string> {
  return {
    'webhook-id': params.msgId,
    'webhook-timestamp': String(params.timestamp),
    'webhook-signature': params.secrets
      .map((secret) => signStandardWebhook(secret, params.msgId, params.timestamp, params.body))
      .join(' '),
  };
}
