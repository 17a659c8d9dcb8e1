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

export const emailCases: DomainCases = {
  async setup(world, app) {
    world.records.emailAccountId = await mailboxOf(app, world.victim);
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
  },
  audited: {
    'email.disconnect': async (app) => {
      const owner = await app.signUp();
      await owner.caller.email.disconnect({ accountId: await mailboxOf(app, owner) });
      return { userId: owner.userId, action: 'email_account.disconnect' };
    },
  },
  unaudited: {
    'email.connectGmail':
      'only starts a connection (a 10-minute state row); the callback audits the connection itself',
    'email.syncNow': 'enqueues a sync of mail already connected; changes nothing',
  },
};
