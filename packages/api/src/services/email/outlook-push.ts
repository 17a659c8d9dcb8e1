// Graph's change and lifecycle notifications (POST /webhooks/outlook, the body parsed there):
// each names a subscription and carries its clientState, the secret we gave that subscription,
// compared in constant time; a notification without the right one is refused and does nothing.
// A good one enqueues the mailbox's sync (the notification carries no mail: the sync reads the
// delta from our own links). Lifecycle events: `reauthorizationRequired` → the subscription is
// renewed by that sync, `subscriptionRemoved` → created again by it, `missed` → the sync catches
// up.
import { createHash, timingSafeEqual } from 'node:crypto';
import { emailAccountBySubscription, updateEmailAccount } from '@flux/db/queries/email-accounts';
import type { GraphNotification } from '@flux/integrations';
import type { AppServices } from '../../context';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Equal secrets, in time that does not depend on where they differ (or on their lengths). */
export function sameSecret(expected: string, given: string): boolean {
  return timingSafeEqual(digest(expected), digest(given));
}

export async function syncOnOutlookNotifications(
  services: Pick<AppServices, 'db' | 'jobs' | 'log'>,
  notifications: GraphNotification[],
): Promise<{ accepted: number; refused: number }> {
  const toSync = new Map<string, { businessId: string; accountId: string }>();
  let refused = 0;
  for (const notification of notifications) {
    const account = await emailAccountBySubscription(services.db, notification);
    const secret = account?.subscriptionSecret;
    if (
      !account ||
      !secret ||
      !notification.clientState ||
      !sameSecret(secret, notification.clientState)
    ) {
      refused += 1;
      continue;
    }
    if (account.status !== 'active') continue;
    const where = { businessId: account.businessId, accountId: account.id };
    if (notification.lifecycleEvent === 'reauthorizationRequired') {
      // Due now: the sync renews it (a PATCH reauthorizes it too).
      await updateEmailAccount(services.db, { ...where, set: { watchExpiresAt: new Date() } });
    } else if (notification.lifecycleEvent === 'subscriptionRemoved') {
      await updateEmailAccount(services.db, {
        ...where,
        set: { subscriptionId: null, watchExpiresAt: null },
      });
    }
    if (notification.lifecycleEvent) {
      services.log.info(
        { accountId: account.id, event: notification.lifecycleEvent },
        'outlook subscription lifecycle event',
      );
    }
    toSync.set(account.id, where);
  }
  await services.jobs.sendMany(
    'email.sync',
    [...toSync.values()].map((payload) => ({ payload, singletonKey: payload.accountId })),
  );
  return { accepted: toSync.size, refused };
}
