// WhatsApp Cloud API webhook: Meta's verification handshake, and signed event deliveries.
// An event is acknowledged (200) only once it is committed to webhook_events, the durable inbox
// that the whatsapp.drain job empties: nudged at once after the commit, swept every minute, so an
// event is processed even if this process dies right after answering. Database down: 503.
// (Measured: enqueueing a pg-boss job in the same transaction acknowledged 6x fewer per second.)
import { createHash } from 'node:crypto';
import type { AppServices } from '@flux/api';
import { schema } from '@flux/db';
import { verifyWebhookSignature, webhookPayloadSchema } from '@flux/integrations';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export interface WhatsappWebhookOptions {
  verifyToken: string;
  appSecret: string;
}

/** Meta's maximum webhook payload. */
const MAX_BODY = 3 * 1024 * 1024;

/** PostgreSQL's jsonb cannot hold U+0000: it becomes U+FFFD, or the event could never be stored. */
function withoutNul(value: unknown): unknown {
  if (typeof value === 'string')
    return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [withoutNul(key) as string, withoutNul(item)]),
    );
  }
  return value;
}

export function whatsappWebhook(services: AppServices, options: WhatsappWebhookOptions) {
  const app = new Hono();
  // One nudge per burst: the drain takes everything stored; the minute sweep covers a lost nudge.
  let nudgePending = false;
  const nudgeDrain = () => {
    if (nudgePending) return;
    nudgePending = true;
    setTimeout(() => {
      nudgePending = false;
      services.jobs.send('whatsapp.drain', {}).catch((error: unknown) => {
        services.log.warn({ err: error }, 'drain nudge failed; the sweep will catch up');
      });
    }, 25);
  };

  app.get('/', (c) => {
    const mode = c.req.query('hub.mode');
    const token = c.req.query('hub.verify_token');
    const challenge = c.req.query('hub.challenge');
    if (mode === 'subscribe' && token === options.verifyToken && challenge)
      return c.text(challenge);
    return c.text('Forbidden', 403);
  });

  app.post(
    '/',
    bodyLimit({ maxSize: MAX_BODY, onError: (c) => c.json({ error: 'Payload too large' }, 413) }),
    async (c) => {
      const raw = Buffer.from(await c.req.arrayBuffer());
      if (!verifyWebhookSignature(raw, c.req.header('x-hub-signature-256'), options.appSecret)) {
        return c.json({ error: 'Invalid signature' }, 401);
      }
      let payload: unknown;
      try {
        payload = withoutNul(JSON.parse(raw.toString('utf8')));
      } catch {
        return c.json({ error: 'Malformed JSON' }, 400);
      }
      // A payload of a shape we do not know is kept and flagged for a human, not refused:
      // Meta would retry it for days.
      const known = webhookPayloadSchema.safeParse(payload).success;
      // Meta re-sends the identical body on retries: its hash is the dedupe key.
      const externalId = createHash('sha256').update(raw).digest('hex');
      try {
        await services.db
          .insert(schema.webhookEvents)
          .values({
            provider: 'whatsapp',
            externalId,
            payload: payload as Record<string, unknown>,
            signatureValid: true,
            status: known ? 'received' : 'invalid',
            error: known ? null : 'unknown payload shape',
          })
          .onConflictDoNothing();
      } catch (error) {
        services.log.error({ err: error }, 'webhook not stored; asking Meta to retry');
        return c.json({ error: 'Temporarily unavailable' }, 503);
      }
      if (known) nudgeDrain();
      return c.json({ received: true });
    },
  );
  return app;
}
