// Microsoft Graph's change and lifecycle notifications: POST /webhooks/outlook. A subscription's
// creation (and Graph, now and then) first POSTs `?validationToken=…`: the token goes back as
// text/plain at once (Graph gives 10 s). A notification batch is parsed, and each is checked by
// its subscription's clientState (constant time, services/email/outlook-push.ts): a batch with no
// good one → 403 and nothing done; otherwise the mailboxes' syncs are enqueued and Graph gets its
// 202. A database away → 503 (Graph retries). Notifications carry no mail (the sync reads the
// delta from our own links), so they are not kept in webhook_events: a lost one is caught by the
// next, a `missed` lifecycle event, or the 15-minute sweep.
import { type AppServices, syncOnOutlookNotifications } from '@flux/api';
import { graphNotificationsSchema } from '@flux/integrations';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export function outlookWebhook(services: AppServices) {
  const app = new Hono();

  // A batch of notifications is a few KB (Graph sends at most a few hundred at once).
  app.use('*', bodyLimit({ maxSize: 512 * 1024, onError: (c) => c.text('Too large', 413) }));

  app.post('/', async (c) => {
    const validationToken = c.req.query('validationToken');
    if (validationToken !== undefined) {
      c.header('x-content-type-options', 'nosniff');
      return c.text(validationToken, 200);
    }
    if (!services.email?.microsoft) return c.json({ error: 'Outlook is not configured' }, 404);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      body = null;
    }
    const parsed = graphNotificationsSchema.safeParse(body);
    if (!parsed.success) {
      return c.json({ error: 'Not a Graph notification', issues: parsed.error.issues }, 400);
    }
    try {
      const { accepted, refused } = await syncOnOutlookNotifications(services, parsed.data.value);
      if (refused > 0) {
        services.log.warn({ refused, accepted }, 'outlook notifications refused (clientState)');
      }
      if (accepted === 0 && refused > 0) return c.json({ error: 'Invalid clientState' }, 403);
    } catch (error) {
      services.log.error({ err: error }, 'outlook notification: sync not enqueued; Graph retries');
      return c.json({ error: 'Temporarily unavailable' }, 503);
    }
    return c.body(null, 202);
  });
  return app;
}
