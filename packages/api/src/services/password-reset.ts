// "Forgotten password": an email with a link that sets a new password once, within the hour.
//
// The answer to "send me a link" is the same whether the email has an account or not (nobody learns
// who is a customer of ours), and the link is derived, not stored: its token is an HMAC of the
// reset's id under the server key (as the delivery codes are), so the notification that carries it
// holds only the id, and the table holds only the token's SHA-256. Using it sets the password, voids
// the link and ends every session of the user (whoever knew the old password is signed out).
import { createHmac, randomUUID } from 'node:crypto';
import type { Database, Db } from '@flux/db';
import { hashPassword } from '@flux/db/password';
import { userByEmail } from '@flux/db/queries/accounts';
import {
  insertPasswordReset,
  lockUsablePasswordReset,
  markPasswordResetUsed,
  setUserPasswordHash,
  usablePasswordResetById,
} from '@flux/db/queries/password-resets';
import { deleteUserSessions } from '@flux/db/queries/sessions';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { forgetUserHere } from '../auth/auth-cache';
import { sessionIdFromToken } from '../auth/session';
import type { AppServices } from '../context';
import { type Actor, writeAudit } from '../lib/audit';
import { refuse } from '../lib/errors';
import { acceptedKeys } from '../lib/server-keys';

export const PASSWORD_RESET_TTL_MINUTES = 60;

/** Where the link lands in the dashboard (apps/web/src/router.tsx). */
export const resetPasswordPath = (token: string) => `/reset-password/${token}`;

/**
 * The link's token for a reset: 20 bytes of HMAC-SHA256 under the server key, in the same base32
 * as session and invitation tokens (32 characters). `key`: AppServices.config.deliveryCodeKey.
 */
export function passwordResetToken(resetId: string, key: string): string {
  const digest = createHmac('sha256', key).update(`password-reset:${resetId}`).digest();
  return encodeBase32LowerCaseNoPadding(digest.subarray(0, 20));
}

/** The same words for an unknown, used, voided or expired link: none tells which. */
const invalidLink = () =>
  refuse(
    'auth.reset_link_invalid',
    'This link is invalid, already used or expired: ask for a new one',
    undefined,
    {
      reason: 'reset_link_invalid',
    },
  );

/**
 * Issues a link for the account of `email`, if there is one (voiding its earlier links), and hands
 * it to `deliver` in the same transaction (the email's notification row): a failed delivery
 * leaves no link behind. Returns the reset's id, or null when no account has this email; the
 * caller answers the same either way.
 */
export async function requestPasswordReset(
  db: Database,
  params: { email: string; ip: string | null; userAgent: string | null; key: string },
  deliver: (
    tx: Db,
    reset: { id: string; userId: string; token: string; expiresAt: Date },
  ) => Promise<void>,
): Promise<string | null> {
  const user = await userByEmail(db, { email: params.email });
  const actor: Actor = {
    userId: user?.id ?? null,
    label: params.email,
    ip: params.ip,
    userAgent: params.userAgent,
  };
  if (!user) {
    await writeAudit(db, actor, { businessId: null, action: 'auth.password_reset_unknown_email' });
    return null;
  }
  const id = randomUUID();
  const token = passwordResetToken(id, params.key);
  const expiresAt = new Date(Date.now() + PASSWORD_RESET_TTL_MINUTES * 60 * 1000);
  await db.transaction(async (tx) => {
    await insertPasswordReset(tx, {
      id,
      userId: user.id,
      tokenHash: sessionIdFromToken(token),
      expiresAt,
      ip: params.ip,
    });
    await writeAudit(tx, actor, {
      businessId: null,
      action: 'auth.password_reset_requested',
      entityType: 'user',
      entityId: user.id,
    });
    await deliver(tx, { id, userId: user.id, token, expiresAt });
  });
  return id;
}

/**
 * Sets the password of the link's account and uses the link up; every session of the account
 * ends. The password is hashed before the transaction (it takes ~50 ms of CPU); the link is
 * checked and used under a row lock, so two tabs racing with one link set one password.
 */
export async function resetPassword(
  db: Database,
  params: { token: string; password: string; ip: string | null; userAgent: string | null },
): Promise<{ email: string; sessionsEnded: number }> {
  const tokenHash = sessionIdFromToken(params.token);
  // A dead link is told at once, before the password's hashing costs anything.
  if (!(await lockUsablePasswordReset(db, { tokenHash, now: new Date(), lock: false }))) {
    throw invalidLink();
  }
  const passwordHash = await hashPassword(params.password);
  const done = await db.transaction(async (tx) => {
    const reset = await lockUsablePasswordReset(tx, { tokenHash, now: new Date(), lock: true });
    if (!reset) return null;
    await setUserPasswordHash(tx, { userId: reset.userId, passwordHash });
    await markPasswordResetUsed(tx, { id: reset.id });
    const sessionsEnded = await deleteUserSessions(tx, { userId: reset.userId });
    await writeAudit(
      tx,
      { userId: reset.userId, label: reset.email, ip: params.ip, userAgent: params.userAgent },
      {
        businessId: null,
        action: 'auth.password_reset',
        entityType: 'user',
        entityId: reset.userId,
        changes: { sessionsEnded },
      },
    );
    return { userId: reset.userId, email: reset.email, sessionsEnded };
  });
  if (!done) throw invalidLink();
  // This process forgets at once; the others hear the sessions' trigger (auth/auth-cache.ts).
  forgetUserHere(done.userId);
  return { email: done.email, sessionsEnded: done.sessionsEnded };
}

/**
 * The email with the link (job `auth.password-reset-email`, enqueued in the reset's transaction).
 * Nothing is sent for a link used or voided meanwhile. The Message-ID is built from the reset's id:
 * a retry after a lost answer may deliver a second copy of the same link, which is harmless (the
 * link works once), so no `unknown` state is kept for it. Without a mailer (no SMTP_URL outside the
 * sandbox) it is logged and skipped.
 */
export async function sendPasswordResetEmail(
  services: Pick<AppServices, 'db' | 'config' | 'notificationProviders' | 'log'>,
  resetId: string,
): Promise<'sent' | 'stale' | 'no_mailer'> {
  const reset = await usablePasswordResetById(services.db, { id: resetId, now: new Date() });
  if (!reset) return 'stale';
  const mailer = services.notificationProviders?.mailer;
  if (!mailer) {
    services.log.warn({ resetId }, 'password reset email not sent: no SMTP configured');
    return 'no_mailer';
  }
  // The token the link was made with: under the current server key, or, for a link asked for just
  // before a key rotation, under the previous key its stored hash says (lib/server-keys.ts).
  const keys = acceptedKeys(services.config);
  const token =
    keys
      .map((key) => passwordResetToken(reset.id, key))
      .find((candidate) => sessionIdFromToken(candidate) === reset.tokenHash) ?? null;
  if (!token) {
    services.log.warn({ resetId }, 'password reset email not sent: made under a key since removed');
    return 'stale';
  }
  const link = new URL(
    resetPasswordPath(token).slice(1),
    services.config.publicUrl.endsWith('/')
      ? services.config.publicUrl
      : `${services.config.publicUrl}/`,
  ).href;
  const fr = reset.locale !== 'en';
  const subject = fr ? 'Choisissez un nouveau mot de passe' : 'Choose a new password';
  const text = fr
    ? `Bonjour ${reset.name},\n\nPour choisir un nouveau mot de passe FluxAsync, ouvrez ce lien (valable une heure, une seule fois) :\n${link}\n\nSi vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.`
    : `Hello ${reset.name},\n\nTo choose a new FluxAsync password, open this link (valid for one hour, once):\n${link}\n\nIf you did not ask for it, ignore this message: your password stays as it is.`;
  const html = `<p>${text
    .split('\n\n')
    .map((paragraph) =>
      paragraph
        .replaceAll('&', '&amp;')
        .replaceAll('<', '&lt;')
        .replaceAll('>', '&gt;')
        .replace(link.replaceAll('&', '&amp;'), `<a href="${link}">${link}</a>`)
        .replaceAll('\n', '<br>'),
    )
    .join('</p><p>')}</p>`;
  await mailer.send({
    to: reset.email,
    subject,
    text,
    html,
    messageId: `password-reset-${reset.id}`,
  });
  return 'sent';
}
