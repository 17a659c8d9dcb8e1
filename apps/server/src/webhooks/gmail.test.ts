// Gmail over real HTTP, the worker in the server process, Google faked: the OAuth callback route
// (session-bound), and the Pub/Sub push (its OIDC token verified) bringing new mail in.
import { schema } from '@flux/db';
import { DEMO_LOGIN } from '@flux/db/seed';
import { type FakeGoogle, rfc822, startFakeGoogle } from '@flux/integrations';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestServer } from '../testing';

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
  const response = await fetch(`${base}/trpc/auth.signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ json: { ...DEMO_LOGIN, client: 'web' } }),
  });
  expect(response.status).toBe(200);
  cookie = (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  google.addMailbox(ADDRESS);
});

const db = () => server.running.database.db;

async function waitFor<T>(read: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('waitFor: timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** email.connectGmail over HTTP, then the browser through Google's consent to our callback. */
async function connectThroughBrowser(callbackCookie: string) {
  const started = await fetch(`${base}/trpc/email.connectGmail`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base, cookie },
    body: JSON.stringify({ json: { shared: true, loginHint: ADDRESS } }),
  });
  expect(started.status).toBe(200);
  const { result } = (await started.json()) as { result: { data: { json: { url: string } } } };
  const consent = await fetch(result.data.json.url, { redirect: 'manual' });
  const callback = new URL(consent.headers.get('location') ?? '');
  const back = await fetch(`${base}${callback.pathname}${callback.search}`, {
    redirect: 'manual',
    headers: callbackCookie ? { cookie: callbackCookie } : {},
  });
  return back.headers.get('location') ?? '';
}

describe('GET /oauth/google/callback', () => {
  it('without the session that started it, the connection is refused and nothing is stored', async () => {
    expect(await connectThroughBrowser('')).toBe('/settings?email_error=signed_out');
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
    const location = await connectThroughBrowser(cookie);
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

  async function queuedSyncs() {
    const result = await db().execute<{ count: number }>(
      sql`select count(*)::int as count from pgboss.job where name = 'email.sync'`,
    );
    return result.rows[0]?.count ?? 0;
  }

  it('a token for another audience, expired, from another key, or none at all: 401 and no sync', async () => {
    const before = await queuedSyncs();
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
    expect(await queuedSyncs()).toBe(before);
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
