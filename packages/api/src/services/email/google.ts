// Google's clients as this process is configured: OAuth (arctic) and Gmail for one access token.
import { createGmailClient, createGoogleOAuth } from '@flux/integrations';
import type { AppServices, GoogleMailConfig } from '../../context';
import { refuse } from '../../lib/errors';

export function googleConfig(services: Pick<AppServices, 'email'>): GoogleMailConfig {
  const google = services.email?.google;
  if (!google) {
    throw refuse(
      'email.provider_not_set_up',
      'Gmail is not set up on this server (no Google client).',
      { provider: 'Gmail' },
    );
  }
  return google;
}

export function googleOAuthFor(services: Pick<AppServices, 'email'>) {
  const google = googleConfig(services);
  return createGoogleOAuth({
    clientId: google.clientId,
    clientSecret: google.clientSecret,
    redirectUri: google.redirectUri,
    ...(google.endpoints ? { endpoints: google.endpoints } : {}),
    timeoutMs: services.email?.callTimeoutMs ?? 15_000,
  });
}

export function gmailFor(services: Pick<AppServices, 'email'>, accessToken: string) {
  const google = googleConfig(services);
  return createGmailClient({
    accessToken,
    timeoutMs: services.email?.callTimeoutMs ?? 15_000,
    ...(google.gmailApiBaseUrl ? { baseUrl: google.gmailApiBaseUrl } : {}),
  });
}
