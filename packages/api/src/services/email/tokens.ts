// A mailbox's access token, refreshed before it expires. A grant Google no longer honours
// (revoked by the user, expired, or never given a refresh token) turns the mailbox
// `reconnect_needed`: syncing stops until someone connects it again.
import { type EmailAccountRow, updateEmailAccount } from '@flux/db/queries/email-accounts';
import { OAuthGrantError } from '@flux/integrations';
import type { AppServices } from '../../context';
import { AppError } from '../../lib/errors';
import { googleOAuthFor } from './google';

/** Refreshed when it has less than this left: a sync never starts on a token about to lapse. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export class ReconnectNeededError extends AppError {
  constructor(reason: string) {
    super('PRECONDITION_FAILED', `The mailbox must be connected again: ${reason}`);
  }
}

export async function markReconnectNeeded(
  services: Pick<AppServices, 'db' | 'log'>,
  account: Pick<EmailAccountRow, 'id' | 'businessId'>,
  reason: string,
) {
  await updateEmailAccount(services.db, {
    businessId: account.businessId,
    accountId: account.id,
    set: { status: 'reconnect_needed', statusReason: reason, watchExpiresAt: null },
  });
  services.log.warn({ accountId: account.id, reason }, 'mailbox needs reconnecting');
}

/**
 * A usable access token for the mailbox: the stored one while it has REFRESH_MARGIN_MS left (or
 * `force`: Google refused it), else a refreshed one, stored encrypted before it is used.
 */
export async function accessTokenFor(
  services: Pick<AppServices, 'db' | 'log' | 'email'>,
  account: EmailAccountRow,
  options: { force?: boolean } = {},
): Promise<string> {
  if (account.status !== 'active')
    throw new ReconnectNeededError(account.statusReason ?? account.status);
  const fresh =
    account.accessToken &&
    account.tokenExpiresAt &&
    account.tokenExpiresAt.getTime() - Date.now() > REFRESH_MARGIN_MS;
  if (fresh && !options.force && account.accessToken) return account.accessToken;
  if (!account.refreshToken) {
    await markReconnectNeeded(services, account, 'Google gave no refresh token');
    throw new ReconnectNeededError('Google gave no refresh token');
  }
  try {
    const tokens = await googleOAuthFor(services).refresh(account.refreshToken);
    await updateEmailAccount(services.db, {
      businessId: account.businessId,
      accountId: account.id,
      set: {
        accessToken: tokens.accessToken,
        tokenExpiresAt: tokens.expiresAt,
        ...(tokens.refreshToken !== account.refreshToken && tokens.refreshToken
          ? { refreshToken: tokens.refreshToken }
          : {}),
      },
    });
    account.accessToken = tokens.accessToken;
    account.tokenExpiresAt = tokens.expiresAt;
    return tokens.accessToken;
  } catch (error) {
    if (error instanceof OAuthGrantError) {
      const reason = `Google refused the grant (${error.code}: ${error.message})`;
      await markReconnectNeeded(services, account, reason);
      throw new ReconnectNeededError(reason);
    }
    throw error;
  }
}
