// The Microsoft clients (arctic's OAuth requests, Graph) against the Microsoft fake: PKCE, refresh
// token rotation and revocation, delta pages and a forgotten sync state, the subscription
// handshake Graph insists on, and the delta link's host check.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rfc822 } from '../google/fake';
import { ProviderError } from '../http';
import { OAuthGrantError } from '../oauth/client';
import { type FakeMicrosoft, startFakeMicrosoft } from './fake';
import { createGraphClient, isDeltaGone } from './graph';
import { createMicrosoftOAuth } from './oauth';

let microsoft: FakeMicrosoft;
const client = { id: 'a1b2c3d4-0000-4000-8000-000000000001', secret: 'entra-secret' };
/** Answers Graph's handshake with the wrong text: a subscription must not be created. */
let deaf: Server;

beforeAll(async () => {
  microsoft = await startFakeMicrosoft({ client });
  deaf = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('not the token');
  });
  await new Promise<void>((resolve) => deaf.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await microsoft.close();
  await new Promise((resolve) => deaf.close(resolve));
});

const oauth = () =>
  createMicrosoftOAuth({
    clientId: client.id,
    clientSecret: client.secret,
    redirectUri: 'http://localhost:3000/oauth/microsoft/callback',
    loginBaseUrl: microsoft.loginBaseUrl,
  });

async function codeFor(address: string, verifier: string) {
  microsoft.addMailbox(address);
  const url = oauth().authorizationUrl({
    state: 'st4te',
    codeVerifier: verifier,
    loginHint: address,
  });
  expect(url.pathname).toBe('/common/oauth2/v2.0/authorize');
  expect(url.searchParams.get('scope')).toBe('offline_access User.Read Mail.ReadWrite Mail.Send');
  const response = await fetch(url, { redirect: 'manual' });
  const location = new URL(response.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe('st4te');
  return location.searchParams.get('code') ?? '';
}

describe('microsoft oauth (arctic against the fake)', () => {
  it('a code exchanged with its verifier gives tokens; with another verifier it is refused', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const refused = await codeFor('pkce@outlook.test', verifier);
    await expect(
      oauth().exchangeCode(refused, randomBytes(32).toString('base64url')),
    ).rejects.toMatchObject({
      name: 'OAuthGrantError',
      message: expect.stringMatching(/AADSTS501481/),
    });
    const tokens = await oauth().exchangeCode(
      await codeFor('pkce@outlook.test', verifier),
      verifier,
    );
    expect(tokens.accessToken).toMatch(/^EwB\.fake-/);
    expect(tokens.refreshToken).toMatch(/^M\.R3_fake\./);
  });

  it('a refresh rotates the refresh token; the old one, or a revoked grant, is invalid_grant', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const first = await oauth().exchangeCode(
      await codeFor('rotate@outlook.test', verifier),
      verifier,
    );
    const second = await oauth().refresh(first.refreshToken ?? '');
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await expect(oauth().refresh(first.refreshToken ?? '')).rejects.toBeInstanceOf(OAuthGrantError);
    microsoft.revokeAccess('rotate@outlook.test');
    await expect(oauth().refresh(second.refreshToken ?? '')).rejects.toBeInstanceOf(
      OAuthGrantError,
    );
    const graph = createGraphClient({
      baseUrl: microsoft.graphBaseUrl,
      accessToken: second.accessToken,
    });
    await expect(graph.me()).rejects.toMatchObject({ status: 401 });
  });
});

describe('graph', () => {
  async function graphOf(address: string) {
    const verifier = randomBytes(32).toString('base64url');
    const tokens = await oauth().exchangeCode(await codeFor(address, verifier), verifier);
    return createGraphClient({ baseUrl: microsoft.graphBaseUrl, accessToken: tokens.accessToken });
  }

  it('delta pages by nextLink to a deltaLink; the deltaLink brings what is new; forgotten → 410', async () => {
    const graph = await graphOf('delta@outlook.test');
    for (let n = 1; n <= 3; n++) {
      microsoft.deliver(
        'delta@outlook.test',
        rfc822({ from: `c${n}@x.test`, to: 'delta@outlook.test', subject: `S${n}` }),
      );
    }
    const first = await graph.delta('inbox', {
      since: new Date(Date.now() - 86_400_000),
      pageSize: 2,
    });
    expect(first.value).toHaveLength(2);
    const second = await graph.delta('inbox', {
      link: first['@odata.nextLink'] ?? '',
      pageSize: 2,
    });
    expect(second.value).toHaveLength(1);
    const deltaLink = second['@odata.deltaLink'] ?? '';
    expect(deltaLink).toContain('$deltatoken=');
    microsoft.deliver(
      'delta@outlook.test',
      rfc822({ from: 'c4@x.test', to: 'delta@outlook.test', subject: 'S4' }),
    );
    const next = await graph.delta('inbox', { link: deltaLink });
    expect(next.value.map((m) => m.internetMessageId)).toHaveLength(1);
    const mime = await graph.mime(next.value[0]?.id ?? '');
    expect(mime.toString('utf8')).toMatch(/Subject: S4/);
    microsoft.forgetDeltaState('delta@outlook.test');
    const gone = await graph
      .delta('inbox', { link: next['@odata.deltaLink'] ?? '' })
      .catch((e: unknown) => e);
    expect(isDeltaGone(gone)).toBe(true);
    expect((gone as ProviderError).body).toMatchObject({ error: { code: 'SyncStateNotFound' } });
  });

  it('a delta link to another host is refused before the token is sent', async () => {
    const graph = await graphOf('host@outlook.test');
    expect(() =>
      graph.delta('inbox', { link: 'https://evil.test/v1.0/me/messages/delta' }),
    ).toThrow(/refused/);
  });

  it('a subscription is refused when our endpoint does not echo the token, or lasts past 4230 minutes', async () => {
    const graph = await graphOf('subs@outlook.test');
    const url = `http://127.0.0.1:${(deaf.address() as AddressInfo).port}/webhooks/outlook`;
    const create = (minutes: number) =>
      graph.createSubscription({
        notificationUrl: url,
        lifecycleNotificationUrl: url,
        resource: "me/mailFolders('inbox')/messages",
        expirationDateTime: new Date(Date.now() + minutes * 60_000),
        clientState: 'secret',
      });
    await expect(create(60)).rejects.toMatchObject({
      status: 400,
      body: { error: { code: 'ValidationError' } },
    });
    await expect(create(4_300)).rejects.toBeInstanceOf(ProviderError);
    expect(microsoft.subscriptions()).toHaveLength(0);
  });
});
