// Notifications through the real job runner (pg-boss workers in this process) against the fake
// Graph API and an in-test SMS fake: every notification is received once, or marked `unknown` for
// a person to check, never twice, even when a worker is stopped dead in the middle of a batch.
import { schema } from '@flux/db';
import { insertNotifications, type NotificationInsert } from '@flux/db/queries/notifications';
import { type FakeGraph, startFakeGraph } from '@flux/integrations';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmsSender } from '../../services/notifications/channels';
import { insertAndEnqueue } from '../../services/notifications/index';
import { settleNotifications } from '../../services/notifications/send';
import { useTestApp } from '../../testing';
import { type JobRunner, startJobs } from '../registry';

const SEND_TIMEOUT_MS = 2_000;
let graph: FakeGraph;
let runner: JobRunner | undefined;
const sms: { to: string; idempotencyKey: string }[] = [];
const fakeSms: SmsSender = {
  provider: 'twilio',
  idempotent: true,
  async send(message) {
    sms.push(message);
    return { messageId: `SM${sms.length}` };
  },
};
beforeAll(async () => {
  graph = await startFakeGraph();
});
const app = useTestApp({
  whatsappApiBaseUrl: () => graph.url,
  whatsappSendTimeoutMs: SEND_TIMEOUT_MS,
  notificationProviders: () => ({ sms: () => fakeSms, smsIdempotent: true }),
});
const work = () =>
  startJobs(app.url, app.services, { work: true, migrate: false, schedule: false });
beforeAll(async () => {
  runner = await work();
});
afterAll(async () => {
  await runner?.stop();
  await graph?.close();
});

const TOKEN = 'EAAG-notify-jobs';
const PHONE_NUMBER_ID = '5200000000001';
let shop: string | undefined;
let n = 0;

async function business() {
  if (shop) return shop;
  const owner = await app.signUp();
  graph.addNumber({
    phoneNumberId: PHONE_NUMBER_ID,
    displayPhoneNumber: '+221 77 000 00 03',
    verifiedName: 'Shop',
    accessToken: TOKEN,
  });
  await app.services.db.insert(schema.whatsappAccounts).values({
    businessId: owner.businessId,
    phoneNumberId: PHONE_NUMBER_ID,
    wabaId: '102290129340398',
    displayPhoneNumber: '+221 77 000 00 03',
    accessToken: TOKEN,
  });
  await app.services.db.insert(schema.smsAccounts).values({
    businessId: owner.businessId,
    provider: 'twilio',
    accountId: 'AC0000',
    apiKey: 'twilio-auth-token',
    callbackSecret: 'cb',
  });
  shop = owner.businessId;
  return shop;
}

/** `count` notifications as `notify` writes them (rows and jobs in one transaction). */
async function queue(
  count: number,
  channel: 'whatsapp' | 'sms' | 'in_app' = 'whatsapp',
  options: { withJobs?: boolean } = {},
) {
  const businessId = await business();
  const rows: NotificationInsert[] = Array.from({ length: count }, () => {
    n += 1;
    return {
      recipientType: 'customer',
      recipientId: null,
      recipient: `22177600${String(n).padStart(4, '0')}`,
      channel,
      event: 'order.confirmed',
      template: 'order_confirmed',
      language: 'fr',
      payload: {
        businessName: 'Boutique',
        orderNumber: `CMD-${String(n).padStart(6, '0')}`,
        total: 5_000,
        currency: 'XOF',
      },
      dedupeKey: `${businessId}:test:${n}:${channel}`,
    };
  });
  const inserted = await app.services.db.transaction((tx) =>
    options.withJobs === false
      ? insertNotifications(tx, { businessId, rows })
      : insertAndEnqueue(tx, app.services.jobs, businessId, rows),
  );
  return inserted.map((row) => row.id);
}

const rowsOf = (ids: string[]) =>
  app.services.db.select().from(schema.notifications).where(inArray(schema.notifications.id, ids));

/** Times Meta received each notification (our id travels as biz_opaque_callback_data). */
const receptionsOf = (id: string) =>
  graph.sent.filter((sent) => sent.body.biz_opaque_callback_data === id).length;

async function until(probe: () => Promise<boolean>, ms: number, what: string) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const settledIn = (ids: string[], statuses: string[]) => async () =>
  (await rowsOf(ids)).every((row) => statuses.includes(row.status));

describe('notifications.send through the workers', () => {
  it('a burst of 20 is received once each; a 500 is retried by its own job and received once', async () => {
    graph.failNext(131000, 'Something went wrong', 1, 500);
    const ids = await queue(20);
    await until(settledIn(ids, ['sent']), 20_000, 'twenty sent');
    expect(ids.map(receptionsOf)).toEqual(ids.map(() => 1));
    const attempts = (await rowsOf(ids)).map((row) => row.attempts);
    // One call was refused: 21 calls in all, the refused row's two counted on its own row.
    expect(attempts.reduce((a, b) => a + b, 0)).toBe(21);
    expect(Math.max(...attempts)).toBe(2);
  }, 30_000);

  it('a worker stopped dead mid-batch: the next one sends the rest; nothing lost, nothing received twice', async () => {
    graph.setLatency(300);
    let ids: string[];
    try {
      ids = await queue(40);
      await until(
        async () => graph.sent.length > 0 && ids.some((id) => receptionsOf(id) > 0),
        10_000,
        'the first sends',
      );
      // The process dies: pg-boss is stopped without waiting, jobs it had fetched stay active.
      await runner?.boss.stop({ graceful: false, timeout: 1_000 });
      await runner?.stop();
      // Mid-batch indeed: some were being sent, some not yet claimed by anyone.
      const atKill = (await rowsOf(ids)).map((row) => row.status);
      expect(atKill.filter((status) => status === 'pending').length).toBeGreaterThan(0);
      runner = await work();
      await until(settledIn(ids, ['sent', 'unknown']), 30_000, 'forty settled');
    } finally {
      graph.setLatency(0);
    }
    const rows = await rowsOf(ids);
    for (const row of rows) {
      const received = receptionsOf(row.id);
      // Sent: received exactly once. Unknown (a claim whose answer was lost): at most once.
      expect(row.status === 'sent' ? received === 1 : received <= 1).toBe(true);
    }
    // Every row ended somewhere a person can see; none is waiting with a lost job.
    expect(rows.filter((row) => row.status === 'pending' || row.status === 'failed')).toEqual([]);
  }, 60_000);

  it('claims a killed sender left: WhatsApp becomes unknown (never resent), SMS with an idempotency key is sent again under the same key', async () => {
    const [whatsapp = ''] = await queue(1, 'whatsapp', { withJobs: false });
    const [text = ''] = await queue(1, 'sms', { withJobs: false });
    // What a killed process leaves: claimed a while ago, no answer stored, its job gone.
    await app.services.db
      .update(schema.notifications)
      .set({ status: 'sending', attempts: 1, sendingSince: new Date(Date.now() - 120_000) })
      .where(inArray(schema.notifications.id, [whatsapp, text]));
    const settled = await settleNotifications(app.services);
    expect(settled).toMatchObject({ unknown: 1, retried: 1 });
    await until(settledIn([text], ['sent']), 10_000, 'the SMS sent');
    const [unknown] = await rowsOf([whatsapp]);
    expect(unknown?.status).toBe('unknown');
    expect(receptionsOf(whatsapp)).toBe(0);
    expect(sms.filter((message) => message.idempotencyKey === text)).toHaveLength(1);
    const [sent] = await rowsOf([text]);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, provider: 'twilio' });
  }, 20_000);

  it('a waiting row whose job was lost is found by the sweep and sent', async () => {
    const [lost = ''] = await queue(1, 'in_app');
    await until(settledIn([lost], ['sent']), 10_000, 'the in-app row sent');
    const [orphan = ''] = await app.services.db.transaction(async (tx) => {
      const rows = await tx
        .insert(schema.notifications)
        .values({
          businessId: await business(),
          recipientType: 'member',
          recipient: 'someone',
          channel: 'in_app',
          event: 'job.dead',
          template: 'job_dead',
          dedupeKey: `orphan-${Date.now()}`,
          scheduledAt: new Date(Date.now() - 600_000),
          updatedAt: new Date(Date.now() - 600_000),
        })
        .returning({ id: schema.notifications.id });
      return rows.map((row) => row.id);
    });
    // updated_at moves on update only; the insert kept ours.
    const settled = await settleNotifications(app.services, { overdueSeconds: 60 });
    expect(settled.requeued).toBeGreaterThanOrEqual(1);
    await until(settledIn([orphan], ['sent']), 10_000, 'the orphan sent');
    const [row] = await app.services.db
      .select()
      .from(schema.notifications)
      .where(eq(schema.notifications.id, orphan));
    expect(row?.attempts).toBe(1);
  }, 20_000);
});
