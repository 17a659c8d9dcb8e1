// Outlook against the Microsoft fake on a real PostgreSQL: connect (PKCE, the state bound to the
// session and the provider), the initial import of inbox and sent items, incremental delta, a
// lost sync state (410) → resync with nothing lost or doubled, a moved message, racing syncs,
// token refresh and revocation, the subscription (handshake, renewal, lifecycle, clientState), a
// reply sent once in its thread, and the inbox's replies from Outlook (a double click, the synced
// sent copy, Graph failing).
// Over 400 lines on purpose: the cases share the Microsoft fake and one test app (its database
// copy); a second file would pay that setup again, and the suite runs near its CI time limit.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { schema } from '@flux/db';
import {
  type FakeMicrosoft,
  graphNotificationsSchema,
  rfc822,
  sendOutlookReply,
  startFakeMicrosoft,
} from '@flux/integrations';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionIdFromToken } from '../../auth/session';
import type { EmailConfig } from '../../context';
import { useTestApp } from '../../testing';
import {
  accountRow,
  actorOf,
  claimLeftByDeadProcess,
  connectedMailbox,
  consent,
  emailsOf,
  mail,
} from '../../testing/email';
import { completeMailConnect } from './connect';
import { graphFor, microsoftConfigForFake } from './microsoft';
import { syncOnOutlookNotifications } from './outlook-push';
import { syncMailbox } from './sync';
import { accessTokenFor } from './tokens';

let microsoft: FakeMicrosoft;
const client = { id: '7f3c1d2e-0000-4000-8000-00000000f1ux', secret: 'entra-secret' };
/** Our /webhooks/outlook stand-in: answers Graph's handshake, keeps the notifications. */
let endpoint: Server;
let handshakes = 0;
const received: unknown[] = [];
let config: EmailConfig;

beforeAll(async () => {
  microsoft = await startFakeMicrosoft({ client });
  endpoint = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://endpoint');
    const token = url.searchParams.get('validationToken');
    if (token !== null) {
      handshakes += 1;
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(token);
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(202);
      res.end();
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  config = {
    importDays: 30,
    callTimeoutMs: 5_000,
    google: null,
    // Its notification URL is set where a test needs it (the services hold this object).
    microsoft: microsoftConfigForFake(microsoft, {
      clientId: client.id,
      clientSecret: client.secret,
      origin: 'http://localhost:3000',
    }),
  };
});
afterAll(async () => {
  await microsoft.close();
  await new Promise((resolve) => endpoint.close(resolve));
});

const app = useTestApp({ email: () => config });
const connected = (options: { importDays?: number } = {}) =>
  connectedMailbox(app, 'outlook', (address) => microsoft.addMailbox(address), options);
const sync = (ids: { businessId: string; accountId: string }, pageSize?: number) =>
  syncMailbox(app.services, ids, pageSize ? { pageSize } : {});
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

describe('connect', () => {
  it('PKCE round trip: the mailbox is stored under its Graph address with tokens encrypted, never answered', async () => {
    const { owner, address, accountId } = await connected();
    const raw = await app.services.db.execute<{ access: string; refresh: string }>(
      sql`select access_token_encrypted as access, refresh_token_encrypted as refresh from email_accounts where id = ${accountId}`,
    );
    expect(raw.rows[0]?.access).toMatch(/^v1:/);
    expect(raw.rows[0]?.refresh).toMatch(/^v1:/);
    expect(await accountRow(app, accountId)).toMatchObject({
      provider: 'outlook',
      address,
      status: 'active',
      accessToken: expect.stringMatching(/^EwB\.fake-/),
    });
    const { items } = await owner.caller.email.accounts();
    expect(items).toEqual([expect.objectContaining({ provider: 'outlook', address })]);
    expect(JSON.stringify(items)).not.toMatch(/EwB|M\.R3_/);
  });

  it('another session, a forged state, a state used twice, or a Gmail state on the Microsoft callback is refused', async () => {
    const owner = await app.signUp();
    const other = await app.signUp();
    microsoft.addMailbox('refused@outlook.test');
    const { url } = await owner.caller.email.connectOutlook({ loginHint: 'refused@outlook.test' });
    const callback = await consent(url);
    const as = (user: typeof owner, extra: object = {}) =>
      completeMailConnect(app.services, {
        provider: 'outlook',
        sessionId: sessionIdFromToken(user.token),
        actor: actorOf(user),
        ...callback,
        ...extra,
      });
    await expect(as(other)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(as(owner, { state: 'forged-state' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(as(owner, { provider: 'gmail' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // The Gmail attempt consumed the state: even the right callback is refused now.
    await expect(as(owner)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const rows = await app.services.db
      .select()
      .from(schema.emailAccounts)
      .where(eq(schema.emailAccounts.businessId, owner.businessId));
    expect(rows).toHaveLength(0);
  });

  it('a code exchanged with another verifier is refused by Microsoft (PKCE), and nothing is stored', async () => {
    const owner = await app.signUp();
    microsoft.addMailbox('pkce@outlook.test');
    const { url } = await owner.caller.email.connectOutlook({ loginHint: 'pkce@outlook.test' });
    // The stored verifier is not the one the challenge was made from.
    await app.services.db
      .update(schema.emailOauthStates)
      .set({ codeVerifier: 'another-verifier-another-verifier-another-verifier' })
      .where(eq(schema.emailOauthStates.businessId, owner.businessId));
    await expect(
      completeMailConnect(app.services, {
        provider: 'outlook',
        sessionId: sessionIdFromToken(owner.token),
        actor: actorOf(owner),
        ...(await consent(url)),
      }),
    ).rejects.toMatchObject({ code: 'BAD_GATEWAY' });
    const rows = await app.services.db
      .select()
      .from(schema.emailAccounts)
      .where(eq(schema.emailAccounts.businessId, owner.businessId));
    expect(rows).toHaveLength(0);
  });
});

describe('sync', () => {
  it('the initial import stores the window of inbox and sent items once each, threads by conversationId', async () => {
    const { address, accountId, businessId } = await connected({ importDays: 7 });
    const first = microsoft.deliver(address, mail(1));
    microsoft.deliver(address, mail(2), { conversationId: first.conversationId });
    microsoft.deliver(address, mail(3));
    microsoft.deliver(address, mail(4, { from: address, to: 'client4@example.test' }), {
      folder: 'sentitems',
    });
    microsoft.deliver(address, mail(5), { receivedDateTime: daysAgo(10) });
    expect(await sync({ businessId, accountId }, 2)).toMatchObject({
      status: 'synced',
      stored: 4,
      more: false,
    });
    const stored = await emailsOf(app, accountId);
    expect(stored.map((e) => e.subject).sort()).toEqual([
      'Message 1',
      'Message 2',
      'Message 3',
      'Message 4',
    ]);
    expect(stored.filter((e) => e.threadId === first.conversationId)).toHaveLength(2);
    expect(stored.find((e) => e.subject === 'Message 4')).toMatchObject({
      direction: 'outbound',
      labelIds: ['sentitems'],
    });
    expect(stored.find((e) => e.subject === 'Message 1')).toMatchObject({
      direction: 'inbound',
      fromAddress: 'client1@example.test',
      bodyText: 'Corps 1',
    });
    expect(await accountRow(app, accountId)).toMatchObject({
      importStatus: 'done',
      importDone: 4,
      syncCursor: expect.stringContaining('$deltatoken'),
    });
  });

  it('incremental: the deltaLink brings only new mail, each fetched once', async () => {
    const { address, accountId, businessId } = await connected();
    microsoft.deliver(address, mail(1));
    await sync({ businessId, accountId });
    const fetched = microsoft.calls.get('GET me/messages/{id}/$value') ?? 0;
    microsoft.deliver(address, mail(2));
    microsoft.deliver(address, mail(3));
    expect(await sync({ businessId, accountId }, 1)).toMatchObject({ stored: 2, resynced: false });
    expect(microsoft.calls.get('GET me/messages/{id}/$value')).toBe(fetched + 2);
    expect(await sync({ businessId, accountId })).toMatchObject({ stored: 0 });
    expect(await emailsOf(app, accountId)).toHaveLength(3);
  });

  it('a lost sync state (410) → a bounded resync: nothing lost, nothing doubled, then delta again', async () => {
    const { address, accountId, businessId } = await connected();
    for (let n = 1; n <= 3; n++) microsoft.deliver(address, mail(n));
    await sync({ businessId, accountId });
    // Mail arrives while Graph forgets our place.
    microsoft.deliver(address, mail(4));
    microsoft.deliver(address, mail(5), { folder: 'sentitems' });
    microsoft.forgetDeltaState(address);
    expect(await sync({ businessId, accountId }, 2)).toMatchObject({
      status: 'synced',
      resynced: true,
      stored: 2,
    });
    const stored = await emailsOf(app, accountId);
    expect(stored.map((e) => e.subject).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `Message ${n}`));
    expect(await accountRow(app, accountId)).toMatchObject({
      resyncCount: 1,
      importStatus: 'done',
    });
    microsoft.deliver(address, mail(6));
    expect(await sync({ businessId, accountId })).toMatchObject({ stored: 1, resynced: false });
    expect(await emailsOf(app, accountId)).toHaveLength(6);
  });

  it('a message moved to another folder (a new Graph id, the same Message-ID) is not stored again', async () => {
    const { address, accountId, businessId } = await connected();
    const raw = mail(1, { messageId: '<moved-1@example.test>' });
    microsoft.deliver(address, raw);
    await sync({ businessId, accountId });
    microsoft.deliver(address, raw, { folder: 'sentitems' });
    expect(await sync({ businessId, accountId })).toMatchObject({ stored: 0 });
    expect(await emailsOf(app, accountId)).toHaveLength(1);
  });

  it('two syncs racing on one mailbox store each email once', async () => {
    const { address, accountId, businessId } = await connected();
    for (let n = 1; n <= 20; n++) microsoft.deliver(address, mail(n));
    const outcomes = await Promise.all([
      sync({ businessId, accountId }, 5),
      sync({ businessId, accountId }, 5),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['busy', 'synced']);
    // Again with the claim bypassed (as if a lease had lapsed mid-run): still once each.
    for (let n = 21; n <= 25; n++) microsoft.deliver(address, mail(n));
    await app.services.db
      .update(schema.emailAccounts)
      .set({ importStatus: 'pending', importSince: null })
      .where(eq(schema.emailAccounts.id, accountId));
    await sync({ businessId, accountId });
    const stored = await emailsOf(app, accountId);
    expect(stored).toHaveLength(25);
    expect(new Set(stored.map((e) => e.providerMessageId)).size).toBe(25);
  });
});

describe('tokens', () => {
  it('an access token near its expiry is refreshed first, and the rotated refresh token is stored', async () => {
    const { accountId, businessId } = await connected();
    const before = await accountRow(app, accountId);
    await app.services.db
      .update(schema.emailAccounts)
      .set({ tokenExpiresAt: new Date(Date.now() + 60_000) })
      .where(eq(schema.emailAccounts.id, accountId));
    expect(await sync({ businessId, accountId })).toMatchObject({ status: 'synced' });
    const after = await accountRow(app, accountId);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.tokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
  });

  it('a revoked grant → reconnect needed, the team told once, and syncs stop', async () => {
    const { address, accountId, businessId } = await connected();
    microsoft.revokeAccess(address);
    await app.services.db
      .update(schema.emailAccounts)
      .set({ tokenExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.emailAccounts.id, accountId));
    expect(await sync({ businessId, accountId })).toEqual({ status: 'reconnect-needed' });
    expect(await accountRow(app, accountId)).toMatchObject({
      status: 'reconnect_needed',
      statusReason: expect.stringMatching(
        /^Microsoft refused the grant \(invalid_grant: AADSTS50173/,
      ),
    });
    const told = async () =>
      (
        await app.services.db.execute<{ count: number }>(
          sql`select count(*)::int as count from notifications where business_id = ${businessId} and event = 'email.reconnect_needed'`,
        )
      ).rows[0]?.count;
    const first = await told();
    expect(first).toBeGreaterThan(0);
    expect(await sync({ businessId, accountId })).toEqual({ status: 'not-active' });
    expect(await told()).toBe(first);
  });
});

describe('subscription', () => {
  const withNotifications = async <T>(body: () => Promise<T>) => {
    const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/webhooks/outlook`;
    const microsoftConfig = config.microsoft;
    if (!microsoftConfig) throw new Error('no microsoft config');
    microsoftConfig.notificationUrl = url;
    try {
      return await body();
    } finally {
      microsoftConfig.notificationUrl = null;
    }
  };

  it('the first sync subscribes through the handshake with a secret of its own; renewed under a day left; recreated once removed', async () => {
    await withNotifications(async () => {
      const { accountId, businessId } = await connected();
      const shakes = handshakes;
      await sync({ businessId, accountId });
      expect(handshakes).toBeGreaterThan(shakes);
      const row = await accountRow(app, accountId);
      const subscription = microsoft.subscriptions().find((s) => s.id === row.subscriptionId);
      expect(subscription).toMatchObject({
        resource: "me/mailFolders('inbox')/messages",
        clientState: row.subscriptionSecret,
      });
      expect(row.subscriptionSecret).toMatch(/^[\w-]{40,}$/);
      const raw = await app.services.db.execute<{ secret: string }>(
        sql`select subscription_secret_encrypted as secret from email_accounts where id = ${accountId}`,
      );
      expect(raw.rows[0]?.secret).toMatch(/^v1:/);
      const expires = row.watchExpiresAt?.getTime() ?? 0;
      expect(expires - Date.now()).toBeGreaterThan(4_100 * 60_000);
      expect(expires - Date.now()).toBeLessThan(4_230 * 60_000);

      // A second sync leaves it; with under a day left it is renewed (same subscription).
      await sync({ businessId, accountId });
      expect(microsoft.calls.get('PATCH subscriptions/{id}') ?? 0).toBe(0);
      await app.services.db
        .update(schema.emailAccounts)
        .set({ watchExpiresAt: new Date(Date.now() + 3_600_000) })
        .where(eq(schema.emailAccounts.id, accountId));
      await sync({ businessId, accountId });
      expect(microsoft.calls.get('PATCH subscriptions/{id}')).toBe(1);
      expect((await accountRow(app, accountId)).subscriptionId).toBe(row.subscriptionId);

      // Graph removes it: its lifecycle event, then the sync creates a new one.
      const id = row.subscriptionId ?? '';
      received.length = 0;
      await microsoft.lifecycle(id, 'subscriptionRemoved');
      const event = graphNotificationsSchema.parse(received[0]);
      expect(await syncOnOutlookNotifications(app.services, event.value)).toEqual({
        accepted: 1,
        refused: 0,
      });
      expect((await accountRow(app, accountId)).subscriptionId).toBeNull();
      await sync({ businessId, accountId });
      const again = await accountRow(app, accountId);
      expect(again.subscriptionId).not.toBeNull();
      expect(again.subscriptionId).not.toBe(id);
      expect(again.subscriptionSecret).not.toBe(row.subscriptionSecret);
    });
  });

  it('a notification with a wrong clientState is refused and changes nothing; reauthorizationRequired renews', async () => {
    await withNotifications(async () => {
      const { accountId, businessId, address } = await connected();
      await sync({ businessId, accountId });
      const row = await accountRow(app, accountId);
      received.length = 0;
      await microsoft.notify(address, { clientState: 'guessed-secret' });
      const forged = graphNotificationsSchema.parse(received[0]);
      expect(await syncOnOutlookNotifications(app.services, forged.value)).toEqual({
        accepted: 0,
        refused: 1,
      });
      await microsoft.notify(address);
      const good = graphNotificationsSchema.parse(received[1]);
      expect(await syncOnOutlookNotifications(app.services, good.value)).toEqual({
        accepted: 1,
        refused: 0,
      });
      const patched = microsoft.calls.get('PATCH subscriptions/{id}') ?? 0;
      await microsoft.lifecycle(row.subscriptionId ?? '', 'reauthorizationRequired');
      const lifecycle = graphNotificationsSchema.parse(received[2]);
      await syncOnOutlookNotifications(app.services, lifecycle.value);
      await sync({ businessId, accountId });
      expect(microsoft.calls.get('PATCH subscriptions/{id}')).toBe(patched + 1);
    });
  });
});

describe('reply', () => {
  it('a reply sent twice with the same key goes out once, in the conversation, and syncs back as outbound', async () => {
    const { address, account, accountId, businessId } = await connected();
    const original = microsoft.deliver(
      address,
      rfc822({
        from: 'Aminata <aminata@example.test>',
        to: address,
        subject: 'Commande Tabaski',
        text: 'Avez-vous des pagnes bleus ?',
        messageId: '<tabaski-1@example.test>',
        headers: { Cc: 'soeur@example.test' },
      }),
    );
    await sync({ businessId, accountId });
    const graph = graphFor(app.services, await accessTokenFor(app.services, account));
    let stored: string | null = null;
    const reply = () =>
      sendOutlookReply(graph, {
        messageId: original.id,
        replyAll: true,
        text: 'Oui, 5 000 F le pagne.',
        idempotencyKey: 'reply-7d1e',
        draftId: stored,
        onDraft: async (draftId) => {
          stored = draftId;
        },
      });
    expect(await reply()).toMatchObject({
      status: 'sent',
      conversationId: original.conversationId,
    });
    // The double click, or a retry after a lost answer: the stored draft says it went.
    expect(await reply()).toMatchObject({ status: 'already-sent' });
    expect(microsoft.sent).toEqual([
      expect.objectContaining({
        conversationId: original.conversationId,
        inReplyTo: '<tabaski-1@example.test>',
        to: ['aminata@example.test'],
        cc: ['soeur@example.test'],
        text: 'Oui, 5 000 F le pagne.',
        idempotencyKey: 'reply-7d1e',
      }),
    ]);
    expect(await sync({ businessId, accountId })).toMatchObject({ stored: 1 });
    const thread = (await emailsOf(app, accountId)).filter(
      (e) => e.threadId === original.conversationId,
    );
    expect(thread.map((e) => e.direction)).toEqual(['inbound', 'outbound']);
    expect(thread[1]).toMatchObject({
      inReplyTo: '<tabaski-1@example.test>',
      subject: 'RE: Commande Tabaski',
    });
  });
});

describe('inbox replies from an Outlook mailbox', () => {
  /** A connected mailbox, synced, holding one email from a customer with someone in copy. */
  async function withCustomerEmail() {
    const box = await connected();
    const original = microsoft.deliver(
      box.address,
      rfc822({
        from: 'Aminata <aminata@example.test>',
        to: box.address,
        subject: 'Commande Tabaski',
        text: 'Avez-vous des pagnes bleus ?',
        messageId: `<tabaski-${Date.now()}@example.test>`,
        headers: { Cc: 'soeur@example.test' },
      }),
    );
    await sync(box);
    const [email] = await emailsOf(app, box.accountId);
    if (!email) throw new Error('not imported');
    return { ...box, original, email };
  }
  const outbound = async (accountId: string) =>
    (await emailsOf(app, accountId)).filter((row) => row.direction === 'outbound');

  it('a double-clicked reply-all goes out once in the conversation; its synced copy is the same row', async () => {
    const { owner, address, businessId, accountId, original, email } = await withCustomerEmail();
    const before = microsoft.sent.length;
    const sendKey = crypto.randomUUID();
    const text = 'Oui, 5 000 F le pagne.';
    const [a, b] = await Promise.all([
      owner.caller.email.reply({ emailId: email.id, replyAll: true, text, sendKey }),
      owner.caller.email.reply({ emailId: email.id, replyAll: true, text, sendKey }),
    ]);
    expect(a.id).toBe(b.id);
    expect(microsoft.sent.slice(before)).toEqual([
      expect.objectContaining({
        conversationId: original.conversationId,
        inReplyTo: email.messageIdHeader,
        to: ['aminata@example.test'],
        cc: ['soeur@example.test'],
        text,
        idempotencyKey: sendKey,
      }),
    ]);
    const sent = microsoft.sent.at(-1);
    const [row] = await outbound(accountId);
    expect(row).toMatchObject({
      id: a.id,
      sendStatus: 'sent',
      threadId: original.conversationId,
      toAddresses: ['aminata@example.test'],
      ccAddresses: ['soeur@example.test'],
    });
    // The draft's id, or already the sent copy's if a sync got there first (a loaded machine).
    expect(row?.providerMessageId).not.toMatch(/^pending:/);
    // Graph's own Message-ID (the sent copy keeps it), not the one we would have made.
    expect(row?.messageIdHeader).toMatch(/@fake\.outlook\.com>$/);

    // The sync reads the copy in Sent Items (a new Graph id): still one row, now under that id.
    await sync({ businessId, accountId });
    expect(await outbound(accountId)).toEqual([
      expect.objectContaining({
        id: a.id,
        sendKey,
        sendStatus: 'sent',
        providerMessageId: sent?.id,
        threadId: original.conversationId,
      }),
    ]);
    const view = await owner.caller.email.thread({ accountId, threadKey: original.conversationId });
    expect(view.emails.map((e) => e.direction)).toEqual(['inbound', 'outbound']);
    // A resync reading everything again stores nothing twice.
    microsoft.forgetDeltaState(address);
    await sync({ businessId, accountId });
    expect(await outbound(accountId)).toHaveLength(1);
    expect(microsoft.sent.length).toBe(before + 1);
  });

  it('a crash after the draft was stored and sent: unknown, never resent; the synced copy settles it', async () => {
    const { owner, address, account, businessId, accountId, original, email } =
      await withCustomerEmail();
    const sendKey = crypto.randomUUID();
    // What a dead process did: its draft stored on the claimed row, then sent; the answer lost.
    const graph = graphFor(app.services, await accessTokenFor(app.services, account));
    let draft = { id: '', header: '' };
    await sendOutlookReply(graph, {
      messageId: original.id,
      text: 'Merci',
      idempotencyKey: sendKey,
      onDraft: async (id, message) => {
        draft = { id, header: message.internetMessageId ?? '' };
      },
    });
    await claimLeftByDeadProcess(app, {
      businessId,
      accountId,
      address,
      sendKey,
      providerMessageId: `draft:${draft.id}`,
      threadId: original.conversationId,
      messageIdHeader: draft.header,
    });
    const before = microsoft.sent.length;
    const again = await owner.caller.email.reply({ emailId: email.id, text: 'Merci', sendKey });
    expect(again.send).toMatchObject({ status: 'unknown' });
    expect(microsoft.sent.length).toBe(before);
    await sync({ businessId, accountId });
    expect(await outbound(accountId)).toEqual([
      expect.objectContaining({
        id: again.id,
        sendStatus: 'sent',
        providerMessageId: microsoft.sent.at(-1)?.id,
        threadId: original.conversationId,
      }),
    ]);
  });

  it('Graph failing (500) leaves the reply unknown, never resent; a 404 original is failed', async () => {
    const { owner, accountId, email } = await withCustomerEmail();
    const before = microsoft.sent.length;
    const drafts = () => microsoft.calls.get('POST me/messages/{id}/createReply') ?? 0;
    const asked = drafts();
    const sendKey = crypto.randomUUID();
    microsoft.failNext(500);
    const lost = await owner.caller.email.reply({ emailId: email.id, text: 'Merci', sendKey });
    expect(lost.send).toMatchObject({ status: 'unknown' });
    const again = await owner.caller.email.reply({ emailId: email.id, text: 'Merci', sendKey });
    expect(again).toMatchObject({ id: lost.id, send: { status: 'unknown' } });
    expect(drafts()).toBe(asked + 1);
    expect(microsoft.sent.length).toBe(before);
    expect(await outbound(accountId)).toHaveLength(1);

    // An email Graph no longer has (deleted in Outlook): refused, so it did not leave.
    await app.services.db
      .update(schema.emails)
      .set({ providerMessageId: 'AAMkAD-gone' })
      .where(eq(schema.emails.id, email.id));
    const refused = await owner.caller.email.reply({
      emailId: email.id,
      text: 'Merci',
      sendKey: crypto.randomUUID(),
    });
    expect(refused.send).toMatchObject({ status: 'failed' });
    expect(microsoft.sent.length).toBe(before);
  });
});
