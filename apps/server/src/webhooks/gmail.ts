// Gmail's push (Pub/Sub push subscription): POST /webhooks/gmail with an OIDC token signed by
// Google. The token is verified (Google's keys from the JWKS URL, our audience, the issuer, the
// expiry, the push service account when configured): 401 otherwise, and nothing is done. A good
// push enqueues `email.sync` for the mailboxes of its address and answers 204; Pub/Sub retries
// anything else, so a database away answers 503. The push carries no mail (the sync reads it
// from our stored historyId), so it is not kept in webhook_events: a lost one is caught by the
// next push or the 15-minute sweep.
import { type AppServices, syncOnGmailPush } from '@flux/api';
import { createPushVerifier, PushTokenError, parseGmailPush } from '@flux/integrations';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export function gmailWebhook(services: AppServices) {
  const app = new Hono();
  const push = services.email?.google?.push ?? null;
  const verifier = push ? createPushVerifier(push) : null;

  // A Gmail notification is a few hundred bytes.
  app.use('*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('Too large', 413) }));

  app.post('/', async (c) => {
    if (!verifier) return c.json({ error: 'Gmail push is not configured' }, 404);
    try {
      await verifier.verify(c.req.header('authorization'));
    } catch (error) {
      if (error instanceof PushTokenError) {
        services.log.warn({ reason: error.message }, 'gmail push refused');
        return c.json({ error: 'Invalid token' }, 401);
      }
      // Google's keys could not be fetched: ask Pub/Sub to retry.
      services.log.error({ err: error }, 'gmail push: token not checked');
      return c.json({ error: 'Temporarily unavailable' }, 503);
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      body = null;
    }
    const notification = parseGmailPush(body);
    // Signed by Google but not a Gmail notification: acknowledged, or Pub/Sub redelivers it for days.
    if (!notification) return c.body(null, 204);
    try {
      await syncOnGmailPush(services, notification);
    } catch (error) {
      services.log.error({ err: error }, 'gmail push: sync not enqueued; Pub/Sub will retry');
      return c.json({ error: 'Temporarily unavailable' }, 503);
    }
    return c.body(null, 204);
  });
  return app;
}
