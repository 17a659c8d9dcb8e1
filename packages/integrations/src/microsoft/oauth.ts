// Microsoft Entra ID OAuth 2.0 (v2 endpoints: authorization code + PKCE S256, refresh with the
// rotated refresh token): the shared arctic client (../oauth/client.ts) with the requests of
// arctic's `MicrosoftEntraId` (client secret as HTTP Basic, scopes again on refresh), whose
// host is fixed; here it is injectable (the fake). Microsoft has no revocation endpoint for
// these tokens: disconnecting deletes ours (the user removes the app in their account).
import { createPkceOAuth, type OAuthTokens } from '../oauth/client';

export const MICROSOFT_LOGIN_BASE_URL = 'https://login.microsoftonline.com';

/** Read and move mail, send it, stay connected, and read the address: what the inbox needs. */
export const OUTLOOK_SCOPES = ['offline_access', 'User.Read', 'Mail.ReadWrite', 'Mail.Send'];

export interface MicrosoftOAuthOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** `common` (work and personal accounts), `organizations`, `consumers`, or a tenant id. */
  tenant?: string;
  /** Login host; unset: Microsoft's (the fake's URL in tests and the sandbox). */
  loginBaseUrl?: string;
  timeoutMs?: number;
}

export type MicrosoftTokens = OAuthTokens;

export function microsoftOAuthEndpoints(loginBaseUrl: string, tenant: string) {
  const base = `${loginBaseUrl.replace(/\/+$/, '')}/${encodeURIComponent(tenant)}/oauth2/v2.0`;
  return { authorize: `${base}/authorize`, token: `${base}/token` };
}

export function createMicrosoftOAuth(options: MicrosoftOAuthOptions) {
  return createPkceOAuth({
    provider: 'microsoft',
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri,
    endpoints: microsoftOAuthEndpoints(
      options.loginBaseUrl ?? MICROSOFT_LOGIN_BASE_URL,
      options.tenant ?? 'common',
    ),
    scopes: OUTLOOK_SCOPES,
    // The account picker, so a member with several accounts connects the one they mean.
    authorizeParams: { response_mode: 'query', prompt: 'select_account' },
    scopesOnRefresh: true,
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });
}

export type MicrosoftOAuth = ReturnType<typeof createMicrosoftOAuth>;
