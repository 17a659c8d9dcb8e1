import { schema } from '@flux/db';
import { desc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessionIdFromToken } from '../auth/session';
import type { Mailer } from '../services/notifications/channels';
import {
  passwordResetToken,
  requestPasswordReset,
  sendPasswordResetEmail,
} from '../services/password-reset';
import { PREVIOUS_TEST_KEY, TEST_PASSWORD, useTestApp } from '../testing';

/** What the SMTP server would have been given. */
const mails: { to: string; subject: string; text: string; html: string; messageId: string }[] = [];
const mailer: Mailer = {
  async send(message) {
    mails.push(message);
    return { messageId: message.messageId };
  },
};
// As during a key rotation: ENCRYPTION_KEY_PREVIOUS holds the key from before it.
const app = useTestApp({
  notificationProviders: () => ({ mailer }),
  previousServerKeys: [PREVIOUS_TEST_KEY],
});
const NEW_PASSWORD = 'Mangue-Papaye-2026!';

/** The link the email carries, for the newest reset of `email`'s account. */
async function latestLinkToken(email: string): Promise<string> {
  const { db, config } = app.services;
  const [row] = await db
    .select({ id: schema.passwordResets.id })
    .from(schema.passwordResets)
    .innerJoin(schema.users, eq(schema.users.id, schema.passwordResets.userId))
    .where(eq(schema.users.email, email))
    .orderBy(desc(schema.passwordResets.createdAt))
    .limit(1);
  if (!row) throw new Error(`no reset for ${email}`);
  return passwordResetToken(row.id, config.deliveryCodeKey);
}

const signIn = async (email: string, password: string) =>
  (await app.anonymous()).auth.signIn({ email, password, client: 'app' });

describe('password reset', () => {
  it('a link sets a new password once; the old one and every session stop working', async () => {
    const owner = await app.signUp({ email: 'oubli@example.test' });
    const other = await signIn('oubli@example.test', TEST_PASSWORD);
    const anon = await app.anonymous();
    expect(await anon.auth.requestPasswordReset({ email: 'Oubli@Example.test' })).toEqual({
      ok: true,
    });
    const token = await latestLinkToken('oubli@example.test');

    // Only the token's hash is stored.
    const rows = await app.services.db.select().from(schema.passwordResets);
    expect(rows.map((row) => row.tokenHash)).toContain(sessionIdFromToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);

    expect(await anon.auth.resetPassword({ token, password: NEW_PASSWORD })).toEqual({
      email: 'oubli@example.test',
    });
    await expect(signIn('oubli@example.test', TEST_PASSWORD)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    expect((await signIn('oubli@example.test', NEW_PASSWORD)).userId).toBe(owner.userId);
    // The sessions opened before the reset are gone.
    await expect((await app.as(other.token ?? '')).auth.me()).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    // Used up.
    await expect(
      anon.auth.resetPassword({ token, password: 'Autre-Mot-De-Passe-9' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const audit = await app.services.db
      .select({ action: schema.auditLogs.action })
      .from(schema.auditLogs)
      .where(eq(schema.auditLogs.actorUserId, owner.userId));
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(['auth.password_reset_requested', 'auth.password_reset']),
    );
  });

  it('the email carries a link that sets the password; a link used meanwhile is not emailed', async () => {
    await app.signUp({ email: 'par-email@example.test' });
    const anon = await app.anonymous();
    await anon.auth.requestPasswordReset({ email: 'par-email@example.test' });
    const [reset] = await app.services.db
      .select({ id: schema.passwordResets.id })
      .from(schema.passwordResets)
      .innerJoin(schema.users, eq(schema.users.id, schema.passwordResets.userId))
      .where(eq(schema.users.email, 'par-email@example.test'));
    // Its email job was enqueued with the link, in the same transaction.
    const jobs = await app.services.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job where name = 'auth.password-reset-email' and data->>'resetId' = ${reset?.id ?? ''}`,
    );
    expect(jobs.rows[0]?.n).toBe(1);

    expect(await sendPasswordResetEmail(app.services, reset?.id ?? '')).toBe('sent');
    const mail = mails.find((m) => m.to === 'par-email@example.test');
    expect(mail?.subject).toBe('Choisissez un nouveau mot de passe');
    const link = /https?:\/\/\S+\/reset-password\/([a-z2-7]{32})/.exec(mail?.text ?? '');
    expect(mail?.html).toContain(`href="${link?.[0]}"`);
    await anon.auth.resetPassword({ token: link?.[1] ?? '', password: NEW_PASSWORD });
    expect((await signIn('par-email@example.test', NEW_PASSWORD)).userId).toBeTruthy();
    // Used: a late retry of the job sends nothing.
    expect(await sendPasswordResetEmail(app.services, reset?.id ?? '')).toBe('stale');
    expect(mails.filter((m) => m.to === 'par-email@example.test')).toHaveLength(1);
  });

  it('a link asked for just before a key rotation is emailed as it was made, and sets the password', async () => {
    await app.signUp({ email: 'avant-rotation@example.test' });
    // The server before the rotation (its key is now the previous one) made the link; its email
    // job runs after.
    const resetId = await requestPasswordReset(
      app.services.db,
      { email: 'avant-rotation@example.test', ip: null, userAgent: null, key: PREVIOUS_TEST_KEY },
      async () => {},
    );
    expect(await sendPasswordResetEmail(app.services, resetId ?? '')).toBe('sent');
    const mail = mails.find((m) => m.to === 'avant-rotation@example.test');
    const token = /\/reset-password\/([a-z2-7]{32})/.exec(mail?.text ?? '')?.[1] ?? '';
    expect(token).toBe(passwordResetToken(resetId ?? '', PREVIOUS_TEST_KEY));
    const anon = await app.anonymous();
    await anon.auth.resetPassword({ token, password: NEW_PASSWORD });
    expect((await signIn('avant-rotation@example.test', NEW_PASSWORD)).userId).toBeTruthy();
  });

  it('an unknown email gets the same answer and no link', async () => {
    const anon = await app.anonymous();
    const before = await app.services.db.$count(schema.passwordResets);
    expect(await anon.auth.requestPasswordReset({ email: 'personne@example.test' })).toEqual({
      ok: true,
    });
    expect(await app.services.db.$count(schema.passwordResets)).toBe(before);
  });

  it('asking again voids the earlier link; an expired link is refused like an unknown one', async () => {
    await app.signUp({ email: 'deux-fois@example.test' });
    const anon = await app.anonymous();
    await anon.auth.requestPasswordReset({ email: 'deux-fois@example.test' });
    const first = await latestLinkToken('deux-fois@example.test');
    await anon.auth.requestPasswordReset({ email: 'deux-fois@example.test' });
    const second = await latestLinkToken('deux-fois@example.test');
    expect(second).not.toBe(first);
    await expect(
      anon.auth.resetPassword({ token: first, password: NEW_PASSWORD }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await app.services.db
      .update(schema.passwordResets)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.passwordResets.tokenHash, sessionIdFromToken(second)));
    const expired = anon.auth.resetPassword({ token: second, password: NEW_PASSWORD });
    await expect(expired).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(expired).rejects.toThrow(/invalid, already used or expired/);
    // The password did not change.
    expect((await signIn('deux-fois@example.test', TEST_PASSWORD)).userId).toBeTruthy();
  });

  it('a malformed token, a weak password and a bad email are field errors', async () => {
    const anon = await app.anonymous();
    await expect(
      anon.auth.resetPassword({ token: 'abc', password: NEW_PASSWORD }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const weak = anon.auth.resetPassword({ token: 'a'.repeat(32), password: 'password123' });
    await expect(weak).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(anon.auth.requestPasswordReset({ email: 'pas-un-email' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('two tabs racing with one link: one succeeds, the other is refused', async () => {
    await app.signUp({ email: 'course@example.test' });
    const anon = await app.anonymous();
    await anon.auth.requestPasswordReset({ email: 'course@example.test' });
    const token = await latestLinkToken('course@example.test');
    const results = await Promise.allSettled([
      anon.auth.resetPassword({ token, password: NEW_PASSWORD }),
      anon.auth.resetPassword({ token, password: 'Autre-Mot-De-Passe-9' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
});
