// The authorization server half of the mail providers' fakes (Google, Microsoft): the consent
// screen (signs in at once as the mailbox asked for, PKCE S256 required), the token endpoint
// (authorization_code with the verifier checked against the challenge, refresh_token), revocation,
// and the access tokens the API half checks. Errors as OAuth 2.0 says (invalid_grant, ...).
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

export const base64url = (bytes: Buffer) => bytes.toString('base64url');

export interface FakeGrant {
  address: string;
  refreshToken: string;
  revoked: boolean;
}

export interface FakeIssuerOptions {
  /** Access tokens live this long. */
  accessTokenTtlSeconds: number;
  /** The client the token endpoint accepts (any when unset). */
  client?: { id: string; secret: string } | undefined;
  /** The consent screen signs in as this mailbox when the request names none. */
  defaultMailbox?: () => string | undefined;
  /** Prefixes that make the fake's tokens look like the provider's. */
  prefixes: { code: string; access: string; refresh: string };
  /** The `scope` the token endpoint answers. */
  scope: string;
  /** A refresh answers a new refresh token and voids the old one (Microsoft rotates them). */
  rotateRefreshTokens?: boolean;
  /** invalid_grant descriptions, in the provider's words. */
  messages: { badCode: string; badVerifier: string; revoked: string };
}

export function createFakeIssuer(
  options: FakeIssuerOptions,
  isMailbox: (address: string) => boolean,
) {
  const codes = new Map<
    string,
    { address: string; challenge: string; redirectUri: string; used: boolean }
  >();
  const grants = new Map<string, FakeGrant>();
  const accessTokens = new Map<string, { grant: FakeGrant; expiresAt: number }>();
  const ttl = options.accessTokenTtlSeconds;

  function issueTokens(grant: FakeGrant, withRefresh: boolean) {
    const accessToken = `${options.prefixes.access}${base64url(randomBytes(24))}`;
    accessTokens.set(accessToken, { grant, expiresAt: Date.now() + ttl * 1000 });
    return {
      access_token: accessToken,
      expires_in: ttl,
      token_type: 'Bearer',
      scope: options.scope,
      ...(withRefresh ? { refresh_token: grant.refreshToken } : {}),
    };
  }

  function clientOk(req: IncomingMessage, form: URLSearchParams) {
    if (!options.client) return true;
    const basic = req.headers.authorization?.match(/^Basic (.+)$/)?.[1];
    const [id, secret] = basic
      ? Buffer.from(basic, 'base64').toString('utf8').split(':').map(decodeURIComponent)
      : [form.get('client_id'), form.get('client_secret')];
    return id === options.client.id && secret === options.client.secret;
  }

  const newGrant = (address: string): FakeGrant => {
    const grant = {
      address,
      refreshToken: `${options.prefixes.refresh}${base64url(randomBytes(24))}`,
      revoked: false,
    };
    grants.set(grant.refreshToken, grant);
    return grant;
  };

  return {
    /** GET of the consent screen: redirects at once to redirect_uri with a code (or an error). */
    authorize(url: URL, res: ServerResponse) {
      const p = url.searchParams;
      const redirectUri = p.get('redirect_uri');
      const address = (p.get('login_hint') ?? options.defaultMailbox?.() ?? '').toLowerCase();
      if (!redirectUri || p.get('response_type') !== 'code') {
        return json(res, 400, { error: 'invalid_request' });
      }
      if (p.get('code_challenge_method') !== 'S256' || !p.get('code_challenge')) {
        return json(res, 400, {
          error: 'invalid_request',
          error_description: 'PKCE S256 required',
        });
      }
      const target = new URL(redirectUri);
      if (!isMailbox(address)) {
        target.searchParams.set('error', 'access_denied');
      } else {
        const code = `${options.prefixes.code}${base64url(randomBytes(18))}`;
        codes.set(code, {
          address,
          challenge: p.get('code_challenge') ?? '',
          redirectUri,
          used: false,
        });
        target.searchParams.set('code', code);
        target.searchParams.set('scope', p.get('scope') ?? '');
      }
      const state = p.get('state');
      if (state) target.searchParams.set('state', state);
      res.writeHead(302, { location: target.toString() });
      res.end();
    },

    /** POST of the token endpoint. */
    async token(req: IncomingMessage, res: ServerResponse) {
      const form = new URLSearchParams(await readBody(req));
      const invalidGrant = (description: string) =>
        json(res, 400, { error: 'invalid_grant', error_description: description });
      if (!clientOk(req, form)) {
        return json(res, 401, { error: 'invalid_client', error_description: 'Unauthorized' });
      }
      const grantType = form.get('grant_type');
      if (grantType === 'authorization_code') {
        const code = codes.get(form.get('code') ?? '');
        if (!code || code.used) return invalidGrant(options.messages.badCode);
        code.used = true;
        const verifier = form.get('code_verifier') ?? '';
        const challenge = base64url(createHash('sha256').update(verifier).digest());
        if (challenge !== code.challenge) return invalidGrant(options.messages.badVerifier);
        if (form.get('redirect_uri') !== code.redirectUri) {
          return json(res, 400, {
            error: 'redirect_uri_mismatch',
            error_description: 'Bad Request',
          });
        }
        return json(res, 200, issueTokens(newGrant(code.address), true));
      }
      if (grantType === 'refresh_token') {
        const grant = grants.get(form.get('refresh_token') ?? '');
        if (!grant || grant.revoked) return invalidGrant(options.messages.revoked);
        if (!options.rotateRefreshTokens) return json(res, 200, issueTokens(grant, false));
        grants.delete(grant.refreshToken);
        grant.refreshToken = `${options.prefixes.refresh}${base64url(randomBytes(24))}`;
        grants.set(grant.refreshToken, grant);
        return json(res, 200, issueTokens(grant, true));
      }
      return json(res, 400, {
        error: 'unsupported_grant_type',
        error_description: 'Invalid grant_type',
      });
    },

    /** POST of a revocation endpoint (RFC 7009's `token` form field or query parameter). */
    async revoke(req: IncomingMessage, res: ServerResponse, url: URL) {
      const form = new URLSearchParams(await readBody(req));
      const token = form.get('token') ?? url.searchParams.get('token') ?? '';
      const grant = grants.get(token) ?? accessTokens.get(token)?.grant;
      if (!grant)
        return json(res, 400, { error: 'invalid_token', error_description: 'Bad Request' });
      grant.revoked = true;
      return json(res, 200, {});
    },

    /** The grant behind a bearer token, or null when it is unknown, expired or revoked. */
    grantOf(req: IncomingMessage): FakeGrant | null {
      const token = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1] ?? '';
      const access = accessTokens.get(token);
      if (!access || access.expiresAt < Date.now() || access.grant.revoked) return null;
      return access.grant;
    },

    /** The user removes the app's access: every grant of the mailbox is revoked. */
    revokeAccess(address: string) {
      for (const grant of grants.values()) {
        if (grant.address === address.toLowerCase()) grant.revoked = true;
      }
    },
  };
}

export type FakeIssuer = ReturnType<typeof createFakeIssuer>;
