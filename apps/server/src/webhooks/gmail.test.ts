// Gmail over real HTTP, the worker in the server process, Google faked: the OAuth callback route
// (session-bound), and the Pub/Sub push (its OIDC token verified) bringing new mail in.
import { schema } from '@flux/db';
import { type FakeGoogle, rfc822, startFakeGoogle } from '@flux/integrations';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../testing';
import { connectThroughBrowser, queuedSyncs, signInDemo, waitFor } from './mail-testing';

let google: FakeGoogle;
const AUDIENCE = 'https://flux.test/webhooks/gmail';
const client = { id: 'flux-server-test.apps.googleusercontent.com', secret: 'GOCSPX-server' };

beforeAll(async () => {
  google = await startFakeGoogle({ client });
});
afterAll(() => google.close());

const server = useTestServer({
  email: () => ({
    importDays: 30,
    callTimeoutMs: 5_000,
    google: {
      clientId: client.id,
      clientSecret: client.secret,
      redirectUri: 'http://localhost:3000/oauth/google/callback',
      endpoints: google.endpoints,
      gmailApiBaseUrl: google.url,
      pubsubTopic: 'projects/flux-test/topics/gmail',
      push: { audience: AUDIENCE, jwksUrl: google.jwksUrl },
    },
  }),
});

let base = '';
let cookie = '';
const ADDRESS = 'contact@boutique-awa.test';

beforeAll(async () => {
  base = server.url;
  cookie = await signInDemo(base);
  google.addMailbox(ADDRESS);
});

const db = () => server.running.database.db;

/** email.connectGmail over HTTP, then the browser through Google's consent to our callback. */
const connectGmailThroughBrowser = (callbackCookie: string) =>
  connectThroughBrowser({
    base,
    cookie,
    callbackCookie,
    procedure: 'connectGmail',
    loginHint: ADDRESS,
  });

describe('GET /oauth/google/callback', () => {
  it('without the session that started it, the connection is refused and nothing is stored', async () => {
    expect(await connectGmailThroughBrowser('')).toBe('/settings?email_error=signed_out');
    const rows = await db().select().from(schema.emailAccounts);
    expect(rows).toHaveLength(0);
  });

  it('in its session: the mailbox is connected, imported, and watched', async () => {
    google.deliver(
      ADDRESS,
      rfc822({
        from: 'fournisseur@tissus.test',
        to: ADDRESS,
        subject: 'Facture 118',
        text: 'Ci-joint.',
      }),
    );
    const location = await connectGmailThroughBrowser(cookie);
    expect(location).toMatch(/^\/settings\?email=connected&account=/);
    const email = await waitFor(async () => {
      const [row] = await db()
        .select()
        .from(schema.emails)
        .where(eq(schema.emails.subject, 'Facture 118'));
      return row;
    });
    expect(email.fromAddress).toBe('fournisseur@tissus.test');
    // The watch is renewed at the end of the same run, after the mail is stored.
    const watch = await waitFor(async () => google.watchOf(ADDRESS) ?? undefined);
    expect(watch.topicName).toBe('projects/flux-test/topics/gmail');
  });
});

describe('POST /webhooks/gmail', () => {
  const push = (token?: string) =>
    google.push(ADDRESS, {
      endpoint: `${base}/webhooks/gmail`,
      audience: AUDIENCE,
      ...(token ? { token } : {}),
    });

  it('a token for another audience, expired, from another key, or none at all: 401 and no sync', async () => {
    const before = await queuedSyncs(db());
    expect(await push(await google.signPushToken({ audience: 'https://elsewhere.test' }))).toBe(
      401,
    );
    expect(
      await push(
        await google.signPushToken({
          audience: AUDIENCE,
          exp: Math.floor(Date.now() / 1000) - 300,
        }),
      ),
    ).toBe(401);
    expect(
      await push(await google.signPushToken({ audience: AUDIENCE, iss: 'https://evil.test' })),
    ).toBe(401);
    const stranger = await startFakeGoogle();
    try {
      expect(await push(await stranger.signPushToken({ audience: AUDIENCE }))).toBe(401);
    } finally {
      await stranger.close();
    }
    const bare = await fetch(`${base}/webhooks/gmail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(bare.status).toBe(401);
    expect(await queuedSyncs(db())).toBe(before);
  });

  it('a good push syncs the mailbox: the new email is stored, once', async () => {
    google.deliver(
      ADDRESS,
      rfc822({
        from: 'client@example.test',
        to: ADDRESS,
        subject: 'Commande 3 pagnes',
        text: 'Bonjour',
      }),
    );
    expect(await push()).toBe(204);
    expect(await push()).toBe(204);
    const email = await waitFor(async () => {
      const [row] = await db()
        .select()
        .from(schema.emails)
        .where(eq(schema.emails.subject, 'Commande 3 pagnes'));
      return row;
    });
    expect(email.direction).toBe('inbound');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const copies = await db()
      .select()
      .from(schema.emails)
      .where(eq(schema.emails.subject, 'Commande 3 pagnes'));
    expect(copies).toHaveLength(1);
  });
});
