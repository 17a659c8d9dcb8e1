// What the email tests share (Gmail's, Outlook's, the inbox's): the email configuration pointed at
// a Google fake, the browser's trip through a fake consent screen, a shop owner who connected a
// new mailbox through the whole OAuth flow, and reading back what a sync stored.
import { schema } from '@flux/db';
import { type FakeGoogle, rfc822 } from '@flux/integrations';
import { eq } from 'drizzle-orm';
import { sessionIdFromToken } from '../auth/session';
import type { EmailConfig } from '../context';
import { completeMailConnect } from '../services/email/connect';
import type { TestApp, TestUser } from '.';

export const TEST_GOOGLE_CLIENT = {
  id: 'flux-test.apps.googleusercontent.com',
  secret: 'GOCSPX-test',
};

export function fakeGoogleConfig(google: FakeGoogle): EmailConfig {
  return {
    importDays: 30,
    callTimeoutMs: 5_000,
    google: {
      clientId: TEST_GOOGLE_CLIENT.id,
      clientSecret: TEST_GOOGLE_CLIENT.secret,
      redirectUri: 'http://localhost:3000/oauth/google/callback',
      endpoints: google.endpoints,
      gmailApiBaseUrl: google.url,
      pubsubTopic: 'projects/flux-test/topics/gmail',
      push: { audience: 'http://localhost/webhooks/gmail', jwksUrl: google.jwksUrl },
    },
  };
}

export const actorOf = (user: TestUser) => ({ userId: user.userId, label: user.email });

/** The provider's consent screen, as the browser goes through it: the callback's query. */
export async function consent(url: string) {
  const response = await fetch(url, { redirect: 'manual' });
  const location = new URL(response.headers.get('location') ?? '');
  return {
    code: location.searchParams.get('code') ?? undefined,
    state: location.searchParams.get('state') ?? undefined,
  };
}

let mailboxes = 0;

/** A shop owner who connected a new shared mailbox of the provider through the whole OAuth flow. */
export async function connectedMailbox(
  app: TestApp,
  provider: 'gmail' | 'outlook',
  addMailbox: (address: string) => void,
  options: { importDays?: number } = {},
) {
  const owner = await app.signUp();
  mailboxes += 1;
  const address = `shop${mailboxes}-${Date.now()}@${provider}.test`;
  addMailbox(address);
  const input = {
    shared: true,
    loginHint: address,
    ...(options.importDays ? { importDays: options.importDays } : {}),
  };
  const { url } = await (provider === 'gmail'
    ? owner.caller.email.connectGmail(input)
    : owner.caller.email.connectOutlook(input));
  const account = await completeMailConnect(app.services, {
    provider,
    sessionId: sessionIdFromToken(owner.token),
    actor: actorOf(owner),
    ...(await consent(url)),
  });
  return { owner, address, account, businessId: owner.businessId, accountId: account.id };
}

/** A shop owner who connected a new shared Gmail mailbox of the Google fake. */
export const connectMailbox = (
  app: TestApp,
  google: FakeGoogle,
  options: { importDays?: number } = {},
) => connectedMailbox(app, 'gmail', (address) => google.addMailbox(address), options);

/** An RFC 822 message from client n. */
export const mail = (n: number, extra: Partial<Parameters<typeof rfc822>[0]> = {}) =>
  rfc822({
    from: `Client ${n} <client${n}@example.test>`,
    to: 'shop',
    subject: `Message ${n}`,
    text: `Corps ${n}`,
    ...extra,
  });

export async function emailsOf(app: TestApp, accountId: string) {
  return app.services.db
    .select()
    .from(schema.emails)
    .where(eq(schema.emails.emailAccountId, accountId))
    .orderBy(schema.emails.receivedAt);
}

export async function accountRow(app: TestApp, accountId: string) {
  const [row] = await app.services.db
    .select()
    .from(schema.emailAccounts)
    .where(eq(schema.emailAccounts.id, accountId));
  if (!row) throw new Error('no account');
  return row;
}

/** The reply claim a dead process left (`sending`, its lease long over): its send may have left. */
export async function claimLeftByDeadProcess(
  app: TestApp,
  claim: {
    businessId: string;
    accountId: string;
    address: string;
    sendKey: string;
    providerMessageId: string;
    threadId: string;
    messageIdHeader: string;
  },
) {
  await app.services.db.insert(schema.emails).values({
    businessId: claim.businessId,
    emailAccountId: claim.accountId,
    providerMessageId: claim.providerMessageId,
    threadId: claim.threadId,
    direction: 'outbound',
    fromAddress: claim.address,
    toAddresses: ['aminata@example.test'],
    subject: 'Re: Commande Tabaski',
    bodyText: 'Merci',
    messageIdHeader: claim.messageIdHeader,
    receivedAt: new Date(),
    sendKey: claim.sendKey,
    sendStatus: 'sending',
    sendClaimedAt: new Date(Date.now() - 10 * 60_000),
  });
}
