// OAuth 2.0 authorization code + PKCE (S256), refresh and revocation through arctic's generic
// OAuth2Client, shared by the mail providers (Google, Microsoft): the same requests as arctic's
// `Google` and `MicrosoftEntraId` classes (client secret as HTTP Basic, the verifier on the code
// exchange), with the endpoints injectable so tests and the sandbox point them at a fake (those
// classes hard-code the provider's host). arctic's fetch takes no signal, so each call races a
// timeout (the caller stops waiting; a late answer is dropped).
import { CodeChallengeMethod, OAuth2Client, OAuth2RequestError, type OAuth2Tokens } from 'arctic';

/** The grant is gone (revoked by the user, expired, or the code already used): reconnect. */
export class OAuthGrantError extends Error {
  override readonly name = 'OAuthGrantError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface OAuthTokens {
  accessToken: string;
  /** Null when the provider sent none (Google: only on consent); refresh keeps the old one then. */
  refreshToken: string | null;
  expiresAt: Date;
  scopes: string[];
}

export interface OAuthEndpoints {
  authorize: string;
  token: string;
  /** Unset: the provider has no revocation endpoint (Microsoft). */
  revoke?: string;
}

export interface PkceOAuthOptions {
  /** Names the provider in timeout messages. */
  provider: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  endpoints: OAuthEndpoints;
  scopes: string[];
  /** Extra query parameters of the authorization URL (offline access, consent prompt, ...). */
  authorizeParams?: Record<string, string>;
  /** Send the scopes again on refresh (Microsoft's v2 endpoint asks for them). */
  scopesOnRefresh?: boolean;
  timeoutMs?: number;
}

function tokensOf(tokens: OAuth2Tokens): OAuthTokens {
  const data = tokens.data as { scope?: unknown };
  return {
    accessToken: tokens.accessToken(),
    refreshToken: tokens.hasRefreshToken() ? tokens.refreshToken() : null,
    expiresAt: tokens.accessTokenExpiresAt(),
    scopes: typeof data.scope === 'string' ? data.scope.split(' ').filter(Boolean) : [],
  };
}

/** `promise`, or a rejection naming `what` once `ms` have passed. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function grantErrors<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof OAuth2RequestError && error.code === 'invalid_grant') {
      throw new OAuthGrantError(error.code, error.description ?? 'invalid_grant');
    }
    throw error;
  }
}

export function createPkceOAuth(options: PkceOAuthOptions) {
  const { endpoints } = options;
  const client = new OAuth2Client(options.clientId, options.clientSecret, options.redirectUri);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const timed = <T>(call: Promise<T>, what: string) =>
    grantErrors(withTimeout(call, timeoutMs, `${options.provider} oauth: ${what}`));
  return {
    /** Where to send the browser: the consent screen, with the verifier's S256 challenge. */
    authorizationUrl(params: { state: string; codeVerifier: string; loginHint?: string }): URL {
      const url = client.createAuthorizationURLWithPKCE(
        endpoints.authorize,
        params.state,
        CodeChallengeMethod.S256,
        params.codeVerifier,
        options.scopes,
      );
      for (const [key, value] of Object.entries(options.authorizeParams ?? {})) {
        url.searchParams.set(key, value);
      }
      if (params.loginHint) url.searchParams.set('login_hint', params.loginHint);
      return url;
    },
    async exchangeCode(code: string, codeVerifier: string): Promise<OAuthTokens> {
      return tokensOf(
        await timed(
          client.validateAuthorizationCode(endpoints.token, code, codeVerifier),
          'code exchange',
        ),
      );
    },
    /**
     * Throws OAuthGrantError when the provider answers invalid_grant (revoked or expired). A
     * provider that rotates refresh tokens (Microsoft) sends a new one; otherwise the old stays.
     */
    async refresh(refreshToken: string): Promise<OAuthTokens> {
      const tokens = tokensOf(
        await timed(
          client.refreshAccessToken(
            endpoints.token,
            refreshToken,
            options.scopesOnRefresh ? options.scopes : [],
          ),
          'refresh',
        ),
      );
      return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
    },
    /** Revokes the grant where the provider can; a no-op where it cannot (Microsoft). */
    async revoke(token: string): Promise<void> {
      if (!endpoints.revoke) return;
      await withTimeout(
        client.revokeToken(endpoints.revoke, token),
        timeoutMs,
        `${options.provider} oauth: revocation`,
      );
    },
  };
}

export type PkceOAuth = ReturnType<typeof createPkceOAuth>;
