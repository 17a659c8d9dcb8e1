// WhatsApp Cloud API webhook: Meta's verification handshake, and signed event deliveries.
// An event is acknowledged (200) only once it is committed to webhook_events, the durable inbox
// that the whatsapp.ingest job empties: nudged at once after the commit, swept every minute, so an
// event is processed even if this process dies right after answering. Database down: 503.
// The INSERT is the inbox's writer (@flux/api webhook-inbox): concurrent deliveries share it.
import { createHash } from 'node:crypto';
import { type AppServices, createInboxWriter } from '@flux/api';
import { verifyWebhookSignature, webhookPayloadSchema } from '@flux/integrations';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { jsonDeeperThan } from './json-depth';

export interface WhatsappWebhookOptions {
  verifyToken: string;
  appSecret: string;
}

/** Meta's maximum webhook payload. */
const MAX_BODY = 3 * 1024 * 1024;

/**
 * Meta's payloads nest about 8 levels. Deeper than this, a body is kept as text for a human
 * (`invalid`), never parsed: PostgreSQL's jsonb refuses a few thousand levels, which made Meta
 * retry such a body for 7 days, and nothing recursive below ever sees more than this.
 */
export const MAX_WEBHOOK_DEPTH = 64;

/**
 * PostgreSQL's jsonb refuses U+0000 and lone UTF-16 surrogates (both valid in JSON): they become
 * U+FFFD, or the event could never be stored and Meta would retry it for days. Recursive, but
 * only over bodies at most MAX_WEBHOOK_DEPTH deep.
 */
const storableText = (text: string) => text.toWellFormed().replaceAll('\u0000', '\uFFFD');

function storable(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [storable(key) as string, storable(item)]),
    );
  }
  return value;
}

/** JSON carries those characters only as escapes, so the raw text tells when cleaning is due. */
const UNSTORABLE_ESCAPE = /\\u(?:0000|d[89a-f])/i;

/**
 * Hono's bodyLimit, minus its first look at `c.req.raw.body`, which builds a web Request and its
 * stream for every request (measured: 7% of the server's time under a webhook burst; the
 * Node adapter reads a body directly when nothing asked for the stream). A declared length is
 * checked from the header; only a chunked body goes through the streaming count.
 */
function limitBody(maxSize: number, onError: (c: Context) => Response): MiddlewareHandler {
  const streaming = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    // Node refuses a request with both a length and chunked encoding, or a malformed length.
    const length = c.req.header('content-length');
    if (length === undefined) return streaming(c, next);
    if (Number.parseInt(length, 10) > maxSize) return onError(c);
    await next();
  };
}

export function whatsappWebhook(services: AppServices, options: WhatsappWebhookOptions) {
  const app = new Hono();
  // The inbox's writer: one group-committed INSERT (with its NOTIFY) per burst of deliveries.
  const store = createInboxWriter(services.db);

  // One nudge per burst: the drain takes everything stored; the minute sweep covers a lost nudge.
  let nudgePending = false;
  const nudgeDrain = () => {
    if (nudgePending) return;
    nudgePending = true;
    setTimeout(() => {
      nudgePending = false;
      services.jobs.send('whatsapp.ingest', {}).catch((error: unknown) => {
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

  const unavailable = (error: unknown, bytes: number) => {
    services.log.error({ err: error, bytes }, 'webhook not stored; asking Meta to retry');
    return Response.json({ error: 'Temporarily unavailable' }, { status: 503 });
  };

  app.post(
    '/',
    limitBody(MAX_BODY, (c) => c.json({ error: 'Payload too large' }, 413)),
    async (c) => {
      const raw = Buffer.from(await c.req.arrayBuffer());
      if (!verifyWebhookSignature(raw, c.req.header('x-hub-signature-256'), options.appSecret)) {
        return c.json({ error: 'Invalid signature' }, 401);
      }
      // Meta re-sends the identical body on retries: its hash is the dedupe key.
      const externalId = createHash('sha256').update(raw).digest('hex');
      if (jsonDeeperThan(raw, MAX_WEBHOOK_DEPTH)) {
        // Signed, so Meta's: kept (as one JSON string) and flagged, not refused, or Meta would
        // retry it for days. Never parsed, so nothing walks its depth.
        const text = JSON.stringify(storableText(raw.toString('utf8')));
        const invalid = `nested deeper than ${MAX_WEBHOOK_DEPTH} levels; kept as text`;
        const error = await store({ externalId, json: text, invalid });
        if (error) return unavailable(error, raw.length);
        return c.json({ received: true });
      }
      let json = raw.toString('utf8');
      let payload: unknown;
      try {
        payload = JSON.parse(json);
      } catch {
        return c.json({ error: 'Malformed JSON' }, 400);
      }
      if (UNSTORABLE_ESCAPE.test(json)) {
        payload = storable(payload);
        json = JSON.stringify(payload);
      }
      // A payload of a shape we do not know is kept and flagged for a human, not refused:
      // Meta would retry it for days.
      const known = webhookPayloadSchema.safeParse(payload).success;
      const error = await store({
        externalId,
        json,
        invalid: known ? null : 'unknown payload shape',
      });
      if (error) return unavailable(error, raw.length);
      if (known) nudgeDrain();
      return c.json({ received: true });
    },
  );
  return app;
}
