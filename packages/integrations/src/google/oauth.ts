// Google OAuth 2.0 (authorization code + PKCE S256, refresh, revocation): the shared arctic client
// (../oauth/client.ts) with Google's endpoints and the Gmail scopes.
import { createPkceOAuth, type OAuthTokens } from '../oauth/client';

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

export type GoogleTokens = OAuthTokens;

export function createGoogleOAuth(options: GoogleOAuthOptions) {
  return createPkceOAuth({
    provider: 'google',
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri,
    endpoints: { ...GOOGLE_OAUTH_ENDPOINTS, ...options.endpoints },
    scopes: GMAIL_SCOPES,
    // Offline access and consent: Google then returns a refresh token.
    authorizeParams: { access_type: 'offline', prompt: 'consent', include_granted_scopes: 'true' },
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

export type GoogleOAuth = ReturnType<typeof createGoogleOAuth>;
