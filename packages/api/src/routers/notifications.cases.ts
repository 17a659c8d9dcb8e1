// Cases of the notifications router for the tenant-isolation harness.
import { schema } from '@flux/db';
import type { TestApp, TestUser } from '../testing';
import { type DomainCases, STAFF_ONLY } from '../testing/harness';

/** A notification of `user`'s business in the state the case needs, written as the engine would. */
async function notificationOf(
  app: TestApp,
  user: TestUser,
  status: 'dead' | 'sent',
  channel: 'whatsapp' | 'in_app' = 'whatsapp',
) {
  const [row] = await app.services.db
    .insert(schema.notifications)
    .values({
      businessId: user.businessId,
      recipientType: channel === 'in_app' ? 'member' : 'customer',
      recipientId: channel === 'in_app' ? user.userId : null,
      recipient: channel === 'in_app' ? user.userId : '+221770000001',
      channel,
      event: 'order.confirmed',
      template: 'order_confirmed',
      payload: { businessName: 'Shop', orderNumber: 12, total: 1500, currency: 'XOF' },
      status,
      attempts: status === 'dead' ? 5 : 1,
      lastError: status === 'dead' ? 'provider answered 500' : null,
      dedupeKey: `harness:${crypto.randomUUID()}`,
    })
    .returning({ id: schema.notifications.id });
  if (!row) throw new Error('notification insert returned nothing');
  return row.id;
}

let browsers = 0;
/** A browser's subscription as PushSubscription.toJSON() gives it (a P-256 point, a 16-byte secret). */
function pushSubscription() {
  browsers += 1;
  return {
    endpoint: `https://push.example.test/send/${browsers}-${Date.now()}`,
    keys: {
      p256dh: Buffer.concat([Buffer.from([4]), Buffer.alloc(64, browsers)]).toString('base64url'),
      auth: Buffer.alloc(16, browsers).toString('base64url'),
    },
  };
}

export const notificationsCases: DomainCases = {
  async setup(world, app) {
    world.records.notificationId = await notificationOf(app, world.victim, 'dead');
    world.records.bellNotificationId = await notificationOf(app, world.victim, 'sent', 'in_app');
  },
  procedures: {
    'notifications.bell': { scope: 'business', deniedTo: STAFF_ONLY, invalid: { limit: 0 } },
    'notifications.markRead': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: (w) => ({ id: w.records.bellNotificationId }),
      invalid: { id: 'nope' },
    },
    'notifications.forOrder': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: (w) => ({ orderId: w.records.orderId }),
      invalid: { orderId: 'nope' },
    },
    'notifications.failed': { scope: 'business', deniedTo: STAFF_ONLY, invalid: { limit: -1 } },
    'notifications.resend': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: w.records.notificationId }),
      invalid: { id: 'nope' },
    },
    'sandbox.outbox': { scope: 'business', deniedTo: STAFF_ONLY },
    'notifications.myPreferences': { scope: 'business', deniedTo: STAFF_ONLY },
    'notifications.setMyPreferences': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: () => ({ emailDigest: true }),
      invalid: { emailDigest: 'yes' },
    },
    'webPush.config': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      meantForCaller: {
        publicKey: 'the VAPID public key browsers subscribe with: public by design',
      },
    },
    'webPush.subscribe': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: () => pushSubscription(),
      invalid: { endpoint: 'nope', keys: { p256dh: 'x', auth: 'y' } },
    },
    'webPush.unsubscribe': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: () => ({ endpoint: pushSubscription().endpoint }),
      invalid: { endpoint: 'nope' },
    },
    'notifications.retry': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: (w) => ({ ids: [w.records.notificationId] }),
      invalid: { ids: [] },
    },
  },
  audited: {
    'notifications.resend': async (app) => {
      const owner = await app.signUp();
      const id = await notificationOf(app, owner, 'dead');
      await owner.caller.notifications.resend({ id });
      return { userId: owner.userId, action: 'notification.resend' };
    },
    'notifications.retry': async (app) => {
      const owner = await app.signUp();
      const id = await notificationOf(app, owner, 'dead');
      await owner.caller.notifications.retry({ ids: [id] });
      return { userId: owner.userId, action: 'notification.retry_dead' };
    },
    'notifications.setMyPreferences': async (app) => {
      const owner = await app.signUp();
      await owner.caller.notifications.setMyPreferences({ emailDigest: false });
      return { userId: owner.userId, action: 'membership.notification_preferences' };
    },
    'webPush.subscribe': async (app) => {
      const owner = await app.signUp();
      await owner.caller.webPush.subscribe(pushSubscription());
      return { userId: owner.userId, action: 'web_push.subscribed' };
    },
    'webPush.unsubscribe': async (app) => {
      const owner = await app.signUp();
      const subscription = pushSubscription();
      await owner.caller.webPush.subscribe(subscription);
      await owner.caller.webPush.unsubscribe({ endpoint: subscription.endpoint });
      return { userId: owner.userId, action: 'web_push.unsubscribed' };
    },
  },
  unaudited: {
    'notifications.markRead':
      'opening one’s own bell changes nothing of the business; the row keeps when it was read',
  },
};
