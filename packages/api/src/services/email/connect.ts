// Connecting a Gmail or Outlook mailbox: OAuth 2.0 with PKCE (S256). The state and verifier are stored for
// ten minutes, bound to the session that started the connection; the callback must come back to
// that session with that state, once. Tokens are stored encrypted (encrypted() columns). A
// mailbox is the connecting member's own, or shared by the business (owners and admins only).
// Disconnecting deletes the tokens (revoked at Google, best effort; Microsoft has no revocation:
// the Graph subscription is deleted instead), and the mail on request.
import { createHash, randomBytes } from 'node:crypto';
import {
  disconnectEmailAccount,
  emailAccountById,
  insertOauthState,
  takeOauthState,
  upsertEmailAccount,
} from '@flux/db/queries/email-accounts';
import type { AppServices } from '../../context';
import { type Actor, writeAudit } from '../../lib/audit';
import { notFound, refuse } from '../../lib/errors';
import { googleOAuthFor } from './google';
import { graphFor, type MailProvider, mailboxAddress, oauthFor, PROVIDER_NAMES } from './microsoft';

const STATE_TTL_MS = 10 * 60_000;

const hashState = (state: string) => createHash('sha256').update(state).digest('hex');

export async function startMailConnect(
  services: Pick<AppServices, 'db' | 'email'>,
  params: {
    provider: MailProvider;
    businessId: string;
    userId: string;
    sessionId: string;
    shared: boolean;
    importDays?: number;
    loginHint?: string;
  },
): Promise<{ url: string }> {
  const oauth = oauthFor(services, params.provider);
  const state = randomBytes(32).toString('base64url');
  const codeVerifier = randomBytes(32).toString('base64url');
  await insertOauthState(services.db, {
    stateHash: hashState(state),
    codeVerifier,
    sessionId: params.sessionId,
    businessId: params.businessId,
    userId: params.userId,
    provider: params.provider,
    shared: params.shared,
    importDays: params.importDays ?? services.email?.importDays ?? 30,
    expiresAt: new Date(Date.now() + STATE_TTL_MS),
  });
  const url = oauth.authorizationUrl({
    state,
    codeVerifier,
    ...(params.loginHint ? { loginHint: params.loginHint } : {}),
  });
  return { url: url.toString() };
}

/**
 * The provider's redirect back: the code exchanged with the stored verifier, the mailbox's address
 * read from the provider, the account stored (or reconnected) and its first sync enqueued (which
 * sets up the push: Gmail's watch, Outlook's subscription).
 */
export async function completeMailConnect(
  services: Pick<AppServices, 'db' | 'email' | 'jobs' | 'log'>,
  params: {
    /** The callback it came back to: a state started for another provider is refused. */
    provider: MailProvider;
    sessionId: string;
    actor: Actor;
    state: string | undefined;
    code: string | undefined;
    error?: string;
  },
) {
  const pending = params.state
    ? await takeOauthState(services.db, {
        stateHash: hashState(params.state),
        sessionId: params.sessionId,
      })
    : undefined;
  // Unknown, used, started by another session or for another provider: the same refusal.
  if (!pending || pending.provider !== params.provider) {
    throw refuse(
      'email.connect_other_session',
      'This connection was not started from this session.',
    );
  }
  if (pending.expiresAt.getTime() < Date.now()) {
    throw refuse('email.connect_expired', 'The connection took too long: start it again.');
  }
  const name = PROVIDER_NAMES[params.provider];
  if (params.error || !params.code) {
    throw refuse(
      'email.access_denied',
      `${name} did not grant access (${params.error ?? 'no code'}).`,
      { provider: name },
    );
  }
  const tokens = await oauthFor(services, params.provider)
    .exchangeCode(params.code, pending.codeVerifier)
    .catch((error: unknown) => {
      services.log.warn({ err: error, provider: params.provider }, 'mail code exchange failed');
      throw refuse(
        'email.connect_refused',
        `${name} did not accept the connection: start it again.`,
        { provider: name },
      );
    });
  const address = await mailboxAddress(services, params.provider, tokens.accessToken);
  const account = await services.db.transaction(async (tx) => {
    const row = await upsertEmailAccount(tx, {
      businessId: pending.businessId,
      userId: pending.userId,
      shared: pending.shared,
      provider: params.provider,
      address,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      tokenExpiresAt: tokens.expiresAt,
      scopes: tokens.scopes,
      importDays: pending.importDays,
    });
    await services.jobs.send(
      'email.sync',
      { businessId: row.businessId, accountId: row.id },
      { db: tx, singletonKey: row.id },
    );
    await writeAudit(tx, params.actor, {
      businessId: row.businessId,
      action: 'email_account.connect',
      entityType: 'email_account',
      entityId: row.id,
      changes: { provider: row.provider, address: row.address, shared: row.shared },
    });
    return row;
  });
  return account;
}

/** Who may change a mailbox: a shared one, owners and admins; a personal one, its member too. */
export function assertMayManage(
  account: { shared: boolean; userId: string },
  actor: { userId: string; role: string },
) {
  const admin = actor.role === 'owner' || actor.role === 'admin';
  if (admin || (!account.shared && account.userId === actor.userId)) return;
  throw refuse('email.admin_only', 'Only the owners and admins manage this mailbox.');
}

export async function disconnectMailbox(
  services: Pick<AppServices, 'db' | 'email' | 'log'>,
  params: {
    businessId: string;
    accountId: string;
    deleteMail: boolean;
    userId: string;
    role: string;
    actor: Actor;
  },
) {
  const account = await emailAccountById(services.db, params);
  if (!account) throw notFound('Mailbox');
  assertMayManage(account, params);
  const removed = await services.db.transaction(async (tx) => {
    const result = await disconnectEmailAccount(tx, params);
    await writeAudit(tx, params.actor, {
      businessId: params.businessId,
      action: 'email_account.disconnect',
      entityType: 'email_account',
      entityId: account.id,
      changes: { address: account.address, mailDeleted: params.deleteMail },
    });
    return result;
  });
  // After the commit: our copy is gone whatever the provider answers.
  if (account.provider === 'outlook') {
    await deleteOutlookSubscription(services, account);
    return { disconnected: true, mailDeleted: params.deleteMail };
  }
  const token = removed.refreshToken ?? removed.accessToken;
  if (token && services.email?.google) {
    await googleOAuthFor(services)
      .revoke(token)
      .catch((error: unknown) =>
        services.log.warn({ err: error }, 'gmail token revocation failed'),
      );
  }
  return { disconnected: true, mailDeleted: params.deleteMail };
}

/** Graph stops posting for a mailbox we no longer hold (best effort: it also lapses in 3 days). */
async function deleteOutlookSubscription(
  services: Pick<AppServices, 'email' | 'log'>,
  account: {
    subscriptionId: string | null;
    accessToken: string | null;
    tokenExpiresAt: Date | null;
  },
) {
  const live = account.tokenExpiresAt && account.tokenExpiresAt.getTime() > Date.now();
  if (!account.subscriptionId || !account.accessToken || !live || !services.email?.microsoft)
    return;
  await graphFor(services, account.accessToken)
    .deleteSubscription(account.subscriptionId)
    .catch((error: unknown) =>
      services.log.warn({ err: error }, 'outlook subscription not deleted'),
    );
}

/** The Gmail names, from before Outlook. */
export const startGmailConnect = (
  services: Pick<AppServices, 'db' | 'email'>,
  params: Omit<Parameters<typeof startMailConnect>[1], 'provider'>,
) => startMailConnect(services, { ...params, provider: 'gmail' });

export const completeGmailConnect = (
  services: Pick<AppServices, 'db' | 'email' | 'jobs' | 'log'>,
  params: Omit<Parameters<typeof completeMailConnect>[1], 'provider'>,
) => completeMailConnect(services, { ...params, provider: 'gmail' });
