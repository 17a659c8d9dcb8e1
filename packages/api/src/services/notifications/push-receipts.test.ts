// Expo's receipts on the real PostgreSQL, through the real Expo and Africa's Talking clients
// against their local fakes (Expo's documented wire format): a push accepted then refused by the
// device's push service dies, its SMS fallback goes, and a token the device no longer has is
// forgotten (audited).
import { schema } from '@flux/db';
import {
  FAKE_AFRICASTALKING,
  type FakePush,
  type FakeSms,
  startFakePush,
  startFakeSms,
} from '@flux/integrations';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useTestApp } from '../../testing';
import { notify } from './index';
import { notificationProviders } from './providers';
import { checkPushReceipts, EXPO_RECEIPT_IDS_PER_CALL } from './push-receipts';
import { PUSH_RECEIPTS_KEY, sendNotification } from './send';

let push: FakePush;
let sms: FakeSms;
beforeAll(async () => {
  [push, sms] = await Promise.all([startFakePush(), startFakeSms()]);
});
afterAll(async () => {
  await Promise.all([push?.close(), sms?.close()]);
});
const app = useTestApp({
  notificationProviders: () =>
    notificationProviders({
      smtp: null,
      expo: { baseUrl: push.url },
      sms: { africastalkingBaseUrl: sms.url },
      publicUrl: 'http://localhost:3000',
      timeoutMs: 2_000,
    }),
});
/** The services with receipts due at once (PUSH_RECEIPT_DELAY_SECONDS=0). */
const dueNow = () => ({
  ...app.services,
  config: { ...app.services.config, pushReceiptDelaySeconds: 0 },
});

let couriers = 0;
async function shopWithCouriers(count: number) {
  const owner = await app.signUp();
  await app.services.db.insert(schema.smsAccounts).values({
    businessId: owner.businessId,
    provider: 'africastalking',
    accountId: FAKE_AFRICASTALKING.username,
    apiKey: FAKE_AFRICASTALKING.apiKey,
    callbackSecret: 'receipts',
  });
  const rows = await app.services.db
    .insert(schema.couriers)
    .values(
      Array.from({ length: count }, () => {
        couriers += 1;
        return {
          businessId: owner.businessId,
          name: `Awa ${couriers}`,
          phone: `+2217740${String(couriers).padStart(5, '0')}`,
          vehicle: 'motorbike' as const,
          pushToken: `ExponentPushToken[receipts-${couriers}]`,
        };
      }),
    )
    .returning();
  return { businessId: owner.businessId, couriers: rows };
}

/** A cash hand-over push to the courier, sent through the engine: its row. */
async function pushTo(businessId: string, courierId: string) {
  const [row] = await app.services.db.transaction((tx) =>
    notify(tx, app.services.jobs, {
      type: 'cash.handover_due',
      businessId,
      courierId,
      deliveryId: crypto.randomUUID(),
      held: 12_500,
    }),
  );
  if (!row) throw new Error('no notification');
  expect(row.channel).toBe('push');
  expect(await sendNotification(app.services, row.id)).toBe('sent');
  return row;
}

const rowOf = async (id: string) => {
  const [row] = await app.services.db
    .select()
    .from(schema.notifications)
    .where(eq(schema.notifications.id, id));
  return row;
};

it('a sent push asks for its receipts PUSH_RECEIPT_DELAY_SECONDS later; nothing is read before', async () => {
  const shop = await shopWithCouriers(1);
  const row = await pushTo(shop.businessId, shop.couriers[0]?.id ?? '');
  const { rows } = await app.services.db.execute<{ delay: number }>(
    sql`select extract(epoch from (start_after - created_on))::int as delay from pgboss.job
        where name = 'notifications.push-receipts' and singleton_key = ${PUSH_RECEIPTS_KEY}
        and state = 'created'`,
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]?.delay).toBeGreaterThanOrEqual(app.services.config.pushReceiptDelaySeconds - 1);
  // Not due yet: Expo is not asked, the row stays sent.
  const asked = push.receiptRequests.length;
  expect(await checkPushReceipts(app.services)).toEqual({ delivered: 0, dead: 0, waiting: 0 });
  expect(push.receiptRequests).toHaveLength(asked);
  expect((await rowOf(row.id))?.status).toBe('sent');
});

it('receipts: ok → delivered; DeviceNotRegistered → token forgotten (audited) and the SMS goes; another error → dead with its reason', async () => {
  const shop = await shopWithCouriers(3);
  const [fine, gone, throttled] = shop.couriers;
  if (!fine || !gone || !throttled) throw new Error('couriers');
  push.addUnregisteredOnDelivery(gone.pushToken ?? '');
  push.failOnDelivery(throttled.pushToken ?? '', 'MessageRateExceeded', 'Too many messages');
  const rows = {
    fine: await pushTo(shop.businessId, fine.id),
    gone: await pushTo(shop.businessId, gone.id),
    throttled: await pushTo(shop.businessId, throttled.id),
  };

  const outcome = await checkPushReceipts(dueNow());
  expect(outcome).toMatchObject({ delivered: expect.any(Number), dead: expect.any(Number) });
  expect(await rowOf(rows.fine.id)).toMatchObject({ status: 'delivered' });
  expect((await rowOf(rows.fine.id))?.deliveredAt).toBeInstanceOf(Date);
  expect(await rowOf(rows.gone.id)).toMatchObject({
    status: 'dead',
    lastError: expect.stringMatching(/^DeviceNotRegistered: /),
  });
  expect(await rowOf(rows.throttled.id)).toMatchObject({
    status: 'dead',
    lastError: 'MessageRateExceeded: Too many messages',
  });

  // Only the uninstalled app's token is forgotten, and the audit log says why.
  const tokens = await app.services.db
    .select({ id: schema.couriers.id, pushToken: schema.couriers.pushToken })
    .from(schema.couriers)
    .where(eq(schema.couriers.businessId, shop.businessId));
  expect(tokens.find((c) => c.id === gone.id)?.pushToken).toBeNull();
  expect(tokens.find((c) => c.id === fine.id)?.pushToken).toBe(fine.pushToken);
  expect(tokens.find((c) => c.id === throttled.id)?.pushToken).toBe(throttled.pushToken);
  const audit = await app.services.db
    .select()
    .from(schema.auditLogs)
    .where(
      and(
        eq(schema.auditLogs.businessId, shop.businessId),
        eq(schema.auditLogs.action, 'courier.push_token_cleared'),
      ),
    );
  expect(audit).toHaveLength(1);
  expect(audit[0]).toMatchObject({ actorLabel: 'system', entityId: gone.id });

  // Both dead pushes fall back to SMS, sent once each to the courier's phone.
  const fallbacks = await app.services.db
    .select()
    .from(schema.notifications)
    .where(
      and(
        eq(schema.notifications.businessId, shop.businessId),
        eq(schema.notifications.channel, 'sms'),
      ),
    );
  expect(fallbacks.map((row) => row.fallbackOf).sort()).toEqual(
    [rows.gone.id, rows.throttled.id].sort(),
  );
  for (const fallback of fallbacks) {
    expect(await sendNotification(app.services, fallback.id)).toBe('sent');
  }
  expect(sms.received.filter((m) => m.to === gone.phone)).toHaveLength(1);
  expect(sms.received.filter((m) => m.to === throttled.phone)).toHaveLength(1);

  // Read again: nothing left to ask about, nothing changes.
  const again = await checkPushReceipts(dueNow());
  expect(again).toEqual({ delivered: 0, dead: 0, waiting: 0 });
  expect((await rowOf(rows.gone.id))?.status).toBe('dead');
});

it(`asks Expo ${EXPO_RECEIPT_IDS_PER_CALL} ids at most a call; a push Expo has no receipt for yet stays sent`, async () => {
  const shop = await shopWithCouriers(1);
  const courier = shop.couriers[0];
  if (!courier) throw new Error('courier');
  const total = EXPO_RECEIPT_IDS_PER_CALL + 205;
  const sentAt = new Date(Date.now() - 60_000);
  await app.services.db.insert(schema.notifications).values(
    Array.from({ length: total }, (_, i) => ({
      businessId: shop.businessId,
      recipientType: 'courier' as const,
      recipientId: courier.id,
      recipient: courier.pushToken ?? '',
      channel: 'push' as const,
      event: 'cash.handover_due',
      template: 'cash_handover_due',
      dedupeKey: `receipts-batch-${shop.businessId}-${i}`,
      status: 'sent' as const,
      provider: 'expo',
      // Tickets the fake never issued: no receipt yet.
      providerMessageId: `unknown-ticket-${shop.businessId}-${i}`,
      sentAt,
    })),
  );
  const before = push.receiptRequests.length;
  const outcome = await checkPushReceipts(dueNow());
  const calls = push.receiptRequests.slice(before);
  expect(calls.map((ids) => ids.length)).toEqual([EXPO_RECEIPT_IDS_PER_CALL, 205]);
  expect(new Set(calls.flat()).size).toBe(total);
  expect(outcome.waiting).toBeGreaterThanOrEqual(total);
  const [{ n } = { n: 0 }] = (
    await app.services.db.execute<{ n: number }>(
      sql`select count(*)::int as n from notifications
          where business_id = ${shop.businessId} and status = 'sent'`,
    )
  ).rows;
  expect(n).toBe(total);
});
