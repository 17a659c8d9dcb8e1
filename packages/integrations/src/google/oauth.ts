// Google OAuth 2.0 (authorization code + PKCE S256, refresh, revocation) through arctic's generic
// OAuth2Client: the same requests as its `Google` class, with the endpoints injectable so tests
// and the sandbox point them at the fake. arctic's fetch takes no signal, so each call races a
// timeout (the caller stops waiting; a late answer is dropped).
import { CodeChallengeMethod, OAuth2Client, OAuth2RequestError, type OAuth2Tokens } from 'arctic';

export const GOOGLE_OAUTH_ENDPOINTS = {
  authorize: 'https://accounts.google.com/o/oauth2/v2/auth',
  token: 'https://oauth2.googleapis.com/token',
  revoke: 'https://oauth2.googleapis.com/revoke',
};

/** Read, send and label changes: the least the inbox needs (no full mail.google.com scope). */
export const GMAIL_SCOPES = [
  'openid',
  'email',
  'https://www.googleapis.com/auth/gmail.readonly',
  'https://www.googleapis.com/auth/gmail.send',
  'https://www.googleapis.com/auth/gmail.modify',
];

export interface GoogleOAuthOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  endpoints?: Partial<typeof GOOGLE_OAUTH_ENDPOINTS>;
  timeoutMs?: number;
}

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

export interface GoogleTokens {
  accessToken: string;
  /** Google returns one on first consent (and with prompt=consent); null otherwise. */
  refreshToken: string | null;
  expiresAt: Date;
  scopes: string[];
}

function tokensOf(tokens: OAuth2Tokens): GoogleTokens {
  const data = tokens.data as { scope?: unknown };
  return {
    accessToken: tokens.accessToken(),
    refreshToken: tokens.hasRefreshToken() ? tokens.refreshToken() : null,
    expiresAt: tokens.accessTokenExpiresAt(),
    scopes: typeof data.scope === 'string' ? data.scope.split(' ').filter(Boolean) : [],
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`google oauth: ${what} timed out`)), ms);
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

export function createGoogleOAuth(options: GoogleOAuthOptions) {
  const endpoints = { ...GOOGLE_OAUTH_ENDPOINTS, ...options.endpoints };
  const client = new OAuth2Client(options.clientId, options.clientSecret, options.redirectUri);
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    /** Where to send the browser. Offline access and consent: Google then returns a refresh token. */
    authorizationUrl(params: { state: string; codeVerifier: string; loginHint?: string }): URL {
      const url = client.createAuthorizationURLWithPKCE(
        endpoints.authorize,
        params.state,
        CodeChallengeMethod.S256,
        params.codeVerifier,
        GMAIL_SCOPES,
      );
      url.searchParams.set('access_type', 'offline');
      url.searchParams.set('prompt', 'consent');
      url.searchParams.set('include_granted_scopes', 'true');
      if (params.loginHint) url.searchParams.set('login_hint', params.loginHint);
      return url;
    },
    async exchangeCode(code: string, codeVerifier: string): Promise<GoogleTokens> {
      return tokensOf(
        await grantErrors(
          withTimeout(
            client.validateAuthorizationCode(endpoints.token, code, codeVerifier),
            timeoutMs,
            'code exchange',
          ),
        ),
      );
    },
    /** Throws OAuthGrantError when Google answers invalid_grant (revoked or expired). */
    async refresh(refreshToken: string): Promise<GoogleTokens> {
      const tokens = tokensOf(
        await grantErrors(
          withTimeout(
            client.refreshAccessToken(endpoints.token, refreshToken, []),
            timeoutMs,
            'refresh',
          ),
        ),
      );
      // Google does not send the refresh token again on refresh: the old one stays valid.
      return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
    },
    async revoke(token: string): Promise<void> {
      await withTimeout(client.revokeToken(endpoints.revoke, token), timeoutMs, 'revocation');
    },
  };
}

export type GoogleOAuth = ReturnType<typeof createGoogleOAuth>;
