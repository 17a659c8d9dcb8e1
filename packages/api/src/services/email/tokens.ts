// A mailbox's access token, refreshed before it expires. A grant Google no longer honours
// (revoked by the user, expired, or never given a refresh token) turns the mailbox
// `reconnect_needed`: syncing stops until someone connects it again.
import {
  type EmailAccountRow,
  markEmailAccountReconnectNeeded,
  updateEmailAccount,
} from '@flux/db/queries/email-accounts';
import { OAuthGrantError } from '@flux/integrations';
import type { AppServices } from '../../context';
import { AppError } from '../../lib/errors';
import { notify } from '../notifications';
import { oauthFor, PROVIDER_NAMES } from './microsoft';

/** Refreshed when it has less than this left: a sync never starts on a token about to lapse. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export class ReconnectNeededError extends AppError {
  constructor(reason: string) {
    super('PRECONDITION_FAILED', `The mailbox must be connected again: ${reason}`);
  }
}

/**
 * The mailbox stops syncing until connected again; its owners and admins are told (in-app and by
 * email) in the same transaction, once per loss: only the change from `active` notifies.
 */
export async function markReconnectNeeded(
  services: Pick<AppServices, 'db' | 'log' | 'jobs'>,
  account: Pick<EmailAccountRow, 'id' | 'businessId' | 'address'>,
  reason: string,
) {
  const changed = await services.db.transaction(async (tx) => {
    const marked = await markEmailAccountReconnectNeeded(tx, {
      businessId: account.businessId,
      accountId: account.id,
      reason,
    });
    if (!marked) return false;
    await notify(tx, services.jobs, {
      type: 'email.reconnect_needed',
      businessId: account.businessId,
      accountId: account.id,
      address: account.address,
      reason,
      key: new Date().toISOString(),
    });
    return true;
  });
  if (changed) services.log.warn({ accountId: account.id, reason }, 'mailbox needs reconnecting');
}

/**
 * A usable access token for the mailbox: the stored one while it has REFRESH_MARGIN_MS left (or
 * `force`: Google refused it), else a refreshed one, stored encrypted before it is used.
 */
export async function accessTokenFor(
  services: Pick<AppServices, 'db' | 'log' | 'email' | 'jobs'>,
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
  const name = PROVIDER_NAMES[account.provider];
  if (!account.refreshToken) {
    await markReconnectNeeded(services, account, `${name} gave no refresh token`);
    throw new ReconnectNeededError(`${name} gave no refresh token`);
  }
  try {
    const tokens = await oauthFor(services, account.provider).refresh(account.refreshToken);
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
      const reason = `${name} refused the grant (${error.code}: ${error.message})`;
      await markReconnectNeeded(services, account, reason);
      throw new ReconnectNeededError(reason);
    }
    throw error;
  }
}
