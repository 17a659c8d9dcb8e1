// A member's browsers for Web Push: subscribing (the PushSubscription the browser gave, one row per
// browser and business, audited) and unsubscribing. Only the member's own rows are touched.
import type { Database } from '@flux/db';
import { deleteWebPushSubscription, upsertWebPushSubscription } from '@flux/db/queries/web-push';
import { type Actor, writeAudit } from '../lib/audit';
import { refuse } from '../lib/errors';

export interface WebPushSubscriptionInput {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  deviceLabel?: string | undefined;
}

export async function subscribeWebPush(
  db: Database,
  actor: Actor & { userId: string },
  params: {
    businessId: string;
    insecureEndpoints: boolean;
    subscription: WebPushSubscriptionInput;
  },
) {
  const { subscription } = params;
  // The server posts to this URL: a browser's push service is always https.
  if (!params.insecureEndpoints && new URL(subscription.endpoint).protocol !== 'https:') {
    throw refuse('push.endpoint_https', 'A push endpoint is an https:// URL', undefined, {
      field: 'endpoint',
    });
  }
  return db.transaction(async (tx) => {
    const row = await upsertWebPushSubscription(tx, {
      businessId: params.businessId,
      userId: actor.userId,
      endpoint: subscription.endpoint,
      p256dh: subscription.keys.p256dh,
      auth: subscription.keys.auth,
      deviceLabel: subscription.deviceLabel ?? null,
    });
    await writeAudit(tx, actor, {
      businessId: params.businessId,
      action: 'web_push.subscribed',
      entityType: 'user',
      entityId: actor.userId,
      changes: { subscriptionId: row.id, deviceLabel: row.deviceLabel },
    });
    return row;
  });
}

/** This browser's subscription of the member, removed: whether there was one. */
export async function unsubscribeWebPush(
  db: Database,
  actor: Actor & { userId: string },
  params: { businessId: string; endpoint: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const row = await deleteWebPushSubscription(tx, {
      businessId: params.businessId,
      userId: actor.userId,
      endpoint: params.endpoint,
    });
    if (row) {
      await writeAudit(tx, actor, {
        businessId: params.businessId,
        action: 'web_push.unsubscribed',
        entityType: 'user',
        entityId: actor.userId,
        changes: { subscriptionId: row.id },
      });
    }
    return row !== undefined;
  });
}
