// Cases of the notifications router for the tenant-isolation harness.
import { schema } from '@flux/db';
import type { TestApp } from '../testing';
import { ADMIN_ONLY, type DomainCases, STAFF_ONLY } from '../testing/harness';

let rows = 0;
/** A notification row of the business as the engine leaves one (dead, unknown, an in-app one). */
async function notification(
  app: TestApp,
  businessId: string,
  values: Partial<typeof schema.notifications.$inferInsert> = {},
) {
  rows += 1;
  const [row] = await app.services.db
    .insert(schema.notifications)
    .values({
      businessId,
      recipientType: 'customer',
      recipient: '+221776543210',
      channel: 'whatsapp',
      event: 'order.confirmed',
      template: 'order_confirmed',
      payload: { businessName: 'Shop', orderNumber: 'CMD-000001' },
      status: 'dead',
      attempts: 5,
      lastError: '131000: Something went wrong',
      dedupeKey: `cases-${Date.now()}-${rows}`,
      ...values,
    })
    .returning();
  return row?.id ?? '';
}

const record = (key: string) => (w: { records: Record<string, string> }) => w.records[key] ?? '';

export const notificationsCases: DomainCases = {
  async setup(world, app) {
    const { businessId } = world.victim;
    world.records.deadNotificationId = await notification(app, businessId);
    world.records.unknownNotificationId = await notification(app, businessId, {
      status: 'unknown',
    });
    world.records.bellNotificationId = await notification(app, businessId, {
      recipientType: 'member',
      recipientId: world.victim.userId,
      recipient: world.victim.userId,
      channel: 'in_app',
      event: 'job.dead',
      template: 'job_dead',
      status: 'sent',
    });
  },
  procedures: {
    'notifications.list': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: () => ({ status: ['dead'], limit: 10 }),
      invalid: { orderId: 'x', status: ['lost'], limit: 0 },
    },
    'notifications.mine': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      input: () => ({ limit: 10 }),
      invalid: { limit: 1000 },
    },
    'notifications.markRead': {
      scope: 'business',
      deniedTo: STAFF_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: record('bellNotificationId')(w) }),
      invalid: { id: 'x' },
    },
    'notifications.retry': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: record('deadNotificationId')(w) }),
      invalid: { id: 12 },
    },
    'notifications.resend': {
      scope: 'business',
      deniedTo: ADMIN_ONLY,
      refersToRecords: true,
      input: (w) => ({ id: record('unknownNotificationId')(w) }),
      invalid: { id: 'nope' },
    },
  },
  audited: {
    'notifications.retry': async (app) => {
      const owner = await app.signUp();
      const id = await notification(app, owner.businessId);
      await owner.caller.notifications.retry({ id });
      return { userId: owner.userId, action: 'notification.retry_dead' };
    },
    'notifications.resend': async (app) => {
      const owner = await app.signUp();
      const id = await notification(app, owner.businessId, { status: 'unknown' });
      await owner.caller.notifications.resend({ id });
      return { userId: owner.userId, action: 'notification.resend' };
    },
  },
  unaudited: {
    'notifications.markRead':
      'A member marking their own in-app notification read: a personal reading marker, kept on the row (read_at), changing nothing of the business',
  },
};
