// SMS and push are paced per provider account, like a WhatsApp number: at most N sends in a
// second window per SMS account (shared by every process through the rate limiter), and per Expo
// project for push; a second account has its own window.
import { schema } from '@flux/db';
import { insertNotifications } from '@flux/db/queries/notifications';
import { expect, it } from 'vitest';
import { createMemoryRateLimiter } from '../../lib/rate-limit';
import { useTestApp } from '../../testing';
import { type NotificationProviders, pushChannel, smsChannel } from './channels';

const app = useTestApp();
const rendered = { subject: 'Course', text: 'Nouvelle course', whatsappTemplate: null };
const options = () => ({
  idempotencyKey: crypto.randomUUID(),
  signal: AbortSignal.timeout(10_000),
});

/** When each message reached the provider, by account. */
const arrivals: { account: string; at: number }[] = [];
const providers: NotificationProviders = {
  sms: (account) => ({
    provider: account.provider,
    idempotent: false,
    async send() {
      arrivals.push({ account: account.accountId, at: performance.now() });
      return { messageId: crypto.randomUUID() };
    },
  }),
  push: {
    async sendPush(messages) {
      for (const _ of messages) arrivals.push({ account: 'expo', at: performance.now() });
      return messages.map(() => ({ status: 'ok' as const, id: crypto.randomUUID() }));
    },
  },
};

async function shopWithSms(accountId: string, rows: number) {
  const owner = await app.signUp();
  await app.services.db.insert(schema.smsAccounts).values({
    businessId: owner.businessId,
    provider: 'africastalking',
    accountId,
    apiKey: 'atsk_pacing',
    callbackSecret: 'pacing',
  });
  return insertNotifications(app.services.db, {
    businessId: owner.businessId,
    rows: Array.from({ length: rows }, (_, i) => ({
      recipientType: 'courier' as const,
      recipient: `+2217760${String(i).padStart(5, '0')}`,
      channel: 'sms' as const,
      event: 'delivery.offered',
      template: 'delivery_offer',
      dedupeKey: `pacing-${accountId}-${i}`,
    })),
  });
}

it('SMS: at most the rate per second per account; another account is not held back', async () => {
  arrivals.length = 0;
  const pacing = { rateLimiter: createMemoryRateLimiter(), perSecond: 2 };
  const sms = smsChannel(app.services.db, providers, pacing);
  const busy = await shopWithSms('pacing-busy', 5);
  const other = await shopWithSms('pacing-other', 2);
  await Promise.all([...busy, ...other].map((row) => sms.send(row, rendered, options())));

  const times = (account: string) =>
    arrivals
      .filter((a) => a.account === account)
      .map((a) => a.at)
      .sort((x, y) => x - y);
  const paced = times('pacing-busy');
  expect(paced).toHaveLength(5);
  // 2, then 2 a window later, then the last one: never faster than the rate.
  const [first = 0] = paced;
  expect((paced[2] ?? 0) - first).toBeGreaterThanOrEqual(800);
  expect((paced[4] ?? 0) - first).toBeGreaterThanOrEqual(1_800);
  // The other account's two went in its own window: before the busy one's third.
  expect(Math.max(...times('pacing-other'))).toBeLessThan(paced[2] ?? 0);
}, 20_000);

it('push: at most the rate per second to Expo', async () => {
  arrivals.length = 0;
  const push = pushChannel(providers, { rateLimiter: createMemoryRateLimiter(), perSecond: 3 });
  const rows = Array.from({ length: 7 }, (_, i) => ({
    id: crypto.randomUUID(),
    recipient: `ExponentPushToken[pacing-${i}]`,
    event: 'delivery.offered',
  }));
  await Promise.all(
    rows.map((row) => push.send(row as Parameters<typeof push.send>[0], rendered, options())),
  );
  const times = arrivals.map((a) => a.at).sort((x, y) => x - y);
  expect(times).toHaveLength(7);
  const [first = 0] = times;
  expect((times[3] ?? 0) - first).toBeGreaterThanOrEqual(800);
  expect((times[6] ?? 0) - first).toBeGreaterThanOrEqual(1_800);
}, 20_000);
