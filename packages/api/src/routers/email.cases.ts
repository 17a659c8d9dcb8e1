// Cases of the email router for the tenant-isolation harness.
import { schema } from '@flux/db';
import type { TestApp, TestUser } from '../testing';
import { type DomainCases, STAFF_ONLY } from '../testing/harness';

/** A shared Gmail mailbox of `user`'s business, as a connection leaves it. */
export async function mailboxOf(app: TestApp, user: TestUser, shared = true) {
  const [row] = await app.services.db
    .insert(schema.emailAccounts)
    .values({
      businessId: user.businessId,
      userId: user.userId,
      shared,
      provider: 'gmail',
      address: `contact-${crypto.randomUUID()}@shop.test`,
      accessToken: 'ya29.harness-secret',
      refreshToken: '1//harness-refresh-secret',
      tokenExpiresAt: new Date(Date.now() + 3_600_000),
    })
    .returning({ id: schema.emailAccounts.id });
  if (!row) throw new Error('email account insert returned nothing');
  return row.id;
}

/** An inbound email in the mailbox, as the sync stores it. */
export async function emailIn(app: TestApp, user: TestUser, accountId: string) {
  const [row] = await app.services.db
    .insert(schema.emails)
    .values({
      businessId: user.businessId,
      emailAccountId: accountId,
      providerMessageId: `m-${crypto.randomUUID()}`,
      threadId: `t-${crypto.randomUUID()}`,
      fromAddress: `client-${crypto.randomUUID()}@example.test`,
      fromName: 'Client',
      toAddresses: ['contact@shop.test'],
      subject: 'Commande',
      bodyText: 'Bonjour, je voudrais 2 pagnes.\n--\nTél : +221 77 123 45 67',
      bodyHtml: '<p>Bonjour</p>',
      messageIdHeader: `<${crypto.randomUUID()}@example.test>`,
      receivedAt: new Date(),
      unread: true,
    })
    .returning({ id: schema.emails.id, threadId: schema.emails.threadId });
  if (!row?.threadId) throw new Error('email insert returned nothing');
  return { emailId: row.id, threadKey: row.threadId };
}

export const emailCases: DomainCases = {
  async setup(world, app) {
    world.records.emailAccountId = await mailboxOf(app, world.victim);
    const email = await emailIn(app, world.victim, world.records.emailAccountId);
    world.records.emailId = email.emailId;
    world.records.emailThreadKey = email.threadKey;
  },
  procedures: {
    'email.accounts': { scope: 'business', deniedTo: STAFF_ONLY },
    'email.connectGmail': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: () => ({ shared: false }),
      invalid: { importDays: 0 },
      // The consent screen's URL carries the PKCE challenge and state: meant for this browser.
      meantForCaller: { url: 'Google’s consent URL for this browser (state and PKCE challenge)' },
    },
    'email.connectOutlook': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: () => ({ shared: false }),
      invalid: { importDays: 0 },
      meantForCaller: {
        url: 'Microsoft’s sign-in URL for this browser (state and PKCE challenge)',
      },
    },
    'email.syncNow': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ accountId: w.records.emailAccountId }),
      invalid: { accountId: 'nope' },
    },
    'email.disconnect': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ accountId: w.records.emailAccountId }),
      invalid: { accountId: 'nope' },
      answer: async (_w, app) => {
        const owner = await app.signUp();
        return owner.caller.email.disconnect({ accountId: await mailboxOf(app, owner) });
      },
    },
    'email.threads': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: () => ({}),
      invalid: { limit: 0 },
    },
    'email.thread': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ accountId: w.records.emailAccountId, threadKey: w.records.emailThreadKey }),
      invalid: { accountId: 'nope' },
    },
    'email.markThreadRead': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ accountId: w.records.emailAccountId, threadKey: w.records.emailThreadKey }),
      invalid: { threadKey: '' },
    },
    'email.html': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ emailId: w.records.emailId }),
      invalid: { emailId: 'nope' },
    },
    'email.reply': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ emailId: w.records.emailId, text: 'Merci !', sendKey: crypto.randomUUID() }),
      invalid: { text: '', sendKey: 'nope' },
    },
    'email.createProspect': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ emailId: w.records.emailId }),
      invalid: { emailId: 'nope' },
      answer: async (_w, app) => {
        const owner = await app.signUp();
        const { emailId } = await emailIn(app, owner, await mailboxOf(app, owner));
        return owner.caller.email.createProspect({ emailId });
      },
    },
  },
  audited: {
    'email.markThreadRead': async (app) => {
      const owner = await app.signUp();
      const accountId = await mailboxOf(app, owner);
      const { threadKey } = await emailIn(app, owner, accountId);
      await owner.caller.email.markThreadRead({ accountId, threadKey });
      return { userId: owner.userId, action: 'email_thread.read' };
    },
    'email.reply': async (app) => {
      const owner = await app.signUp();
      const { emailId } = await emailIn(app, owner, await mailboxOf(app, owner));
      await owner.caller.email.reply({ emailId, text: 'Merci', sendKey: crypto.randomUUID() });
      return { userId: owner.userId, action: 'email.reply' };
    },
    'email.createProspect': async (app) => {
      const owner = await app.signUp();
      const { emailId } = await emailIn(app, owner, await mailboxOf(app, owner));
      await owner.caller.email.createProspect({ emailId });
      return { userId: owner.userId, action: 'prospect.create' };
    },
    'email.disconnect': async (app) => {
      const owner = await app.signUp();
      await owner.caller.email.disconnect({ accountId: await mailboxOf(app, owner) });
      return { userId: owner.userId, action: 'email_account.disconnect' };
    },
  },
  unaudited: {
    'email.connectGmail':
      'only starts a connection (a 10-minute state row); the callback audits the connection itself',
    'email.connectOutlook':
      'only starts a connection (a 10-minute state row); the callback audits the connection itself',
    'email.syncNow': 'enqueues a sync of mail already connected; changes nothing',
  },
};
