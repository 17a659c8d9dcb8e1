// Members' own notification preferences and the daily email digest: who keeps digests on, which
// businesses are at their morning hour, and a member's unread in-app notifications of the day.
import { and, desc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { businesses, memberships, notifications, users } from '../schema';

/** The member's own notification preferences in this business (accepted members only). */
export async function memberNotificationPreferences(
  db: Db,
  params: { businessId: string; userId: string },
) {
  const [row] = await db
    .select({ emailDigest: memberships.emailDigest })
    .from(memberships)
    .where(
      and(
        eq(memberships.businessId, params.businessId),
        eq(memberships.userId, params.userId),
        isNotNull(memberships.acceptedAt),
      ),
    );
  return row;
}

/** Turns the member's email digests on or off; the preference as it was and as it is. */
export async function setMemberEmailDigest(
  db: Db,
  params: { businessId: string; userId: string; emailDigest: boolean },
) {
  const { rows } = await db.execute<{ before: boolean; after: boolean }>(sql`
    update ${memberships} m set email_digest = ${params.emailDigest}, updated_at = now()
    from ${memberships} prev
    where prev.id = m.id and m.business_id = ${params.businessId} and m.user_id = ${params.userId}
      and m.accepted_at is not null
    returning prev.email_digest as before, m.email_digest as after`);
  return rows[0];
}

/**
 * Every business where it is `hour` o'clock now in its own time zone, with its local date: the
 * daily digest's sweep (run hourly) takes each business at its own morning.
 */
export async function businessesAtLocalHour(db: Db, params: { hour: number }) {
  const { rows } = await db.execute<{ id: string; day: string }>(sql`
    select id, to_char(now() at time zone timezone, 'YYYY-MM-DD') as day from ${businesses}
    where extract(hour from now() at time zone timezone) = ${params.hour}`);
  return rows;
}

/** The accepted members who keep email digests on. */
export function digestRecipients(db: Db, params: { businessId: string }) {
  return db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(
      and(
        eq(memberships.businessId, params.businessId),
        isNotNull(memberships.acceptedAt),
        eq(memberships.emailDigest, true),
      ),
    );
}

/** One member as a digest reaches them: email, language, and whether they keep digests on. */
export async function memberForDigest(db: Db, params: { businessId: string; userId: string }) {
  const [row] = await db
    .select({
      userId: users.id,
      email: users.email,
      locale: users.locale,
      emailDigest: memberships.emailDigest,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.businessId, params.businessId),
        eq(memberships.userId, params.userId),
        isNotNull(memberships.acceptedAt),
      ),
    );
  return row;
}

/** The member's in-app notifications of the last `hours` still unread, newest first, and how many. */
export async function unreadInAppSince(
  db: Db,
  params: { businessId: string; userId: string; hours: number; limit: number },
) {
  const where = and(
    eq(notifications.businessId, params.businessId),
    eq(notifications.recipientId, params.userId),
    eq(notifications.channel, 'in_app'),
    inArray(notifications.status, ['sent', 'delivered']),
    gt(notifications.createdAt, sql`now() - make_interval(hours => ${params.hours})`),
  );
  // One after the other: `db` may be a transaction (one connection).
  const rows = await db
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.createdAt))
    .limit(params.limit);
  const [counted] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(where);
  return { rows, count: counted?.n ?? 0 };
}
