// The team's in-app bell: a member's own in-app notifications in one business, how many are
// unread, and opening them all at once (one at a time is notifications.ts markInAppRead).
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../client';
import { notifications } from '../schema';

const ownInApp = (params: { businessId: string; userId: string }) =>
  and(
    eq(notifications.businessId, params.businessId),
    eq(notifications.channel, 'in_app'),
    eq(notifications.recipientId, params.userId),
    // Written but not yet "sent" (quiet hours do not apply to the team, but a job may lag): hidden.
    inArray(notifications.status, ['sent', 'delivered', 'read']),
  );

export function bellNotifications(
  db: Db,
  params: { businessId: string; userId: string; limit: number },
) {
  return db
    .select()
    .from(notifications)
    .where(ownInApp(params))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(params.limit);
}

export async function unreadBellCount(
  db: Db,
  params: { businessId: string; userId: string },
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(ownInApp(params), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

/** Marks every unread one read; how many there were. */
export async function markAllBellRead(
  db: Db,
  params: { businessId: string; userId: string },
): Promise<number> {
  const rows = await db
    .update(notifications)
    .set({ status: 'read', readAt: new Date() })
    .where(and(ownInApp(params), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}
