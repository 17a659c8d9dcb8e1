// WhatsApp Cloud API webhook: Meta's verification handshake, and signed event deliveries.
// An event is acknowledged (200) only once it is committed together with its ingest job, so it is
// processed even if this process dies right after answering. Database down: 503, Meta retries.
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

export function whatsappWebhook(services: AppServices, options: WhatsappWebhookOptions) {
  const app = new Hono();

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
        payload = JSON.parse(raw.toString('utf8'));
      } catch {
        return c.json({ error: 'Malformed JSON' }, 400);
      }
      // A payload of a shape we do not know is kept and flagged for a human, not refused:
      // Meta would retry it for days.
      const known = webhookPayloadSchema.safeParse(payload).success;
      // Meta re-sends the identical body on retries: its hash is the dedupe key.
      const externalId = createHash('sha256').update(raw).digest('hex');
      try {
        await services.db.transaction(async (tx) => {
          const [event] = await tx
            .insert(schema.webhookEvents)
            .values({
              provider: 'whatsapp',
              externalId,
              payload: payload as Record<string, unknown>,
              signatureValid: true,
              status: known ? 'received' : 'invalid',
              error: known ? null : 'unknown payload shape',
            })
            .onConflictDoNothing()
            .returning({ id: schema.webhookEvents.id });
          if (event && known) {
            await services.jobs.send('whatsapp.ingest', { eventId: event.id }, { db: tx });
          }
        });
      } catch (error) {
        services.log.error({ err: error }, 'webhook not stored; asking Meta to retry');
        return c.json({ error: 'Temporarily unavailable' }, 503);
      }
      return c.json({ received: true });
    },
  );
  return app;
}
