// Outlook over real HTTP, the worker in the server process, Microsoft faked: the callback route
// (session-bound), the subscription created through Graph's validation handshake against our
// real endpoint, change notifications (clientState checked) bringing new mail in, and a removed
// subscription created again.
import { type EmailConfig, microsoftConfigForFake } from '@flux/api';
import { schema } from '@flux/db';
import { type FakeMicrosoft, rfc822, startFakeMicrosoft } from '@flux/integrations';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../testing';
import { connectThroughBrowser, queuedSyncs, signInDemo, waitFor } from './mail-testing';

let microsoft: FakeMicrosoft;
const client = { id: '5e0c7a1b-0000-4000-8000-0000000ee7a1', secret: 'entra-server-secret' };
const ADDRESS = 'contact@boutique-awa.test';
let config: EmailConfig;

beforeAll(async () => {
  microsoft = await startFakeMicrosoft({ client });
  config = {
    importDays: 30,
    callTimeoutMs: 5_000,
    google: null,
    // Its notification URL is set where a test needs it (the services hold this object).
    microsoft: microsoftConfigForFake(microsoft, {
      clientId: client.id,
      clientSecret: client.secret,
      origin: 'http://localhost:3000',
    }),
  };
});
afterAll(() => microsoft.close());

const server = useTestServer({ email: () => config });
const db = () => server.running.database.db;
let base = '';
let cookie = '';

beforeAll(async () => {
  base = server.url;
  if (config.microsoft) config.microsoft.notificationUrl = `${base}/webhooks/outlook`;
  cookie = await signInDemo(base);
  microsoft.addMailbox(ADDRESS);
});

const emailsWithSubject = (subject: string) =>
  db().select().from(schema.emails).where(eq(schema.emails.subject, subject));

const subscriptionOfMailbox = async () => {
  const [account] = await db()
    .select()
    .from(schema.emailAccounts)
    .where(eq(schema.emailAccounts.address, ADDRESS));
  return account?.subscriptionId ?? undefined;
};

describe('POST /webhooks/outlook?validationToken', () => {
  it('echoes the token as text/plain, at once', async () => {
    const token = 'Validation: Testing client application reachability <&> é';
    const response = await fetch(
      `${base}/webhooks/outlook?validationToken=${encodeURIComponent(token)}`,
      { method: 'POST', headers: { 'content-type': 'text/plain' } },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toBe(token);
  });
});

describe('GET /oauth/microsoft/callback', () => {
  it('without the session that started it, the connection is refused and nothing is stored', async () => {
    const location = await connectThroughBrowser({
      base,
      cookie,
      callbackCookie: '',
      procedure: 'connectOutlook',
      loginHint: ADDRESS,
    });
    expect(location).toBe('/settings?email_error=signed_out');
    expect(await db().select().from(schema.emailAccounts)).toHaveLength(0);
  });

  it('in its session: connected, imported, and subscribed through the handshake', async () => {
    microsoft.deliver(
      ADDRESS,
      rfc822({
        from: 'fournisseur@tissus.test',
        to: ADDRESS,
        subject: 'Facture 118',
        text: 'Ci-joint.',
      }),
    );
    const location = await connectThroughBrowser({
      base,
      cookie,
      callbackCookie: cookie,
      procedure: 'connectOutlook',
      loginHint: ADDRESS,
    });
    expect(location).toMatch(/^\/settings\?email=connected&account=/);
    const [email] = await waitFor(async () => {
      const rows = await emailsWithSubject('Facture 118');
      return rows.length ? rows : undefined;
    });
    expect(email?.fromAddress).toBe('fournisseur@tissus.test');
    const id = await waitFor(subscriptionOfMailbox);
    expect(microsoft.subscriptions()).toEqual([
      expect.objectContaining({ id, notificationUrl: `${base}/webhooks/outlook` }),
    ]);
  });
});

describe('POST /webhooks/outlook', () => {
  it('a notification with a wrong clientState: 403 and no sync; the right one: 202 and the email stored once', async () => {
    microsoft.deliver(
      ADDRESS,
      rfc822({
        from: 'client@example.test',
        to: ADDRESS,
        subject: 'Commande 3 pagnes',
        text: 'Bonjour',
      }),
    );
    const before = await queuedSyncs(db());
    expect(await microsoft.notify(ADDRESS, { clientState: 'guessed' })).toEqual([403]);
    expect(await queuedSyncs(db())).toBe(before);
    expect(await emailsWithSubject('Commande 3 pagnes')).toHaveLength(0);

    expect(await microsoft.notify(ADDRESS)).toEqual([202]);
    expect(await microsoft.notify(ADDRESS)).toEqual([202]);
    const email = await waitFor(async () => (await emailsWithSubject('Commande 3 pagnes'))[0]);
    expect(email.direction).toBe('inbound');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await emailsWithSubject('Commande 3 pagnes')).toHaveLength(1);
  });

  it('not a Graph notification: 400', async () => {
    const response = await fetch(`${base}/webhooks/outlook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(response.status).toBe(400);
  });

  it('subscriptionRemoved: the worker’s sync subscribes again', async () => {
    const removed = (await subscriptionOfMailbox()) ?? '';
    expect(await microsoft.lifecycle(removed, 'subscriptionRemoved')).toBe(202);
    const again = await waitFor(async () => {
      const id = await subscriptionOfMailbox();
      return id && id !== removed ? id : undefined;
    });
    expect(microsoft.subscriptions().map((s) => s.id)).toEqual([again]);
  });
});
