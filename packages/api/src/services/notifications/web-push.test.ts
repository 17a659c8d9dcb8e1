// Web Push as one more channel of the engine, on the real PostgreSQL, through the real client
// against the local push service (RFC 8030; it verifies the VAPID JWT and decrypts the payload
// with the browser's private key): a customer's WhatsApp message reaches the team's subscribed
// browsers once; a gone subscription is forgotten; a busy push service is retried by the
// engine's rules; nobody outside the business hears anything.
import { schema } from '@flux/db';
import {
  type FakeWebPush,
  type FakeWebPushSubscription,
  generateVapidKeys,
  startFakeWebPush,
  textMessage,
  wamid,
  webhookPayload,
} from '@flux/integrations';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectedShop, dispatchWorld, type TestUser, useTestApp } from '../../testing';
import { drainWebhookEvents } from '../../webhook-inbox';
import { assignDelivery } from '../dispatch/assignment';
import { notificationProviders } from './providers';
import { NOTIFY_ATTEMPTS, sendNotification } from './send';

let pushService: FakeWebPush;
beforeAll(async () => {
  pushService = await startFakeWebPush();
});
afterAll(() => pushService?.close());

const vapid = { ...generateVapidKeys(), subject: 'mailto:ops@fluxasync.test' };
const app = useTestApp({
  notificationProviders: () =>
    notificationProviders({
      smtp: null,
      expo: null,
      sms: {},
      webPush: vapid,
      publicUrl: 'http://localhost:3000',
      timeoutMs: 2_000,
    }),
});

/** A browser of `user` turned on in their business, as the settings toggle does it. */
async function browserOf(user: TestUser, businessId = user.businessId) {
  const browser = pushService.subscribe();
  const caller = await app.as(user.token);
  await caller.webPush.subscribe({
    businessId,
    endpoint: browser.endpoint,
    keys: browser.keys,
    deviceLabel: 'Android · Chrome',
  });
  return browser;
}

let customers = 0;
/** The customer writes to the shop's number; the drain ingests it as the worker does. */
async function customerWrites(
  phoneNumberId: string,
  text: string,
  again?: { id: string; waId: string },
) {
  customers += 1;
  const waId = again?.waId ?? `22177${String(4_000_000 + customers)}`;
  const id = again?.id ?? wamid();
  await app.services.db.insert(schema.webhookEvents).values({
    provider: 'whatsapp',
    // The webhook delivery's own key: Meta may deliver one message in two deliveries.
    externalId: wamid(),
    payload: webhookPayload({
      phoneNumberId,
      contacts: [{ waId, name: 'Aminata Diop' }],
      messages: [textMessage(waId, text, { id })],
    }),
    signatureValid: true,
  });
  await drainWebhookEvents(app.services.db, { jobs: app.services.jobs });
  return { id, waId };
}

const webPushRows = (businessId: string) =>
  app.services.db
    .select()
    .from(schema.notifications)
    .where(
      and(
        eq(schema.notifications.businessId, businessId),
        eq(schema.notifications.channel, 'web_push'),
      ),
    );

/** Sends every pending web push row of the business, as the send jobs would. */
async function sendAll(businessId: string) {
  const rows = await webPushRows(businessId);
  return Promise.all(
    rows
      .filter((row) => row.status === 'pending' || row.status === 'failed')
      .map((row) => sendNotification(app.services, row.id)),
  );
}

const receivedBy = (browser: FakeWebPushSubscription) =>
  pushService.received.filter((r) => r.subscriptionId === browser.id);

describe('web push of new messages', () => {
  it("reaches each subscribed member's browser once, decrypted, and opens the conversation", async () => {
    const { owner, phoneNumberId } = await connectedShop(app);
    const agent = await app.signUp();
    await app.join(owner, agent, 'agent');
    const courierMember = await app.signUp();
    await app.join(owner, courierMember, 'dispatcher');
    const [ownerPhone, agentPhone] = [
      await browserOf(owner),
      await browserOf(agent, owner.businessId),
    ];
    const dispatcherPhone = await browserOf(courierMember, owner.businessId);

    const first = await customerWrites(phoneNumberId, 'Bonjour, le wax bleu est dispo ?');
    // Meta delivers the same message again: stored once, told once.
    await customerWrites(phoneNumberId, 'Bonjour, le wax bleu est dispo ?', first);
    expect(await sendAll(owner.businessId)).toEqual(['sent', 'sent']);
    await sendAll(owner.businessId);

    const [conversation] = await app.services.db
      .select()
      .from(schema.conversations)
      .where(eq(schema.conversations.businessId, owner.businessId));
    for (const browser of [ownerPhone, agentPhone]) {
      const got = receivedBy(browser);
      expect(got).toHaveLength(1);
      expect(got[0]).toMatchObject({
        payload: {
          title: 'Aminata Diop',
          body: 'Bonjour, le wax bleu est dispo ?',
          url: `/inbox?c=${conversation?.id}`,
          tag: `conversation:${conversation?.id}`,
        },
        urgency: 'high',
        ttl: 86_400,
        topic: conversation?.id.replaceAll('-', ''),
        vapidKey: vapid.publicKey,
      });
    }
    // A dispatcher does not read the inbox.
    expect(receivedBy(dispatcherPhone)).toEqual([]);
    const rows = await webPushRows(owner.businessId);
    expect(rows.map((row) => [row.status, row.provider, row.event])).toEqual([
      ['sent', 'webpush', 'message.received'],
      ['sent', 'webpush', 'message.received'],
    ]);
  });

  it('a member of another business is never told, and cannot subscribe to it', async () => {
    const shop = await connectedShop(app);
    const other = await app.signUp();
    const otherPhone = await browserOf(other);
    await customerWrites(shop.phoneNumberId, 'Vous livrez à Thiès ?');
    await sendAll(shop.owner.businessId);
    expect(await webPushRows(shop.owner.businessId)).toEqual([]);
    expect(await webPushRows(other.businessId)).toEqual([]);
    expect(receivedBy(otherPhone)).toEqual([]);
    // A browser cannot be pointed at a business its user is not a member of.
    await expect(
      (await app.as(other.token)).webPush.subscribe({
        businessId: shop.owner.businessId,
        endpoint: otherPhone.endpoint,
        keys: otherPhone.keys,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('410 from the push service forgets the browser (audited) and tells nobody else', async () => {
    const { owner, phoneNumberId } = await connectedShop(app);
    const phone = await browserOf(owner);
    pushService.answer(phone.id, 410);
    await customerWrites(phoneNumberId, 'Allô ?');
    expect(await sendAll(owner.businessId)).toEqual(['dead']);
    const subscriptions = await app.services.db
      .select()
      .from(schema.webPushSubscriptions)
      .where(eq(schema.webPushSubscriptions.businessId, owner.businessId));
    expect(subscriptions).toEqual([]);
    const [row] = await webPushRows(owner.businessId);
    expect(row?.lastError).toMatch(/^410: Push service answered 410/);
    const audit = await app.services.db
      .select()
      .from(schema.auditLogs)
      .where(
        and(
          eq(schema.auditLogs.businessId, owner.businessId),
          eq(schema.auditLogs.action, 'web_push.subscription_removed'),
        ),
      );
    expect(audit).toHaveLength(1);
    // The loss of a browser's push is no team alert.
    const alerts = await app.services.db
      .select()
      .from(schema.notifications)
      .where(
        and(
          eq(schema.notifications.businessId, owner.businessId),
          eq(schema.notifications.event, 'notification.dead'),
        ),
      );
    expect(alerts).toEqual([]);
    // The next message finds no browser to push to.
    await customerWrites(phoneNumberId, 'Allô ??');
    expect(await webPushRows(owner.businessId)).toHaveLength(1);
  });

  it('429 and 500 are retried with a new send job, counted per row, dead after the last attempt', async () => {
    const { owner, phoneNumberId } = await connectedShop(app);
    const phone = await browserOf(owner);
    pushService.answer(phone.id, 429);
    await customerWrites(phoneNumberId, 'Je passe ce soir');
    const [row] = await webPushRows(owner.businessId);
    if (!row) throw new Error('no row');
    expect(await sendNotification(app.services, row.id)).toBe('retrying');
    pushService.answer(phone.id, 500);
    expect(await sendNotification(app.services, row.id)).toBe('retrying');
    const jobs = await app.services.db.execute<{ n: number }>(
      `select count(*)::int as n from pgboss.job where name = 'notifications.send' and data->>'notificationId' = '${row.id}'`,
    );
    // The first send job, and one per retry.
    expect(jobs.rows[0]?.n).toBe(3);
    expect(await sendNotification(app.services, row.id)).toBe('sent');
    const [sent] = await webPushRows(owner.businessId);
    expect([sent?.status, sent?.attempts]).toEqual(['sent', 3]);
    expect(receivedBy(phone)).toHaveLength(1);

    // A push service busy for good: dead after NOTIFY_ATTEMPTS calls, the browser kept.
    pushService.answer(phone.id, 429, NOTIFY_ATTEMPTS);
    await customerWrites(phoneNumberId, 'Toujours là ?');
    const rows = await webPushRows(owner.businessId);
    const second = rows.find((r) => r.id !== row.id);
    if (!second) throw new Error('no second row');
    const outcomes = [];
    for (let i = 0; i < NOTIFY_ATTEMPTS; i++)
      outcomes.push(await sendNotification(app.services, second.id));
    expect(outcomes).toEqual([...Array(NOTIFY_ATTEMPTS - 1).fill('retrying'), 'dead']);
    const kept = await app.services.db
      .select()
      .from(schema.webPushSubscriptions)
      .where(eq(schema.webPushSubscriptions.businessId, owner.businessId));
    expect(kept).toHaveLength(1);
  });
});

describe('web push of deliveries left for a dispatcher', () => {
  it("reaches the dispatchers' browsers once and opens the dispatch board", async () => {
    const owner = await app.signUp();
    const world = await dispatchWorld(app, owner);
    const dispatcher = await app.signUp();
    await app.join(owner, dispatcher, 'dispatcher');
    const agent = await app.signUp();
    await app.join(owner, agent, 'agent');
    const dispatcherPhone = await browserOf(dispatcher, owner.businessId);
    const agentPhone = await browserOf(agent, owner.businessId);
    const deliveryId = await world.delivery('pending');
    // Every offer already made without a taker: the next assignment leaves it to a person.
    await app.services.db
      .update(schema.deliveries)
      .set({ attempts: 99 })
      .where(eq(schema.deliveries.id, deliveryId));
    const outcome = await assignDelivery(app.services.db, app.services.jobs, {
      businessId: owner.businessId,
      deliveryId,
    });
    expect(outcome.status).toBe('needs_dispatcher');
    expect(await sendAll(owner.businessId)).toEqual(['sent']);
    expect(receivedBy(dispatcherPhone).map((r) => r.payload)).toEqual([
      expect.objectContaining({
        title: 'Livraison à attribuer',
        body: expect.stringContaining('attend un livreur (99 offers without taker)'),
        url: '/dispatch',
      }),
    ]);
    expect(receivedBy(agentPhone)).toEqual([]);
  });
});

describe('webPush router', () => {
  it('subscribing again from the same browser keeps one row; answers never carry the keys', async () => {
    const owner = await app.signUp();
    const browser = pushService.subscribe();
    const input = { businessId: owner.businessId, endpoint: browser.endpoint, keys: browser.keys };
    await owner.caller.webPush.subscribe(input);
    const again = await owner.caller.webPush.subscribe({
      ...input,
      deviceLabel: 'iPhone · Safari',
    });
    const config = await owner.caller.webPush.config({ businessId: owner.businessId });
    expect(config.publicKey).toBe(vapid.publicKey);
    expect(config.devices).toEqual([again]);
    expect(JSON.stringify(config)).not.toContain(browser.keys.auth);
    expect(JSON.stringify(config)).not.toContain(browser.endpoint);
    // Encrypted at rest.
    const raw = await app.services.db.execute<{ auth: string; p256dh: string }>(
      `select auth_encrypted as auth, p256dh_encrypted as p256dh from web_push_subscriptions where id = '${again.id}'`,
    );
    expect(raw.rows[0]?.auth).not.toContain(browser.keys.auth);
    expect(raw.rows[0]?.p256dh).not.toContain(browser.keys.p256dh);
    expect(await owner.caller.webPush.unsubscribe(input)).toEqual({ removed: true });
    expect(await owner.caller.webPush.unsubscribe(input)).toEqual({ removed: false });
  });

  it('bad keys or endpoints are BAD_REQUEST naming the field', async () => {
    const owner = await app.signUp();
    const browser = pushService.subscribe();
    const base = { businessId: owner.businessId, endpoint: browser.endpoint, keys: browser.keys };
    for (const input of [
      { ...base, keys: { ...browser.keys, auth: 'c2hvcnQ' } },
      { ...base, keys: { ...browser.keys, p256dh: browser.keys.auth } },
      { ...base, endpoint: 'javascript:alert(1)' },
    ]) {
      await expect(owner.caller.webPush.subscribe(input)).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    }
  });
});
