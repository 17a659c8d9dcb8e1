// Connecting a Gmail mailbox: OAuth 2.0 with PKCE (S256). The state and verifier are stored for
// ten minutes, bound to the session that started the connection; the callback must come back to
// that session with that state, once. Tokens are stored encrypted (encrypted() columns). A
// mailbox is the connecting member's own, or shared by the business (owners and admins only).
// Disconnecting deletes the tokens (revoked at Google, best effort), and the mail on request.
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
import { AppError, notFound } from '../../lib/errors';
import { gmailFor, googleOAuthFor } from './google';

const STATE_TTL_MS = 10 * 60_000;

const hashState = (state: string) => createHash('sha256').update(state).digest('hex');

export async function startGmailConnect(
  services: Pick<AppServices, 'db' | 'email'>,
  params: {
    businessId: string;
    userId: string;
    sessionId: string;
    shared: boolean;
    importDays?: number;
    loginHint?: string;
  },
): Promise<{ url: string }> {
  const oauth = googleOAuthFor(services);
  const state = randomBytes(32).toString('base64url');
  const codeVerifier = randomBytes(32).toString('base64url');
  await insertOauthState(services.db, {
    stateHash: hashState(state),
    codeVerifier,
    sessionId: params.sessionId,
    businessId: params.businessId,
    userId: params.userId,
    provider: 'gmail',
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
 * Google's redirect back: the code exchanged with the stored verifier, the mailbox's address read
 * from Gmail, the account stored (or reconnected) and its first sync enqueued.
 */
export async function completeGmailConnect(
  services: Pick<AppServices, 'db' | 'email' | 'jobs' | 'log'>,
  params: {
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
  // Unknown, used, or started by another session: the same refusal (no hint which).
  if (!pending) {
    throw new AppError('FORBIDDEN', 'This connection was not started from this session.');
  }
  if (pending.expiresAt.getTime() < Date.now()) {
    throw new AppError('BAD_REQUEST', 'The connection took too long: start it again.');
  }
  if (params.error || !params.code) {
    throw new AppError(
      'BAD_REQUEST',
      `Google did not grant access (${params.error ?? 'no code'}).`,
    );
  }
  const tokens = await googleOAuthFor(services)
    .exchangeCode(params.code, pending.codeVerifier)
    .catch((error: unknown) => {
      services.log.warn({ err: error }, 'gmail code exchange failed');
      throw new AppError('BAD_GATEWAY', 'Google did not accept the connection: start it again.');
    });
  const profile = await gmailFor(services, tokens.accessToken).profile();
  const account = await services.db.transaction(async (tx) => {
    const row = await upsertEmailAccount(tx, {
      businessId: pending.businessId,
      userId: pending.userId,
      shared: pending.shared,
      provider: 'gmail',
      address: profile.emailAddress.toLowerCase(),
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
      changes: { provider: 'gmail', address: row.address, shared: row.shared },
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
  throw new AppError('FORBIDDEN', 'Only the owners and admins manage this mailbox.');
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
  // After the commit: our copy is gone whatever Google answers.
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
