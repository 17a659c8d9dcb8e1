// The notification engine on the real PostgreSQL: events written as rows with their send jobs in
// the event's transaction, sent through the fake Graph API (WhatsApp) and in-test fakes of the
// SMS, email and push interfaces, counting what each fake received.
// Over 400 lines on purpose: every event and failure shares the providers' fakes and one test app
// (its database copy); a second file would pay that setup again, and the suite runs near its CI
// time limit.
import type { NotificationPreferences } from '@flux/contracts';
import { schema } from '@flux/db';
import type { NotificationRow } from '@flux/db/queries/notifications';
import {
  type FakeGraph,
  startFakeGraph,
  statusReceipt,
  textMessage,
  wamid,
  webhookPayload,
} from '@flux/integrations';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tellTeamOfDeadJob } from '../../jobs/registry';
import { presentNotification } from '../../presenters/notification';
import { deliveryOtp, dispatchWorld, type TestUser, useTestApp } from '../../testing';
import { drainWebhookEvents } from '../../webhook-inbox';
import { acceptOffer, deliver, failDelivery, pickUp } from '../dispatch';
import { transitionOrder } from '../orders';
import type { Mailer, PushSender, PushTicket, SmsSender } from './channels';
import { notify } from './index';
import { isStopWord } from './opt-out';
import { NOTIFY_ATTEMPTS, resendNotification, retryDead, sendNotification } from './send';

const SEND_TIMEOUT_MS = 1_000;
let graph: FakeGraph;
beforeAll(async () => {
  graph = await startFakeGraph();
});
afterAll(() => graph.close());

/** What each fake provider received. */
const sms: { to: string; text: string; idempotencyKey: string }[] = [];
const mails: { to: string; subject: string; text: string }[] = [];
const pushes: { to: string; title: string; body: string }[] = [];
let pushAnswer: (to: string) => PushTicket = () => ({
  status: 'ok',
  id: `ticket-${pushes.length}`,
});
const fakeSms: SmsSender = {
  provider: 'africastalking',
  idempotent: true,
  async send(message) {
    sms.push(message);
    return { messageId: `ATXid_${sms.length}_${message.idempotencyKey}` };
  },
};
const fakeMailer: Mailer = {
  async send(message) {
    mails.push(message);
    return { messageId: message.messageId };
  },
};
const fakePush: PushSender = {
  async sendPush(messages) {
    pushes.push(...messages);
    return messages.map((message) => pushAnswer(message.to));
  },
};

const app = useTestApp({
  whatsappApiBaseUrl: () => graph.url,
  whatsappSendTimeoutMs: SEND_TIMEOUT_MS,
  notificationProviders: () => ({ sms: () => fakeSms, mailer: fakeMailer, push: fakePush }),
});
const actor = { userId: null, label: 'test' };
const TOKEN = 'EAAG-notify-tests';
let shops = 0;

const noQuietHours: NotificationPreferences = {
  customer: { events: {}, channels: ['whatsapp', 'sms'] },
  quietHours: null,
};

/** A shop with its WhatsApp number (known to the fake) and an SMS account. */
async function shop(preferences: NotificationPreferences = noQuietHours) {
  shops += 1;
  const owner = await app.signUp();
  const phoneNumberId = `5100000${Date.now() % 1e6}${shops}`;
  graph.addNumber({
    phoneNumberId,
    displayPhoneNumber: '+221 77 000 00 09',
    verifiedName: 'Shop',
    accessToken: TOKEN,
  });
  const { db } = app.services;
  await db.insert(schema.whatsappAccounts).values({
    businessId: owner.businessId,
    phoneNumberId,
    wabaId: '102290129340398',
    displayPhoneNumber: '+221 77 000 00 09',
    accessToken: TOKEN,
  });
  await db.insert(schema.smsAccounts).values({
    businessId: owner.businessId,
    provider: 'africastalking',
    accountId: 'sandbox',
    apiKey: 'atsk_secret',
    senderId: 'BOUTIQUE',
    callbackSecret: 'cb-secret',
  });
  await setPreferences(owner.businessId, preferences);
  return { owner, phoneNumberId };
}

async function setPreferences(businessId: string, preferences: NotificationPreferences) {
  await app.services.db
    .update(schema.businesses)
    .set({
      settings: sql`jsonb_set(${schema.businesses.settings}, '{notifications}', ${JSON.stringify(preferences)}::jsonb)`,
    })
    .where(eq(schema.businesses.id, businessId));
}

let customers = 0;
/** A customer with a phone (WhatsApp on it), a window open or not; or known only by a BSUID. */
async function customer(
  businessId: string,
  options: { window?: boolean; bsuidOnly?: boolean; name?: string } = {},
) {
  customers += 1;
  const digits = `2217755${String(customers).padStart(5, '0')}`;
  const [prospect] = await app.services.db
    .insert(schema.prospects)
    .values(
      options.bsuidOnly
        ? { businessId, waUserId: `SN.${digits}`, name: options.name ?? 'Awa' }
        : { businessId, phone: `+${digits}`, waId: digits, name: options.name ?? 'Awa' },
    )
    .returning();
  if (!prospect) throw new Error('no prospect');
  if (options.window) {
    await app.services.db.insert(schema.conversations).values({
      businessId,
      prospectId: prospect.id,
      channel: 'whatsapp',
      serviceWindowEndsAt: new Date(Date.now() + 3_600_000),
    });
  }
  return prospect;
}

async function order(owner: TestUser, prospectId: string) {
  const product = await owner.caller.products.create({
    sku: `N-${Date.now()}-${customers}`,
    name: 'Pagne wax',
    price: 7_500,
    stock: 50,
  });
  return owner.caller.orders.create({
    prospectId,
    lines: [{ productId: product.id, quantity: 2 }],
    paymentMethod: 'cash_on_delivery',
  });
}

const rowsOf = (businessId: string, where?: Partial<Pick<NotificationRow, 'event' | 'channel'>>) =>
  app.services.db
    .select()
    .from(schema.notifications)
    .where(
      and(
        eq(schema.notifications.businessId, businessId),
        where?.event ? eq(schema.notifications.event, where.event) : undefined,
        where?.channel ? eq(schema.notifications.channel, where.channel) : undefined,
      ),
    )
    .orderBy(schema.notifications.createdAt);

const rowById = async (id: string) =>
  (
    await app.services.db.select().from(schema.notifications).where(eq(schema.notifications.id, id))
  )[0];

const sendJobs = async (notificationId: string) =>
  (
    await app.services.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job where name = 'notifications.send' and data->>'notificationId' = ${notificationId}`,
    )
  ).rows[0]?.n ?? 0;

/** Runs the send of every waiting row of the business, as the workers would, until none waits. */
async function sendWaiting(businessId: string) {
  for (let round = 0; round < 10; round++) {
    const waiting = (await rowsOf(businessId)).filter((row) => row.status === 'pending');
    if (waiting.length === 0) return;
    for (const row of waiting) await sendNotification(app.services, row.id);
  }
}

/** Times Meta received this notification (our id travels as biz_opaque_callback_data). */
const whatsappReceptions = (notificationId: string) =>
  graph.sent.filter((sent) => sent.body.biz_opaque_callback_data === notificationId);

beforeEach(() => {
  pushAnswer = () => ({ status: 'ok', id: `ticket-${pushes.length}` });
});

describe('notify: each event to the right recipients and channels', () => {
  it('a confirmed order tells the customer on WhatsApp once: the approved template outside the 24 h window, with the amount formatted', async () => {
    const { owner } = await shop();
    const awa = await customer(owner.businessId);
    const created = await order(owner, awa.id);
    await owner.caller.orders.confirm({ id: created.id });

    const [row] = await rowsOf(owner.businessId, { event: 'order.confirmed' });
    expect(row).toMatchObject({
      recipientType: 'customer',
      recipientId: awa.id,
      channel: 'whatsapp',
      template: 'order_confirmed',
      language: 'fr',
      orderId: created.id,
      status: 'pending',
    });
    expect(await sendJobs(row?.id ?? '')).toBe(1);
    expect(await sendNotification(app.services, row?.id ?? '')).toBe('sent');
    const [sent] = whatsappReceptions(row?.id ?? '');
    expect(sent?.body).toMatchObject({
      to: awa.waId,
      type: 'template',
      template: { name: 'order_confirmed', language: { code: 'fr' } },
    });
    const parameters = JSON.stringify(sent?.body.template);
    expect(parameters).toContain('CMD-');
    expect(parameters).toMatch(/15\s000\sF\sCFA/u);
    expect(await rowById(row?.id ?? '')).toMatchObject({
      status: 'sent',
      attempts: 1,
      provider: 'whatsapp',
      providerMessageId: sent?.id,
      sendingSince: null,
    });
    // The job again: nothing more is sent.
    expect(await sendNotification(app.services, row?.id ?? '')).toBe('skipped');
    expect(whatsappReceptions(row?.id ?? '')).toHaveLength(1);
  });

  it('a customer with a language of their own hears it (template and session text), others the business’s', async () => {
    const { owner } = await shop();
    const john = await customer(owner.businessId, { name: 'John' });
    const mary = await customer(owner.businessId, { window: true, name: 'Mary' });
    const awa = await customer(owner.businessId, { name: 'Awa' });
    for (const { id } of [john, mary]) {
      await owner.caller.prospects.update({ id, locale: 'en' });
    }
    for (const { id } of [john, mary, awa]) {
      await owner.caller.orders.confirm({ id: (await order(owner, id)).id });
    }
    const rows = await rowsOf(owner.businessId, { event: 'order.confirmed' });
    const languageOf = (prospectId: string) =>
      rows.find((row) => row.recipientId === prospectId)?.language;
    expect([languageOf(john.id), languageOf(mary.id), languageOf(awa.id)]).toEqual([
      'en',
      'en',
      'fr',
    ]);
    await sendWaiting(owner.businessId);
    const to = (waId: string | null) => graph.sent.find((sent) => sent.body.to === waId)?.body;
    expect(to(john.waId)).toMatchObject({
      type: 'template',
      template: { name: 'order_confirmed', language: { code: 'en' } },
    });
    expect(to(mary.waId)?.text).toMatchObject({
      body: expect.stringMatching(/^Hello Mary, your order/),
    });
    expect(to(awa.waId)).toMatchObject({ template: { language: { code: 'fr' } } });
  });

  it('inside the 24 h window the customer gets a session text in the business’s words', async () => {
    const { owner } = await shop();
    const awa = await customer(owner.businessId, { window: true, name: 'Fatou' });
    const created = await order(owner, awa.id);
    await owner.caller.orders.confirm({ id: created.id });
    await owner.caller.orders.cancel({ id: created.id, reason: 'rupture de stock' });
    await sendWaiting(owner.businessId);
    const texts = graph.sent
      .filter((sent) => sent.body.to === awa.waId)
      .map((sent) => (sent.body.text as { body: string }).body);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toMatch(
      /^Bonjour Fatou, votre commande CMD-\d{6} .* est confirmée\. Total : 15\s000\sF\sCFA\.\nSuivi : http:\/\/\S+\/t\/[\w-]{22}$/u,
    );
    expect(texts[1]).toContain('annulée. Motif : rupture de stock.');
  });

  it('the courier’s journey: offer by push, accepted and picked up tell the customer the courier’s first name and the door code, failed tells the customer and the team', async () => {
    const { owner } = await shop();
    const world = await dispatchWorld(app, owner);
    await app.services.db
      .update(schema.couriers)
      .set({ name: 'Moussa Diop', pushToken: 'ExponentPushToken[moussa]' })
      .where(eq(schema.couriers.id, world.courierId));
    const deliveryId = await world.delivery('offered');
    const courier = { id: world.courierId, businessId: owner.businessId };
    const { db, jobs } = app.services;

    await db.transaction((tx) =>
      notify(tx, jobs, {
        type: 'delivery.offered',
        businessId: owner.businessId,
        deliveryId,
        courierId: world.courierId,
        round: 1,
      }),
    );
    await acceptOffer(db, jobs, courier, actor, { deliveryId, clientActionId: 'n-accept' });
    await pickUp(db, jobs, courier, actor, { deliveryId, clientActionId: 'n-pick' });
    await failDelivery(db, jobs, courier, actor, {
      deliveryId,
      clientActionId: 'n-fail',
      reason: 'client absent',
    });
    const rows = await rowsOf(owner.businessId);
    const told = rows
      .filter((row) => row.event !== 'invitation.created')
      .map((row) => [row.event, row.recipientType, row.channel]);
    expect(told).toEqual(
      expect.arrayContaining([
        ['delivery.offered', 'courier', 'push'],
        ['delivery.accepted', 'customer', 'whatsapp'],
        ['order.out_for_delivery', 'customer', 'whatsapp'],
        ['order.failed', 'customer', 'whatsapp'],
        ['delivery.failed', 'member', 'in_app'],
        ['delivery.failed', 'member', 'email'],
      ]),
    );
    await sendWaiting(owner.businessId);
    expect(pushes.at(-1)).toMatchObject({
      to: 'ExponentPushToken[moussa]',
      title: 'Nouvelle course',
    });
    const onTheWay = rows.find((row) => row.event === 'order.out_for_delivery');
    const [sent] = whatsappReceptions(onTheWay?.id ?? '');
    const parameters = JSON.stringify(sent?.body);
    expect(parameters).toContain('Moussa');
    expect(parameters).not.toContain('Diop');
    expect(parameters).toContain(deliveryOtp(deliveryId));
    // The code is derived at send time: stored nowhere, shown nowhere.
    expect(JSON.stringify(onTheWay?.payload)).not.toContain(deliveryOtp(deliveryId));
    expect(JSON.stringify(presentNotification(onTheWay as NotificationRow))).not.toContain(
      deliveryId,
    );
    expect(mails.at(-1)).toMatchObject({ to: owner.email });
    expect(mails.at(-1)?.text).toContain('client absent');
  });

  it('a delivery given by hand tells the courier it is theirs (push, else SMS) and the customer who is coming, once per courier', async () => {
    const { owner } = await shop();
    const world = await dispatchWorld(app, owner);
    const other = await dispatchWorld(app, owner);
    const { db } = app.services;
    await db
      .update(schema.couriers)
      .set({ name: 'Moussa Diop', pushToken: 'ExponentPushToken[moussa-hand]' })
      .where(eq(schema.couriers.id, world.courierId));
    await db
      .update(schema.couriers)
      .set({ name: 'Ibou Sarr' })
      .where(eq(schema.couriers.id, other.courierId));
    const deliveryId = await world.delivery('pending');
    // Who was told what (rows of one transaction share their created_at: sorted, not in order).
    const told = async () =>
      (await rowsOf(owner.businessId))
        .filter((row) => row.event.startsWith('delivery.'))
        .map((row) => `${row.event} ${row.recipientType} ${row.recipientId} ${row.channel}`)
        .sort();

    await owner.caller.deliveries.assign({ deliveryId, courierId: world.courierId });
    const customerId = (await rowsOf(owner.businessId, { event: 'delivery.accepted' }))[0]
      ?.recipientId;
    const first = await told();
    expect(first).toEqual([
      `delivery.accepted customer ${customerId} whatsapp`,
      `delivery.assigned courier ${world.courierId} push`,
    ]);
    await sendWaiting(owner.businessId);
    expect(pushes.at(-1)).toMatchObject({
      to: 'ExponentPushToken[moussa-hand]',
      title: 'Course attribuée',
      body: expect.stringMatching(/^La course CMD-\d{6} vous est attribuée\.$/),
    });
    const [accepted] = await rowsOf(owner.businessId, { event: 'delivery.accepted' });
    const [sent] = whatsappReceptions(accepted?.id ?? '');
    expect(sent?.body).toMatchObject({ template: { name: 'courier_assigned' } });
    expect(JSON.stringify(sent?.body)).toContain('Moussa');

    // Given again to the courier who has it: nobody is told again.
    await owner.caller.deliveries.assign({ deliveryId, courierId: world.courierId });
    expect(await told()).toEqual(first);

    // Given to another courier (no app token: by SMS): that one, and the customer of the change.
    await owner.caller.deliveries.assign({ deliveryId, courierId: other.courierId });
    expect(await told()).toEqual(
      [
        ...first,
        `delivery.accepted customer ${customerId} whatsapp`,
        `delivery.assigned courier ${other.courierId} sms`,
      ].sort(),
    );
    await sendWaiting(owner.businessId);
    const [ibou] = await db
      .select()
      .from(schema.couriers)
      .where(eq(schema.couriers.id, other.courierId));
    expect(sms.filter((message) => message.to === ibou?.phone).map((m) => m.text)).toEqual([
      expect.stringMatching(/^La course CMD-\d{6} vous est attribuée\.$/),
    ]);
    const toCustomer = (await rowsOf(owner.businessId, { event: 'delivery.accepted' })).map((row) =>
      JSON.stringify(whatsappReceptions(row.id)[0]?.body),
    );
    expect(toCustomer).toHaveLength(2);
    expect(toCustomer.filter((body) => body.includes('Ibou'))).toHaveLength(1);
  });

  it('a delivered cash order tells the customer, and the courier (by SMS: no push token) what cash to hand over', async () => {
    const { owner } = await shop();
    const world = await dispatchWorld(app, owner);
    const deliveryId = await world.delivery('picked_up');
    const courier = { id: world.courierId, businessId: owner.businessId };
    const [delivery] = await app.services.db
      .select()
      .from(schema.deliveries)
      .where(eq(schema.deliveries.id, deliveryId));
    // dispatchWorld's orders are paid by mobile money: this one is cash on delivery.
    const [cashOrder] = await app.services.db
      .update(schema.orders)
      .set({ paymentMethod: 'cash_on_delivery', cashDue: sql`${schema.orders.total}` })
      .where(eq(schema.orders.id, delivery?.orderId ?? ''))
      .returning();
    await deliver(app.services.db, app.services.jobs, app.services.live, courier, actor, {
      deliveryId,
      clientActionId: 'n-deliver',
      otp: deliveryOtp(deliveryId),
      cashCollected: cashOrder?.total ?? 0,
      codeKeys: [app.services.config.deliveryCodeKey],
    });
    const events = (await rowsOf(owner.businessId)).map((row) => `${row.event}/${row.channel}`);
    expect(events).toContain('order.delivered/whatsapp');
    expect(events).toContain('cash.handover_due/sms');
    await sendWaiting(owner.businessId);
    const [rider] = await app.services.db
      .select()
      .from(schema.couriers)
      .where(eq(schema.couriers.id, world.courierId));
    const told = sms.filter((message) => message.to === rider?.phone);
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toMatch(/^Vous détenez 4\s500\sF\sCFA en espèces/u);
  });

  it('an invitation goes to the invitee by email with a working join link; the token is stored encrypted only', async () => {
    const owner = await app.signUp();
    const invited = await owner.caller.business.addMember({
      businessId: owner.businessId,
      email: 'khady@example.test',
      role: 'agent',
    });
    const [row] = await rowsOf(owner.businessId, { event: 'invitation.created' });
    expect(row).toMatchObject({
      channel: 'email',
      recipientType: 'member',
      recipient: 'khady@example.test',
    });
    const token = invited.joinPath.replace('/join/', '');
    expect(JSON.stringify(row?.payload)).not.toContain(token);
    expect(await sendNotification(app.services, row?.id ?? '')).toBe('sent');
    expect(mails.at(-1)?.to).toBe('khady@example.test');
    expect(mails.at(-1)?.text).toContain(`/join/${token}`);
  });

  it('a rolled-back transition writes and sends nothing', async () => {
    const { owner } = await shop();
    const awa = await customer(owner.businessId);
    const created = await order(owner, awa.id);
    await expect(
      app.services.db.transaction(async (tx) => {
        await transitionOrder(tx, app.services.jobs, actor, {
          businessId: owner.businessId,
          orderId: created.id,
          to: 'confirmed',
        });
        throw new Error('something after the transition failed');
      }),
    ).rejects.toThrow('something after');
    expect(await rowsOf(owner.businessId, { event: 'order.confirmed' })).toHaveLength(0);
    const jobs = await app.services.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job j join notifications n on n.id::text = j.data->>'notificationId' where n.business_id = ${owner.businessId}`,
    );
    expect(jobs.rows[0]?.n).toBe(0);
  });

  it('an event replayed notifies nobody twice: one row, one job, one message', async () => {
    const { owner } = await shop();
    const awa = await customer(owner.businessId);
    const created = await order(owner, awa.id);
    await owner.caller.orders.confirm({ id: created.id });
    const event = {
      type: 'order.confirmed' as const,
      businessId: owner.businessId,
      orderId: created.id,
    };
    const again = await app.services.db.transaction((tx) => notify(tx, app.services.jobs, event));
    expect(again).toEqual([]);
    const rows = await rowsOf(owner.businessId, { event: 'order.confirmed' });
    expect(rows).toHaveLength(1);
    expect(await sendJobs(rows[0]?.id ?? '')).toBe(1);
    await sendWaiting(owner.businessId);
    expect(whatsappReceptions(rows[0]?.id ?? '')).toHaveLength(1);
  });
});

describe('sending: fallbacks, retries, dead, unknown', () => {
  it('WhatsApp says the number is unreachable (131026): the SMS fallback goes, once', async () => {
    const { owner } = await shop();
    const awa = await customer(owner.businessId);
    const created = await order(owner, awa.id);
    await owner.caller.orders.confirm({ id: created.id });
    const [row] = await rowsOf(owner.businessId, { event: 'order.confirmed' });
    graph.failNext(131026, 'Message undeliverable', 1, 400);
    expect(await sendNotification(app.services, row?.id ?? '')).toBe('dead');
    const [fallback] = await rowsOf(owner.businessId, { channel: 'sms' });
    expect(fallback).toMatchObject({
      fallbackOf: row?.id,
      recipient: awa.phone,
      status: 'pending',
    });
    expect(await sendJobs(fallback?.id ?? '')).toBe(1);
    await sendWaiting(owner.businessId);
    const received = sms.filter((message) => message.to === awa.phone);
    expect(received).toHaveLength(1);
    expect(received[0]?.text).toContain('est confirmée');
    expect(received[0]?.idempotencyKey).toBe(fallback?.id);
    expect(await rowById(fallback?.id ?? '')).toMatchObject({
      status: 'sent',
      provider: 'africastalking',
    });
    expect((await rowById(row?.id ?? ''))?.lastError).toContain('131026');
    // No team alert: the customer was reached another way.
    expect(await rowsOf(owner.businessId, { event: 'notification.dead' })).toHaveLength(0);
  });

  it('Meta accepts, then its receipt says undeliverable (131026): the row dies with Meta’s words and the SMS fallback goes, once', async () => {
    const { owner, phoneNumberId } = await shop();
    const awa = await customer(owner.businessId);
    const created = await order(owner, awa.id);
    await owner.caller.orders.confirm({ id: created.id });
    const [row] = await rowsOf(owner.businessId, { event: 'order.confirmed' });
    const id = row?.id ?? '';
    expect(await sendNotification(app.services, id)).toBe('sent');
    const [accepted] = whatsappReceptions(id);
    const receipt = () =>
      app.services.db.insert(schema.webhookEvents).values({
        provider: 'whatsapp',
        externalId: wamid(),
        signatureValid: true,
        payload: webhookPayload({
          phoneNumberId,
          statuses: [
            statusReceipt(accepted?.id ?? '', 'failed', awa.waId ?? undefined, {
              biz_opaque_callback_data: id,
              errors: [{ code: 131026, title: 'Message undeliverable' }],
            }),
          ],
        }),
      });
    await receipt();
    await drainWebhookEvents(app.services.db, { jobs: app.services.jobs });
    expect(await rowById(id)).toMatchObject({
      status: 'dead',
      lastError: '131026: Message undeliverable',
    });
    // Meta repeats itself: still one fallback.
    await receipt();
    await drainWebhookEvents(app.services.db, { jobs: app.services.jobs });
    const fallbacks = await rowsOf(owner.businessId, { channel: 'sms' });
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toMatchObject({ fallbackOf: id, recipient: awa.phone });
    await sendWaiting(owner.businessId);
    expect(sms.filter((message) => message.to === awa.phone)).toHaveLength(1);
  });

  it('a provider 500 then success: one delivery, two attempts, the retry enqueued with a delay', async () => {
    const { owner } = await shop();
    const awa = await customer(owner.businessId);
    const created = await order(owner, awa.id);
    await owner.caller.orders.confirm({ id: created.id });
    const [row] = await rowsOf(owner.businessId, { event: 'order.confirmed' });
    const id = row?.id ?? '';
    graph.failNext(131000, 'Something went wrong', 1, 500);
    expect(await sendNotification(app.services, id)).toBe('retrying');
    expect(await rowById(id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await sendJobs(id)).toBe(2);
    expect(await sendNotification(app.services, id)).toBe('sent');
    expect(whatsappReceptions(id)).toHaveLength(1);
    expect(await rowById(id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it(`${NOTIFY_ATTEMPTS} failures: dead with the last error, the team told in-app; retrying the dead sends it once`, async () => {
    const { owner } = await shop();
    // Known only by a username (no phone): no SMS fallback.
    const awa = await customer(owner.businessId, { bsuidOnly: true });
    const created = await order(owner, awa.id);
    await owner.caller.orders.confirm({ id: created.id });
    const [row] = await rowsOf(owner.businessId, { event: 'order.confirmed' });
    const id = row?.id ?? '';
    graph.failNext(130429, 'Rate limit hit', NOTIFY_ATTEMPTS, 400);
    for (let i = 1; i < NOTIFY_ATTEMPTS; i++) {
      expect(await sendNotification(app.services, id)).toBe('retrying');
    }
    expect(await sendNotification(app.services, id)).toBe('dead');
    expect(await rowById(id)).toMatchObject({ status: 'dead', attempts: NOTIFY_ATTEMPTS });
    expect((await rowById(id))?.lastError).toMatch(/130429: Rate limit hit/);
    const alerts = await rowsOf(owner.businessId, { event: 'notification.dead' });
    expect(alerts.map((alert) => [alert.channel, alert.recipientId])).toEqual([
      ['in_app', owner.userId],
    ]);

    expect(
      await retryDead(app.services.db, app.services.jobs, actor, {
        businessId: owner.businessId,
        notificationIds: [id],
      }),
    ).toEqual([id]);
    expect(await sendNotification(app.services, id)).toBe('sent');
    expect(whatsappReceptions(id)).toHaveLength(1);
    const [audit] = await app.services.db
      .select()
      .from(schema.auditLogs)
      .where(
        and(
          eq(schema.auditLogs.businessId, owner.businessId),
          eq(schema.auditLogs.action, 'notification.retry_dead'),
        ),
      );
    expect(audit?.entityId).toBe(id);
  });

  it('no answer from Meta in time: unknown, never resent by the job; a person resends it as a fresh row', async () => {
    const { owner } = await shop();
    const awa = await customer(owner.businessId, { bsuidOnly: true });
    const created = await order(owner, awa.id);
    await owner.caller.orders.confirm({ id: created.id });
    const [row] = await rowsOf(owner.businessId, { event: 'order.confirmed' });
    const id = row?.id ?? '';
    graph.setLatency(SEND_TIMEOUT_MS + 500);
    try {
      expect(await sendNotification(app.services, id)).toBe('unknown');
    } finally {
      graph.setLatency(0);
    }
    expect(await sendNotification(app.services, id)).toBe('skipped');
    expect(whatsappReceptions(id)).toHaveLength(1);
    const fresh = await resendNotification(app.services.db, app.services.jobs, actor, {
      businessId: owner.businessId,
      notificationId: id,
    });
    expect(fresh.id).not.toBe(id);
    expect(await sendNotification(app.services, fresh.id)).toBe('sent');
    expect((await rowById(id))?.status).toBe('unknown');
  });

  it('Meta’s receipt settles an unknown notification: it was sent, then delivered', async () => {
    const { owner, phoneNumberId } = await shop();
    const awa = await customer(owner.businessId, { bsuidOnly: true });
    const created = await order(owner, awa.id);
    await owner.caller.orders.confirm({ id: created.id });
    const [row] = await rowsOf(owner.businessId, { event: 'order.confirmed' });
    const id = row?.id ?? '';
    graph.setLatency(SEND_TIMEOUT_MS + 500);
    try {
      expect(await sendNotification(app.services, id)).toBe('unknown');
    } finally {
      graph.setLatency(0);
    }
    const [accepted] = whatsappReceptions(id);
    await app.services.db.insert(schema.webhookEvents).values({
      provider: 'whatsapp',
      externalId: wamid(),
      signatureValid: true,
      payload: webhookPayload({
        phoneNumberId,
        statuses: [
          statusReceipt(accepted?.id ?? '', 'delivered', undefined, {
            recipient_user_id: awa.waUserId ?? '',
            biz_opaque_callback_data: id,
          }),
        ],
      }),
    });
    await drainWebhookEvents(app.services.db);
    const settled = await rowById(id);
    expect(settled).toMatchObject({ status: 'delivered', providerMessageId: accepted?.id });
    expect(settled?.deliveredAt).toBeInstanceOf(Date);
  });

  it('a courier’s dead push token: the SMS fallback goes and the token is forgotten', async () => {
    const { owner } = await shop();
    const world = await dispatchWorld(app, owner);
    await app.services.db
      .update(schema.couriers)
      .set({ pushToken: 'ExponentPushToken[gone]' })
      .where(eq(schema.couriers.id, world.courierId));
    const deliveryId = await world.delivery('offered');
    pushAnswer = () => ({
      status: 'error',
      message: '"ExponentPushToken[gone]" is not a registered push notification recipient',
      details: { error: 'DeviceNotRegistered' },
    });
    const [row] = await app.services.db.transaction((tx) =>
      notify(tx, app.services.jobs, {
        type: 'delivery.offered',
        businessId: owner.businessId,
        deliveryId,
        courierId: world.courierId,
        round: 1,
      }),
    );
    expect(await sendNotification(app.services, row?.id ?? '')).toBe('dead');
    await sendWaiting(owner.businessId);
    const [courier] = await app.services.db
      .select()
      .from(schema.couriers)
      .where(eq(schema.couriers.id, world.courierId));
    expect(courier?.pushToken).toBeNull();
    expect(sms.filter((message) => message.to === courier?.phone)).toHaveLength(1);
  });
});

describe('the team', () => {
  it('an AI hand-off tells owners, admins and agents in-app only; a dead job tells owners and admins in-app, and by email who keeps it on', async () => {
    const { owner } = await shop();
    const agent = await app.signUp();
    await app.join(owner, agent, 'agent');
    const admin = await app.signUp();
    await app.join(owner, admin, 'admin');
    await app.services.db
      .update(schema.memberships)
      .set({ emailDigest: false })
      .where(eq(schema.memberships.userId, admin.userId));
    const awa = await customer(owner.businessId, { window: true });
    const [conversation] = await app.services.db
      .select()
      .from(schema.conversations)
      .where(eq(schema.conversations.prospectId, awa.id));
    await app.services.db.transaction((tx) =>
      notify(tx, app.services.jobs, {
        type: 'conversation.handoff',
        businessId: owner.businessId,
        conversationId: conversation?.id ?? '',
        key: 'insight-1',
        reason: 'la cliente se plaint d’un retard',
      }),
    );
    const handoff = await rowsOf(owner.businessId, { event: 'conversation.handoff' });
    expect(handoff.map((row) => [row.recipientId, row.channel]).sort()).toEqual(
      [
        [owner.userId, 'in_app'],
        [agent.userId, 'in_app'],
        [admin.userId, 'in_app'],
      ].sort(),
    );

    await tellTeamOfDeadJob(
      app.services,
      'delivery.assign',
      { id: crypto.randomUUID(), data: { businessId: owner.businessId } },
      new Error('connection reset'),
    );
    const dead = await rowsOf(owner.businessId, { event: 'job.dead' });
    expect(dead.map((row) => [row.recipientId, row.channel]).sort()).toEqual(
      [
        [owner.userId, 'in_app'],
        [owner.userId, 'email'],
        [admin.userId, 'in_app'],
      ].sort(),
    );
    // Each member's bell hears its own at once (the dashboard reads the bell again).
    const heard: { type: string; userId?: string }[] = [];
    const stop = app.services.live.subscribe(owner.businessId, (event) => heard.push(event));
    await sendWaiting(owner.businessId);
    // Through PostgreSQL's NOTIFY the events may trail the sends by a few milliseconds.
    for (let i = 0; i < 40 && heard.length < 5; i++) await new Promise((r) => setTimeout(r, 50));
    stop();
    expect(
      heard
        .filter((event) => event.type === 'notification.created')
        .map((event) => event.userId)
        .sort(),
    ).toEqual([owner.userId, agent.userId, admin.userId, owner.userId, admin.userId].sort());
    const inApp = (await rowsOf(owner.businessId, { event: 'job.dead', channel: 'in_app' }))[0];
    expect(inApp).toMatchObject({ status: 'sent', provider: 'in_app' });
    expect(mails.at(-1)?.text).toContain('delivery.assign');
    expect(presentNotification(inApp as NotificationRow).facts).toMatchObject({
      jobName: 'delivery.assign',
      error: 'connection reset',
    });
  });
});

describe('preferences, quiet hours and opt-out', () => {
  it('quiet hours defer a confirmation to their end (its job starts then) but not the courier on the way', async () => {
    const now = new Date();
    const hhmm = (date: Date) => date.toISOString().slice(11, 16);
    // Quiet from an hour ago to two hours from now, in Dakar's time (UTC).
    const { owner } = await shop({
      customer: { events: {}, channels: ['whatsapp', 'sms'] },
      quietHours: {
        start: hhmm(new Date(now.getTime() - 3_600_000)),
        end: hhmm(new Date(now.getTime() + 7_200_000)),
      },
    });
    const awa = await customer(owner.businessId);
    const created = await order(owner, awa.id);
    await owner.caller.orders.confirm({ id: created.id });
    const [deferred] = await rowsOf(owner.businessId, { event: 'order.confirmed' });
    const wait = (deferred?.scheduledAt.getTime() ?? 0) - Date.now();
    expect(wait).toBeGreaterThan(7_000_000);
    expect(wait).toBeLessThan(7_300_000);
    const job = await app.services.db.execute<{ start_after: Date }>(
      sql`select start_after from pgboss.job where name = 'notifications.send' and data->>'notificationId' = ${deferred?.id ?? ''}`,
    );
    expect(new Date(job.rows[0]?.start_after ?? 0).getTime()).toBeGreaterThan(
      Date.now() + 7_000_000,
    );

    await owner.caller.orders.startPreparing({ id: created.id });
    await owner.caller.orders.markReady({ id: created.id });
    await owner.caller.orders.markOutForDelivery({ id: created.id });
    const [urgent] = await rowsOf(owner.businessId, { event: 'order.out_for_delivery' });
    expect(Math.abs((urgent?.scheduledAt.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
  });

  it('an event the business turned off (in its settings) is a skipped row, visible, and nothing is sent', async () => {
    const { owner } = await shop();
    await owner.caller.business.update({
      settings: {
        notifications: {
          customer: { events: { 'order.confirmed': false }, channels: ['sms'] },
          quietHours: null,
        },
      },
    });
    const awa = await customer(owner.businessId);
    const created = await order(owner, awa.id);
    await owner.caller.orders.confirm({ id: created.id });
    const [row] = await rowsOf(owner.businessId, { event: 'order.confirmed' });
    expect(row).toMatchObject({ status: 'skipped', channel: 'sms' });
    expect(row?.lastError).toContain('Turned off');
    expect(await sendJobs(row?.id ?? '')).toBe(0);
  });

  it('a customer who writes STOP on WhatsApp is opted out (audited): no more order news, but the door code still goes', async () => {
    const { owner, phoneNumberId } = await shop();
    const awa = await customer(owner.businessId);
    const created = await order(owner, awa.id);
    await owner.caller.orders.confirm({ id: created.id });
    // Waiting (as in quiet hours) when the STOP arrives: skipped at send time.
    const [waiting] = await rowsOf(owner.businessId, { event: 'order.confirmed' });

    await app.services.db.insert(schema.webhookEvents).values({
      provider: 'whatsapp',
      externalId: wamid(),
      signatureValid: true,
      payload: webhookPayload({
        phoneNumberId,
        contacts: [{ waId: awa.waId ?? '', name: 'Awa' }],
        messages: [textMessage(awa.waId ?? '', 'ARRÊT')],
      }),
    });
    await drainWebhookEvents(app.services.db);
    const [prospect] = await app.services.db
      .select()
      .from(schema.prospects)
      .where(eq(schema.prospects.id, awa.id));
    expect(prospect).toMatchObject({ optedOutChannel: 'whatsapp' });
    expect(prospect?.optedOutAt).toBeInstanceOf(Date);
    const audits = await app.services.db
      .select()
      .from(schema.auditLogs)
      .where(
        and(eq(schema.auditLogs.entityId, awa.id), eq(schema.auditLogs.action, 'prospect.opt_out')),
      );
    expect(audits).toHaveLength(1);

    expect(await sendNotification(app.services, waiting?.id ?? '')).toBe('skipped');
    expect(whatsappReceptions(waiting?.id ?? '')).toHaveLength(0);
    await owner.caller.orders.startPreparing({ id: created.id });
    await owner.caller.orders.markReady({ id: created.id });
    await owner.caller.orders.markOutForDelivery({ id: created.id });
    await owner.caller.orders.markDelivered({ id: created.id });
    const rows = await rowsOf(owner.businessId);
    expect(rows.find((row) => row.event === 'order.out_for_delivery')?.status).toBe('pending');
    expect(rows.find((row) => row.event === 'order.delivered')).toMatchObject({
      status: 'skipped',
    });
  });

  it('stop words: STOP, Arrêt, arret. — not a sentence that contains one', () => {
    expect(['STOP', 'stop', 'Arrêt', 'ARRET', 'arret.', ' Stop! '].every(isStopWord)).toBe(true);
    expect(isStopWord('stop the delivery at the gate')).toBe(false);
    expect(isStopWord('')).toBe(false);
  });
});
