// What the email tests share: the email configuration pointed at a Google fake, and a shop owner
// who connected a new mailbox through the whole OAuth flow (the fake's consent screen).
import type { FakeGoogle } from '@flux/integrations';
import { sessionIdFromToken } from '../auth/session';
import type { EmailConfig } from '../context';
import { completeGmailConnect } from '../services/email/connect';
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

/** Google's consent screen, as the browser goes through it: the callback's query. */
export async function consent(url: string) {
  const response = await fetch(url, { redirect: 'manual' });
  const location = new URL(response.headers.get('location') ?? '');
  return {
    code: location.searchParams.get('code') ?? undefined,
    state: location.searchParams.get('state') ?? undefined,
  };
}

let mailboxes = 0;

/** A shop owner who connected a new shared Gmail mailbox through the whole OAuth flow. */
export async function connectMailbox(
  app: TestApp,
  google: FakeGoogle,
  options: { importDays?: number } = {},
) {
  const owner = await app.signUp();
  mailboxes += 1;
  const address = `shop${mailboxes}-${Date.now()}@gmail.test`;
  google.addMailbox(address);
  const { url } = await owner.caller.email.connectGmail({
    shared: true,
    loginHint: address,
    ...(options.importDays ? { importDays: options.importDays } : {}),
  });
  const callback = await consent(url);
  const account = await completeGmailConnect(app.services, {
    sessionId: sessionIdFromToken(owner.token),
    actor: actorOf(owner),
    ...callback,
  });
  return { owner, address, account, businessId: owner.businessId, accountId: account.id };
}
