// Microsoft's clients as this process is configured: OAuth (arctic) and Graph for one access
// token; and the OAuth client of either provider, for what is the same for both (connect, tokens).
import { createGraphClient, createMicrosoftOAuth, type PkceOAuth } from '@flux/integrations';
import type { AppServices, MicrosoftMailConfig } from '../../context';
import { refuse } from '../../lib/errors';
import { gmailFor, googleOAuthFor } from './google';

export function microsoftConfig(services: Pick<AppServices, 'email'>): MicrosoftMailConfig {
  const microsoft = services.email?.microsoft;
  if (!microsoft) {
    throw refuse(
      'email.provider_not_set_up',
      'Outlook is not set up on this server (no Microsoft client).',
      { provider: 'Outlook' },
    );
  }
  return microsoft;
}

/** The settings that point Outlook at a Microsoft fake (tests, the sandbox). */
export function microsoftConfigForFake(
  fake: { loginBaseUrl: string; graphBaseUrl: string },
  params: { clientId: string; clientSecret: string; origin: string },
): MicrosoftMailConfig {
  return {
    clientId: params.clientId,
    clientSecret: params.clientSecret,
    tenant: 'common',
    redirectUri: `${params.origin}/oauth/microsoft/callback`,
    loginBaseUrl: fake.loginBaseUrl,
    graphBaseUrl: fake.graphBaseUrl,
    notificationUrl: null,
  };
}

export function microsoftOAuthFor(services: Pick<AppServices, 'email'>) {
  const microsoft = microsoftConfig(services);
  return createMicrosoftOAuth({
    clientId: microsoft.clientId,
    clientSecret: microsoft.clientSecret,
    redirectUri: microsoft.redirectUri,
    tenant: microsoft.tenant,
    ...(microsoft.loginBaseUrl ? { loginBaseUrl: microsoft.loginBaseUrl } : {}),
    timeoutMs: services.email?.callTimeoutMs ?? 15_000,
  });
}

export function graphFor(services: Pick<AppServices, 'email'>, accessToken: string) {
  const microsoft = microsoftConfig(services);
  return createGraphClient({
    accessToken,
    timeoutMs: services.email?.callTimeoutMs ?? 15_000,
    ...(microsoft.graphBaseUrl ? { baseUrl: microsoft.graphBaseUrl } : {}),
  });
}

export type MailProvider = 'gmail' | 'outlook';

export const PROVIDER_NAMES: Record<MailProvider, string> = {
  gmail: 'Google',
  outlook: 'Microsoft',
};

export function oauthFor(services: Pick<AppServices, 'email'>, provider: MailProvider): PkceOAuth {
  return provider === 'gmail' ? googleOAuthFor(services) : microsoftOAuthFor(services);
}

/** The mailbox's address, read with a fresh access token (Gmail's profile, Graph's /me). */
export async function mailboxAddress(
  services: Pick<AppServices, 'email'>,
  provider: MailProvider,
  accessToken: string,
): Promise<string> {
  if (provider === 'gmail') {
    return (await gmailFor(services, accessToken).profile()).emailAddress.toLowerCase();
  }
  const me = await graphFor(services, accessToken).me();
  return (me.mail ?? me.userPrincipalName).toLowerCase();
}
