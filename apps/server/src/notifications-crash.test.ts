// A worker killed with SIGKILL in the middle of a batch of notifications (issue 16's "worker killed
// mid-batch"): nothing lost, nothing sent twice. The workers are real processes (the entry point
// in `worker` mode) with the real WhatsApp, Africa's Talking and Expo clients; the providers are
// the local fakes, here in the test's process, slow to answer, counting what each one receives
// per notification. The fresh worker's sweep (run on start) settles what the dead one left:
// claims in the crash window become `unknown` (the provider may have them: never resent blindly),
// rows whose job died with the worker are sent.
import { notify } from '@flux/api/services/notifications';
import { useTestApp } from '@flux/api/testing';
import { schema } from '@flux/db';
import {
  FAKE_AFRICASTALKING,
  type FakeGraph,
  type FakePush,
  type FakeSms,
  startFakeGraph,
  startFakePush,
  startFakeSms,
} from '@flux/integrations';
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AppProcess, spawnApp } from '../test/process';
import { until } from '../test/webhook-burst';

const TOKEN = 'EAAG-notify-crash';
const PHONE_NUMBER_ID = '109000000000016';
const WHATSAPP_CUSTOMERS = 120;
const SMS_CUSTOMERS = 100;
const COURIERS = 80;
const TOTAL = WHATSAPP_CUSTOMERS + SMS_CUSTOMERS + COURIERS;
/** A fresh worker treats claims older than this as abandoned (NOTIFY_STALE_SECONDS). */
const STALE_SECONDS = 2;

let graph: FakeGraph;
let sms: FakeSms;
let push: FakePush;
const started: AppProcess[] = [];
const app = useTestApp();

beforeAll(async () => {
  [graph, sms, push] = await Promise.all([startFakeGraph(), startFakeSms(), startFakePush()]);
  graph.addNumber({
    phoneNumberId: PHONE_NUMBER_ID,
    displayPhoneNumber: '+221 77 000 00 16',
    verifiedName: 'Shop',
    accessToken: TOKEN,
  });
});
afterAll(async () => {
  for (const process of started) process.child.kill('SIGKILL');
  await Promise.all([graph?.close(), sms?.close(), push?.close()]);
});

function startWorker(env: Record<string, string> = {}) {
  const worker = spawnApp({
    mode: 'worker',
    env: {
      DATABASE_URL: app.url,
      LOG_LEVEL: 'info',
      WHATSAPP_SANDBOX: 'false',
      WHATSAPP_API_BASE_URL: graph.url,
      AFRICASTALKING_BASE_URL: sms.url,
      EXPO_PUSH_URL: push.url,
      // Under the stale delay below (a claim older than the send timeout is abandoned).
      WHATSAPP_SEND_TIMEOUT_MS: '1000',
      // Pacing is not what this is about (pacing.test.ts): no send waits for its rate here, so
      // none is retried and every row is claimed once.
      WHATSAPP_SEND_RATE: '1000',
      SMS_SEND_RATE: '1000',
      ...env,
    },
  });
  started.push(worker);
  return worker;
}

/** A shop reaching its customers on `channels`, no quiet hours (the test must not depend on the hour). */
async function shop(slug: string, channels: ('whatsapp' | 'sms')[]) {
  const [business] = await app.services.db
    .insert(schema.businesses)
    .values({
      name: slug,
      slug,
      country: 'SN',
      currency: 'XOF',
      settings: {
        ...schema.defaultBusinessSettings,
        aiEnabled: false,
        notifications: { customer: { events: {}, channels }, quietHours: null },
      },
    })
    .returning({ id: schema.businesses.id });
  if (!business) throw new Error('no business');
  return business.id;
}

/** `count` customers with a pending order each; their ids. */
async function customersWithOrders(businessId: string, count: number, phonePrefix: string) {
  const prospects = await app.services.db
    .insert(schema.prospects)
    .values(
      Array.from({ length: count }, (_, i) => {
        const phone = `${phonePrefix}${String(i).padStart(5, '0')}`;
        return { businessId, phone, waId: phone.slice(1), name: `Client ${i}` };
      }),
    )
    .returning({ id: schema.prospects.id });
  return app.services.db
    .insert(schema.orders)
    .values(
      prospects.map((prospect, i) => ({
        businessId,
        number: i + 1,
        prospectId: prospect.id,
        status: 'confirmed' as const,
        subtotal: 5_000,
        deliveryFee: 1_000,
        total: 6_000,
        cashDue: 6_000,
        currency: 'XOF' as const,
        deliveryAddress: 'Dakar',
      })),
    )
    .returning({ id: schema.orders.id });
}

it('a worker killed mid-batch: once a fresh one ran, every notification is sent or unknown, none received twice', async () => {
  const { db } = app.services;
  // The first worker boots while the shops are set up (it finds nothing to do yet).
  const first = startWorker();
  const whatsappShop = await shop('crash-whatsapp', ['whatsapp', 'sms']);
  const smsShop = await shop('crash-sms', ['sms']);
  await db.insert(schema.whatsappAccounts).values({
    businessId: whatsappShop,
    phoneNumberId: PHONE_NUMBER_ID,
    wabaId: '1',
    displayPhoneNumber: '+221 77 000 00 16',
    accessToken: TOKEN,
  });
  await db.insert(schema.smsAccounts).values({
    businessId: smsShop,
    provider: 'africastalking',
    accountId: FAKE_AFRICASTALKING.username,
    apiKey: FAKE_AFRICASTALKING.apiKey,
    senderId: 'FLUX',
    callbackSecret: 'crash-test',
  });
  const whatsappOrders = await customersWithOrders(whatsappShop, WHATSAPP_CUSTOMERS, '+2217710');
  const smsOrders = await customersWithOrders(smsShop, SMS_CUSTOMERS, '+2217720');
  const couriers = await db
    .insert(schema.couriers)
    .values(
      Array.from({ length: COURIERS }, (_, i) => ({
        businessId: whatsappShop,
        name: `Coursier ${i}`,
        phone: `+2217730${String(i).padStart(5, '0')}`,
        vehicle: 'motorbike' as const,
        pushToken: `ExponentPushToken[crash-${i}]`,
      })),
    )
    .returning({ id: schema.couriers.id });

  // Every provider takes a message at once and answers 300 ms later: a kill lands mid-call.
  for (const fake of [graph, sms, push]) fake.setLatency(300);
  const events = [
    ...whatsappOrders.map((order) => ({
      type: 'order.confirmed' as const,
      businessId: whatsappShop,
      orderId: order.id,
    })),
    ...smsOrders.map((order) => ({
      type: 'order.confirmed' as const,
      businessId: smsShop,
      orderId: order.id,
    })),
    ...couriers.map((courier, i) => ({
      type: 'cash.handover_due' as const,
      businessId: whatsappShop,
      courierId: courier.id,
      deliveryId: crypto.randomUUID(),
      held: 6_000 + i,
    })),
  ];
  // The batch, committed at once with its send jobs (the running worker sees it whole).
  await db.transaction(async (tx) => {
    for (const event of events) await notify(tx, app.services.jobs, event);
  });
  const rows = () =>
    db
      .select()
      .from(schema.notifications)
      .where(inArray(schema.notifications.businessId, [whatsappShop, smsShop]));
  expect(await rows()).toHaveLength(TOTAL);

  // What the providers received, per notification: WhatsApp and Expo carry our id, and each SMS
  // customer has a phone of their own.
  const receptions = () => graph.sent.length + sms.received.length + push.received.length;
  await until(() => receptions() >= 60, 60_000, 'the first worker to send 60 notifications');
  first.child.kill('SIGKILL');
  await first.exited;
  const killedAt = Date.now();
  const receivedBeforeKill = receptions();
  expect(receivedBeforeKill).toBeLessThan(TOTAL);
  for (const fake of [graph, sms, push]) fake.setLatency(0);

  // The dead worker's claims are all older than the kill: once they are stale for the fresh
  // worker's sweep (run on its start), they are settled, whatever the machine's speed.
  await until(
    () => Date.now() - killedAt > STALE_SECONDS * 1000 + 500,
    10_000,
    'the claims to be stale',
  );
  const second = startWorker({
    NOTIFY_STALE_SECONDS: String(STALE_SECONDS),
    NOTIFY_OVERDUE_SECONDS: String(STALE_SECONDS),
  });
  await second.waitFor(/worker started/, 60_000);
  await until(
    async () =>
      (await rows()).every((row) => !['pending', 'sending', 'failed'].includes(row.status)),
    45_000,
    'every notification to be settled',
  );

  const settled = await rows();
  const receivedBy = new Map<string, number>();
  const count = (key: string) => receivedBy.set(key, (receivedBy.get(key) ?? 0) + 1);
  for (const message of graph.sent) count(String(message.body.biz_opaque_callback_data));
  for (const message of sms.received) count(`sms:${message.to}`);
  for (const message of push.received) count(String(message.data?.notificationId));
  const keyOf = (row: (typeof settled)[number]) =>
    row.channel === 'sms' ? `sms:${row.recipient}` : row.id;

  // Nothing received twice, nothing received that no row names.
  expect([...receivedBy.values()].filter((n) => n > 1)).toEqual([]);
  const keys = new Set(settled.map(keyOf));
  expect([...receivedBy.keys()].filter((key) => !keys.has(key))).toEqual([]);
  // Nothing lost: each row is sent (received exactly once) or unknown (visible, left to a person).
  const byStatus = Map.groupBy(settled, (row) => row.status);
  expect([...byStatus.keys()].sort()).toEqual(['sent', 'unknown']);
  for (const row of byStatus.get('sent') ?? []) {
    expect(receivedBy.get(keyOf(row))).toBe(1);
    expect(row.attempts).toBe(1);
  }
  // The unknown ones are the crash window's: claimed by the dead worker (20 calls in flight at
  // most), each received at most once, and say why they were not resent.
  const unknown = byStatus.get('unknown') ?? [];
  expect(unknown.length).toBeGreaterThan(0);
  expect(unknown.length).toBeLessThanOrEqual(20);
  for (const row of unknown) {
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/may have been delivered/);
  }
  // Every channel took part, and the fresh worker sent what the dead one had not reached.
  expect(new Set(settled.map((row) => row.channel))).toEqual(new Set(['whatsapp', 'sms', 'push']));
  expect(receptions()).toBeGreaterThan(receivedBeforeKill);
  expect(receptions()).toBe(
    settled.filter((row) => row.status === 'sent').length +
      unknown.filter((row) => receivedBy.has(keyOf(row))).length,
  );
}, 120_000);
