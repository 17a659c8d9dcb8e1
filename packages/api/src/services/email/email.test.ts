// Gmail's foundation against the Google fake on a real PostgreSQL: connect (PKCE, state bound to
// the session), the initial import, incremental sync, a lost history, racing syncs, token refresh
// and revocation, a crashed sync, disconnect.
// Over 400 lines on purpose: the cases share the Google fake and one test app (its database copy);
// a second file would pay that setup again, and the suite runs near its CI time limit.
import { schema } from '@flux/db';
import { type FakeGoogle, startFakeGoogle } from '@flux/integrations';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionIdFromToken } from '../../auth/session';
import { useTestApp } from '../../testing';
import {
  accountRow as accountRowOf,
  actorOf,
  connectMailbox,
  consent,
  emailsOf as emailsOfAccount,
  fakeGoogleConfig,
  mail,
  TEST_GOOGLE_CLIENT,
} from '../../testing/email';
import { completeGmailConnect } from './connect';
import { syncGmailAccount } from './sync';

let google: FakeGoogle;
const client = TEST_GOOGLE_CLIENT;

beforeAll(async () => {
  google = await startFakeGoogle({ client });
});
afterAll(() => google.close());

const app = useTestApp({ email: () => fakeGoogleConfig(google) });

const connectedMailbox = (options: { importDays?: number } = {}) =>
  connectMailbox(app, google, options);
const emailsOf = (accountId: string) => emailsOfAccount(app, accountId);
const accountRow = (accountId: string) => accountRowOf(app, accountId);

describe('connect', () => {
  it('PKCE round trip: the mailbox is stored with its tokens encrypted, and answers never show them', async () => {
    const { owner, address, accountId } = await connectedMailbox();
    const raw = await app.services.db.execute<{ access: string; refresh: string }>(
      sql`select access_token_encrypted as access, refresh_token_encrypted as refresh from email_accounts where id = ${accountId}`,
    );
    expect(raw.rows[0]?.access).toMatch(/^v1:/);
    expect(raw.rows[0]?.refresh).toMatch(/^v1:/);
    expect((await accountRow(accountId)).accessToken).toMatch(/^ya29\.fake-/);
    const { items } = await owner.caller.email.accounts();
    expect(items).toEqual([
      expect.objectContaining({
        address,
        shared: true,
        status: 'active',
        import: expect.objectContaining({ status: 'pending', days: 30 }),
      }),
    ]);
    expect(JSON.stringify(items)).not.toMatch(/ya29|1\/\/fake/);
  });

  it('a callback in another session, or a state used twice, is refused', async () => {
    const owner = await app.signUp();
    const other = await app.signUp();
    google.addMailbox('refused@gmail.test');
    const { url } = await owner.caller.email.connectGmail({ loginHint: 'refused@gmail.test' });
    const callback = await consent(url);
    await expect(
      completeGmailConnect(app.services, {
        sessionId: sessionIdFromToken(other.token),
        actor: actorOf(other),
        ...callback,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      completeGmailConnect(app.services, {
        sessionId: sessionIdFromToken(owner.token),
        actor: actorOf(owner),
        ...callback,
        state: 'forged-state',
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await completeGmailConnect(app.services, {
      sessionId: sessionIdFromToken(owner.token),
      actor: actorOf(owner),
      ...callback,
    });
    await expect(
      completeGmailConnect(app.services, {
        sessionId: sessionIdFromToken(owner.token),
        actor: actorOf(owner),
        ...callback,
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a mailbox connected again is active with fresh tokens, and stays the shop’s (shared, same owner)', async () => {
    const { owner, address, accountId, businessId } = await connectedMailbox();
    google.revokeAccess(address);
    await app.services.db
      .update(schema.emailAccounts)
      .set({ tokenExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.emailAccounts.id, accountId));
    expect(await syncGmailAccount(app.services, { businessId, accountId })).toEqual({
      status: 'reconnect-needed',
    });
    const agent = await app.signUp();
    await app.join(owner, agent, 'agent');
    const asAgent = await app.as(agent.token);
    const { url } = await asAgent.email.connectGmail({
      businessId,
      shared: false,
      loginHint: address,
    } as never);
    const again = await completeGmailConnect(app.services, {
      sessionId: sessionIdFromToken(agent.token),
      actor: actorOf(agent),
      ...(await consent(url)),
    });
    expect(again.id).toBe(accountId);
    expect(await accountRow(accountId)).toMatchObject({
      status: 'active',
      statusReason: null,
      shared: true,
      userId: owner.userId,
    });
    expect(await syncGmailAccount(app.services, { businessId, accountId })).toMatchObject({
      status: 'synced',
    });
  });

  it('an agent cannot connect a shared mailbox', async () => {
    const owner = await app.signUp();
    const agent = await app.signUp();
    await app.join(owner, agent, 'agent');
    const asAgent = await app.as(agent.token);
    await expect(
      asAgent.email.connectGmail({ businessId: owner.businessId, shared: true } as never),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('sync', () => {
  it('the initial import stores the last N days once each: threads, HTML as text, attachments, the sender’s prospect', async () => {
    const { address, accountId, businessId } = await connectedMailbox({ importDays: 7 });
    const [prospect] = await app.services.db
      .insert(schema.prospects)
      .values({ businessId, name: 'Client 1', email: 'Client1@Example.test' })
      .returning();
    const first = google.deliver(address, mail(1));
    google.deliver(address, mail(2, { headers: { 'In-Reply-To': '<x@y>' } }), {
      threadId: first.threadId,
    });
    google.deliver(
      address,
      mail(3, {
        body: 'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Prix&nbsp;: 5&nbsp;000 F</p><script>x()</script>\r\n--b\r\nContent-Type: image/png; name="photo.png"\r\nContent-Disposition: attachment; filename="photo.png"\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n',
      }),
    );
    google.deliver(address, mail(4), { internalDate: Date.now() - 10 * 86_400_000 });

    const outcome = await syncGmailAccount(
      app.services,
      { businessId, accountId },
      { pageSize: 2 },
    );
    expect(outcome).toMatchObject({ status: 'synced', stored: 3, more: false });
    const stored = await emailsOf(accountId);
    expect(stored.map((e) => e.subject).sort()).toEqual(['Message 1', 'Message 2', 'Message 3']);
    expect(stored.filter((e) => e.threadId === first.threadId)).toHaveLength(2);
    const html = stored.find((e) => e.subject === 'Message 3');
    expect(html?.bodyText).toBe('Prix : 5 000 F');
    expect(html?.attachments).toEqual([
      { filename: 'photo.png', contentType: 'image/png', size: 8, inline: false, contentId: null },
    ]);
    expect(stored.find((e) => e.subject === 'Message 1')?.prospectId).toBe(prospect?.id);
    const account = await accountRow(accountId);
    expect(account).toMatchObject({
      importStatus: 'done',
      importDone: 3,
      syncClaim: null,
      syncFailures: 0,
    });
    expect(account.watchExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(google.watchOf(address)?.topicName).toBe('projects/flux-test/topics/gmail');
  });

  it('then incremental by history: only the new mail is fetched', async () => {
    const { address, accountId, businessId } = await connectedMailbox();
    google.deliver(address, mail(1));
    await syncGmailAccount(app.services, { businessId, accountId });
    const gets = google.calls.get('GET messages/{id}') ?? 0;
    google.deliver(address, mail(2));
    google.deliver(address, mail(3));
    const outcome = await syncGmailAccount(app.services, { businessId, accountId });
    expect(outcome).toMatchObject({ status: 'synced', stored: 2, resynced: false });
    expect((google.calls.get('GET messages/{id}') ?? 0) - gets).toBe(2);
    expect((await emailsOf(accountId)).map((e) => e.subject).sort()).toEqual([
      'Message 1',
      'Message 2',
      'Message 3',
    ]);
  });

  it('a historyId Gmail forgot → a resync over the gap: nothing lost, nothing doubled', async () => {
    const { address, accountId, businessId } = await connectedMailbox();
    google.deliver(address, mail(1));
    google.deliver(address, mail(2));
    await syncGmailAccount(app.services, { businessId, accountId });
    google.deliver(address, mail(3));
    google.forgetHistory(address);
    google.deliver(address, mail(4));
    const outcome = await syncGmailAccount(app.services, { businessId, accountId });
    expect(outcome).toMatchObject({ status: 'synced', resynced: true, stored: 2 });
    // Sorted: messages delivered within one millisecond have the same receivedAt.
    const subjects = (await emailsOf(accountId)).map((e) => e.subject).sort();
    expect(subjects).toEqual(['Message 1', 'Message 2', 'Message 3', 'Message 4']);
    expect((await accountRow(accountId)).resyncCount).toBe(1);
    // Back to incremental from the resync's historyId.
    google.deliver(address, mail(5));
    expect(await syncGmailAccount(app.services, { businessId, accountId })).toMatchObject({
      stored: 1,
      resynced: false,
    });
  });

  it('an import out of time stops mid-page, stores its progress, and the next runs finish it once each', async () => {
    const { owner, address, accountId, businessId } = await connectedMailbox();
    for (let n = 1; n <= 25; n++) google.deliver(address, mail(n));
    google.setLatency(15);
    const outcomes = [];
    try {
      for (let runs = 0; runs < 50; runs++) {
        const outcome = await syncGmailAccount(
          app.services,
          { businessId, accountId },
          { budgetMs: 40, pageSize: 10 },
        );
        outcomes.push(outcome);
        if (outcome.status === 'synced' && !outcome.more) break;
        if (runs === 0) {
          const [item] = (await owner.caller.email.accounts()).items;
          expect(item?.import.status).toBe('running');
          expect(item?.import.done ?? 0).toBeLessThan(25);
        }
      }
    } finally {
      google.setLatency(0);
    }
    expect(outcomes.length).toBeGreaterThan(1);
    expect(outcomes[0]).toMatchObject({ status: 'synced', more: true });
    const stored = await emailsOf(accountId);
    expect(stored).toHaveLength(25);
    expect(new Set(stored.map((e) => e.providerMessageId)).size).toBe(25);
    expect(await accountRow(accountId)).toMatchObject({ importStatus: 'done', importDone: 25 });
  });

  it('two syncs racing on one mailbox store each email once', async () => {
    const { address, accountId, businessId } = await connectedMailbox();
    for (let n = 1; n <= 30; n++) google.deliver(address, mail(n));
    google.setLatency(5);
    try {
      const outcomes = await Promise.all([
        syncGmailAccount(app.services, { businessId, accountId }),
        syncGmailAccount(app.services, { businessId, accountId }),
      ]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['busy', 'synced']);
    } finally {
      google.setLatency(0);
    }
    // And a second round, the claim bypassed (as if a lease had lapsed mid-run): still once each.
    for (let n = 31; n <= 40; n++) google.deliver(address, mail(n));
    await app.services.db
      .update(schema.emailAccounts)
      .set({ importStatus: 'pending', importSince: null })
      .where(eq(schema.emailAccounts.id, accountId));
    await syncGmailAccount(app.services, { businessId, accountId });
    const stored = await emailsOf(accountId);
    expect(stored).toHaveLength(40);
    expect(new Set(stored.map((e) => e.providerMessageId)).size).toBe(40);
  });

  it('a sync whose process died is taken over after its lease, and says so meanwhile', async () => {
    const { owner, address, accountId, businessId } = await connectedMailbox();
    google.deliver(address, mail(1));
    await app.services.db
      .update(schema.emailAccounts)
      .set({ syncClaim: crypto.randomUUID(), syncClaimedAt: new Date() })
      .where(eq(schema.emailAccounts.id, accountId));
    expect(await syncGmailAccount(app.services, { businessId, accountId })).toEqual({
      status: 'busy',
    });
    expect((await owner.caller.email.accounts()).items[0]).toMatchObject({ syncing: true });
    await app.services.db
      .update(schema.emailAccounts)
      .set({ syncClaimedAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(schema.emailAccounts.id, accountId));
    expect(await syncGmailAccount(app.services, { businessId, accountId })).toMatchObject({
      status: 'synced',
      stored: 1,
    });
    expect(await accountRow(accountId)).toMatchObject({ syncClaim: null });
  });

  it('a Gmail failure is counted on the mailbox and retried by the job', async () => {
    const { address, accountId, businessId } = await connectedMailbox();
    google.deliver(address, mail(1));
    google.failNext(500, 1);
    await expect(syncGmailAccount(app.services, { businessId, accountId })).rejects.toThrow(/500/);
    expect(await accountRow(accountId)).toMatchObject({
      syncFailures: 1,
      syncClaim: null,
      lastSyncError: expect.stringMatching(/500/),
    });
    expect(await syncGmailAccount(app.services, { businessId, accountId })).toMatchObject({
      stored: 1,
    });
    expect(await accountRow(accountId)).toMatchObject({ syncFailures: 0, lastSyncError: null });
  });
});

describe('tokens', () => {
  it('an access token about to expire is refreshed before the sync uses it', async () => {
    const { accountId, businessId } = await connectedMailbox();
    const before = await accountRow(accountId);
    await app.services.db
      .update(schema.emailAccounts)
      .set({ tokenExpiresAt: new Date(Date.now() + 60_000) })
      .where(eq(schema.emailAccounts.id, accountId));
    await syncGmailAccount(app.services, { businessId, accountId });
    const after = await accountRow(accountId);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).toBe(before.refreshToken);
    expect(after.tokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 3000_000);
  });

  it('a revoked grant marks the mailbox reconnect_needed and stops its syncs', async () => {
    const { owner, address, accountId, businessId } = await connectedMailbox();
    google.revokeAccess(address);
    await app.services.db
      .update(schema.emailAccounts)
      .set({ tokenExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.emailAccounts.id, accountId));
    expect(await syncGmailAccount(app.services, { businessId, accountId })).toEqual({
      status: 'reconnect-needed',
    });
    const [item] = (await owner.caller.email.accounts()).items;
    expect(item).toMatchObject({
      status: 'reconnect_needed',
      statusReason: expect.stringMatching(/invalid_grant/),
    });
    // The owner is told once, in-app (and by email), about this mailbox.
    const told = await app.services.db
      .select()
      .from(schema.notifications)
      .where(eq(schema.notifications.event, 'email.reconnect_needed'));
    const toOwner = told.filter((row) => row.businessId === businessId);
    expect(toOwner.map((row) => row.channel).sort()).toEqual(['email', 'in_app']);
    expect(toOwner.find((row) => row.channel === 'in_app')).toMatchObject({
      recipientId: owner.userId,
      payload: expect.objectContaining({ address }),
    });
    // Stopped: no run, and no follow-up run queued (it would only find it stopped again).
    expect(await syncGmailAccount(app.services, { businessId, accountId })).toEqual({
      status: 'not-active',
    });
  });

  it('a token revoked while still unexpired: Gmail’s 401, one refresh, then reconnect_needed', async () => {
    const { address, accountId, businessId } = await connectedMailbox();
    google.revokeAccess(address);
    expect(await syncGmailAccount(app.services, { businessId, accountId })).toEqual({
      status: 'reconnect-needed',
    });
    expect((await accountRow(accountId)).status).toBe('reconnect_needed');
  });
});

describe('disconnect', () => {
  it('deletes the tokens (revoked at Google) and keeps the mail, or deletes the mail on request', async () => {
    const kept = await connectedMailbox();
    google.deliver(kept.address, mail(1));
    await syncGmailAccount(app.services, kept);
    const refresh = (await accountRow(kept.accountId)).refreshToken;
    await kept.owner.caller.email.disconnect({ accountId: kept.accountId });
    expect(await accountRow(kept.accountId)).toMatchObject({
      status: 'disconnected',
      accessToken: null,
      refreshToken: null,
    });
    expect(await emailsOf(kept.accountId)).toHaveLength(1);
    const refused = await fetch(google.endpoints.token, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refresh ?? '' }),
    });
    expect(refused.status).toBe(400);

    const purged = await connectedMailbox();
    google.deliver(purged.address, mail(1));
    await syncGmailAccount(app.services, purged);
    await purged.owner.caller.email.disconnect({ accountId: purged.accountId, deleteMail: true });
    expect(await emailsOf(purged.accountId)).toHaveLength(0);
    expect((await purged.owner.caller.email.accounts()).items).toEqual([]);
  });
});
