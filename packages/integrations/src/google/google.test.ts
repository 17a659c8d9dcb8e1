import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEmail } from '../email/parse';
import { ProviderError } from '../http';
import { OAuthGrantError } from '../oauth/client';
import { type FakeGoogle, rfc822, startFakeGoogle } from './fake';
import { createGmailClient, isHistoryTooOld } from './gmail';
import { createGoogleOAuth } from './oauth';
import { createPushVerifier, PushTokenError, parseGmailPush } from './push';

let google: FakeGoogle;
const client = { id: 'client-1.apps.googleusercontent.com', secret: 'GOCSPX-secret' };
const redirectUri = 'http://localhost:3000/oauth/google/callback';

beforeAll(async () => {
  google = await startFakeGoogle({ client });
});
afterAll(() => google.close());

const oauth = () =>
  createGoogleOAuth({
    clientId: client.id,
    clientSecret: client.secret,
    redirectUri,
    endpoints: google.endpoints,
  });

/** The browser's trip through the consent screen: the code (and state) the callback receives. */
async function consent(url: URL) {
  const response = await fetch(url, { redirect: 'manual' });
  const location = new URL(response.headers.get('location') ?? '');
  return {
    code: location.searchParams.get('code') ?? '',
    state: location.searchParams.get('state'),
  };
}

async function connected(address: string) {
  google.addMailbox(address);
  const verifier = randomBytes(32).toString('base64url');
  const { code } = await consent(
    oauth().authorizationUrl({ state: 's', codeVerifier: verifier, loginHint: address }),
  );
  return oauth().exchangeCode(code, verifier);
}

describe('google oauth (arctic against the fake)', () => {
  it('a code exchanged with its PKCE verifier gives tokens; with another verifier it is refused', async () => {
    google.addMailbox('awa@shop.test');
    const verifier = randomBytes(32).toString('base64url');
    const url = oauth().authorizationUrl({
      state: 'st4te',
      codeVerifier: verifier,
      loginHint: 'awa@shop.test',
    });
    expect(url.searchParams.get('code_challenge')).toBe(
      createHash('sha256').update(verifier).digest('base64url'),
    );
    const { code, state } = await consent(url);
    expect(state).toBe('st4te');
    const tokens = await oauth().exchangeCode(code, verifier);
    expect(tokens.refreshToken).toMatch(/^1\/\//);
    expect(tokens.expiresAt.getTime()).toBeGreaterThan(Date.now() + 3000_000);

    const other = await consent(
      oauth().authorizationUrl({ state: 'x', codeVerifier: verifier, loginHint: 'awa@shop.test' }),
    );
    await expect(
      oauth().exchangeCode(other.code, randomBytes(32).toString('base64url')),
    ).rejects.toBeInstanceOf(OAuthGrantError);
  });

  it('refresh works until the user revokes access, then answers invalid_grant', async () => {
    const tokens = await connected('refresh@shop.test');
    const refreshed = await oauth().refresh(tokens.refreshToken ?? '');
    expect(refreshed.accessToken).not.toBe(tokens.accessToken);
    expect(refreshed.refreshToken).toBe(tokens.refreshToken);
    google.revokeAccess('refresh@shop.test');
    await expect(oauth().refresh(tokens.refreshToken ?? '')).rejects.toMatchObject({
      name: 'OAuthGrantError',
      code: 'invalid_grant',
    });
    await expect(
      createGmailClient({ baseUrl: google.url, accessToken: refreshed.accessToken }).profile(),
    ).rejects.toMatchObject({ status: 401 });
  });
});

describe('gmail client against the fake', () => {
  it('lists, reads raw, follows history, and a forgotten historyId answers 404', async () => {
    const tokens = await connected('list@shop.test');
    const gmail = createGmailClient({ baseUrl: google.url, accessToken: tokens.accessToken });
    const start = (await gmail.profile()).historyId;
    const first = google.deliver(
      'list@shop.test',
      rfc822({ from: 'a@x.test', to: 'list@shop.test', subject: 'Un', text: 'un' }),
    );
    google.deliver(
      'list@shop.test',
      rfc822({ from: 'b@x.test', to: 'list@shop.test', subject: 'Deux', text: 'deux' }),
      { threadId: first.threadId },
    );
    const listed = await gmail.listMessages({ q: 'after:0', maxResults: 1 });
    expect(listed.messages).toHaveLength(1);
    expect(listed.nextPageToken).toBeDefined();
    const raw = await gmail.getRawMessage(first.id);
    const parsed = await parseEmail(Buffer.from(raw.raw, 'base64url'));
    expect(parsed.subject).toBe('Un');
    const history = await gmail.listHistory({ startHistoryId: start });
    expect(
      history.history?.flatMap((h) => h.messagesAdded ?? []).map((a) => a.message.threadId),
    ).toEqual([first.threadId, first.threadId]);
    google.forgetHistory('list@shop.test');
    const error = await gmail.listHistory({ startHistoryId: start }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(isHistoryTooOld(error)).toBe(true);
    const watch = await gmail.watch({ topicName: 'projects/p/topics/gmail' });
    expect(Number(watch.expiration)).toBeGreaterThan(Date.now() + 6 * 86_400_000);
  });
});

describe('pub/sub push token', () => {
  const audience = 'https://flux.test/webhooks/gmail';
  it('a token signed by the JWKS key for our audience passes; another audience, an expired one or a foreign key fail', async () => {
    const verifier = createPushVerifier({ audience, jwksUrl: google.jwksUrl });
    await verifier.verify(`Bearer ${await google.signPushToken({ audience })}`);
    await expect(
      verifier.verify(`Bearer ${await google.signPushToken({ audience: 'https://evil.test' })}`),
    ).rejects.toBeInstanceOf(PushTokenError);
    await expect(
      verifier.verify(
        `Bearer ${await google.signPushToken({ audience, exp: Math.floor(Date.now() / 1000) - 120 })}`,
      ),
    ).rejects.toBeInstanceOf(PushTokenError);
    const stranger = await startFakeGoogle();
    try {
      await expect(
        verifier.verify(`Bearer ${await stranger.signPushToken({ audience })}`),
      ).rejects.toBeInstanceOf(PushTokenError);
    } finally {
      await stranger.close();
    }
    await expect(verifier.verify(undefined)).rejects.toBeInstanceOf(PushTokenError);
  });

  it('the push body decodes to the mailbox and historyId', () => {
    const data = Buffer.from(JSON.stringify({ emailAddress: 'a@b.test', historyId: 42 })).toString(
      'base64',
    );
    expect(parseGmailPush({ message: { data }, subscription: 's' })).toEqual({
      emailAddress: 'a@b.test',
      historyId: '42',
    });
    expect(parseGmailPush({ message: { data: 'bm9wZQ==' }, subscription: 's' })).toBeNull();
  });
});

describe('MIME parsing', () => {
  it('charsets, quoted-printable, HTML-only to text, attachments listed with size and type', async () => {
    const boundary = 'b1';
    const body = [
      `Content-Type: multipart/mixed; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/html; charset=iso-8859-1',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      '<html><head><style>p{}</style></head><body><p>Bonjour, commande de 3 pagnes =E0 livrer</p><script>alert(1)</script></body></html>',
      `--${boundary}`,
      'Content-Type: application/pdf; name="facture.pdf"',
      'Content-Disposition: attachment; filename="facture.pdf"',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('%PDF-1.4 fake').toString('base64'),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const parsed = await parseEmail(
      rfc822({
        from: 'Aminata <Aminata@Example.test>',
        to: 'shop@x.test',
        subject: '=?UTF-8?Q?Commande_=C3=A9t=C3=A9?=',
        body,
      }),
    );
    expect(parsed.subject).toBe('Commande été');
    expect(parsed.from).toEqual({ address: 'aminata@example.test', name: 'Aminata' });
    expect(parsed.text).toBe('Bonjour, commande de 3 pagnes à livrer');
    expect(parsed.attachments).toEqual([
      {
        filename: 'facture.pdf',
        contentType: 'application/pdf',
        size: 13,
        inline: false,
        contentId: null,
      },
    ]);
  });
});
