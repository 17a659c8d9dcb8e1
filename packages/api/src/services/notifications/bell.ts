// What the dashboard does with notifications: the list (an order's timeline, the dead page), a
// member's own in-app bell, and marking one read. Sending again is send.ts's (resend, retryDead).
import type { Db } from '@flux/db';
import {
  listNotifications,
  markInAppRead,
  type NotificationRow,
} from '@flux/db/queries/notifications';
import { notFound } from '../../lib/errors';

export function notificationsOf(
  db: Db,
  params: {
    businessId: string;
    orderId?: string | undefined;
    status?: NotificationRow['status'][] | undefined;
    limit: number;
  },
) {
  return listNotifications(db, params);
}

/** The member's in-app notifications, newest first. */
export function bellOf(db: Db, params: { businessId: string; userId: string; limit: number }) {
  return listNotifications(db, {
    businessId: params.businessId,
    recipientId: params.userId,
    channel: 'in_app',
    limit: params.limit,
  });
}

/** The member opens one of their own in-app notifications. */
export async function markRead(
  db: Db,
  params: { businessId: string; userId: string; notificationId: string },
) {
  const row = await markInAppRead(db, params);
  if (!row) throw notFound('Notification');
  return row;
}
