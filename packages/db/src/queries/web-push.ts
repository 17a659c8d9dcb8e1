// Web Push subscriptions (schema/web-push.ts): a member's browsers, per business. Keys are
// decrypted on read (the `encrypted` column type) and only the send reads them.
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../client';
import {
  conversations,
  memberships,
  messages,
  prospects,
  users,
  webPushSubscriptions,
} from '../schema';

type Role = (typeof memberships.$inferSelect)['role'];

/** Subscribing again from the same browser (same endpoint) updates its row: one row a browser. */
export async function upsertWebPushSubscription(
  db: Db,
  params: {
    businessId: string;
    userId: string;
    endpoint: string;
    p256dh: string;
    auth: string;
    deviceLabel: string | null;
  },
) {
  const { businessId, endpoint, ...rest } = params;
  const [row] = await db
    .insert(webPushSubscriptions)
    .values(params)
    .onConflictDoUpdate({
      target: [webPushSubscriptions.businessId, webPushSubscriptions.endpoint],
      // The browser is now this member's (a shared shop phone signed in by another member).
      set: { ...rest, updatedAt: new Date() },
    })
    .returning();
  if (!row) throw new Error('web push subscription upsert returned nothing');
  return row;
}

/** The member's own subscription of this browser, deleted; undefined when it was not theirs. */
export async function deleteWebPushSubscription(
  db: Db,
  params: { businessId: string; userId: string; endpoint: string },
) {
  const [row] = await db
    .delete(webPushSubscriptions)
    .where(
      and(
        eq(webPushSubscriptions.businessId, params.businessId),
        eq(webPushSubscriptions.userId, params.userId),
        eq(webPushSubscriptions.endpoint, params.endpoint),
      ),
    )
    .returning({ id: webPushSubscriptions.id });
  return row;
}

/** The member's browsers in this business, oldest first. */
export function webPushSubscriptionsOf(db: Db, params: { businessId: string; userId: string }) {
  return db
    .select()
    .from(webPushSubscriptions)
    .where(
      and(
        eq(webPushSubscriptions.businessId, params.businessId),
        eq(webPushSubscriptions.userId, params.userId),
      ),
    )
    .orderBy(asc(webPushSubscriptions.createdAt));
}

export async function webPushSubscriptionById(
  db: Db,
  params: { businessId: string; subscriptionId: string },
) {
  const [row] = await db
    .select()
    .from(webPushSubscriptions)
    .where(
      and(
        eq(webPushSubscriptions.businessId, params.businessId),
        eq(webPushSubscriptions.id, params.subscriptionId),
      ),
    );
  return row;
}

/** The push service said the subscription is gone (404/410): forget it. */
export async function deleteGoneWebPushSubscription(
  db: Db,
  params: { businessId: string; subscriptionId: string },
) {
  const [row] = await db
    .delete(webPushSubscriptions)
    .where(
      and(
        eq(webPushSubscriptions.businessId, params.businessId),
        eq(webPushSubscriptions.id, params.subscriptionId),
      ),
    )
    .returning({ id: webPushSubscriptions.id, userId: webPushSubscriptions.userId });
  return row;
}

/**
 * The browsers of the business's members of these roles (only `userIds` among them when given),
 * with each member's language. A member who left the business is no longer a recipient.
 */
export function webPushRecipients(
  db: Db,
  params: { businessId: string; roles: Role[]; userIds?: string[] },
) {
  return db
    .select({
      subscriptionId: webPushSubscriptions.id,
      userId: webPushSubscriptions.userId,
      locale: users.locale,
    })
    .from(webPushSubscriptions)
    .innerJoin(
      memberships,
      and(
        eq(memberships.businessId, webPushSubscriptions.businessId),
        eq(memberships.userId, webPushSubscriptions.userId),
      ),
    )
    .innerJoin(users, eq(users.id, webPushSubscriptions.userId))
    .where(
      and(
        eq(webPushSubscriptions.businessId, params.businessId),
        isNotNull(memberships.acceptedAt),
        inArray(memberships.role, params.roles),
        params.userIds ? inArray(webPushSubscriptions.userId, params.userIds) : undefined,
      ),
    )
    .orderBy(asc(webPushSubscriptions.id));
}

/** Which of these businesses have at least one browser to push to (ingest skips the others). */
export async function businessesWithWebPush(db: Db, params: { businessIds: string[] }) {
  if (params.businessIds.length === 0) return new Set<string>();
  const rows = await db
    .selectDistinct({ businessId: webPushSubscriptions.businessId })
    .from(webPushSubscriptions)
    .where(inArray(webPushSubscriptions.businessId, params.businessIds));
  return new Set(rows.map((row) => row.businessId));
}

/** What a new-message push says: who wrote what, and to whom the conversation is assigned. */
export async function messageForPush(db: Db, params: { businessId: string; messageId: string }) {
  const [row] = await db
    .select({
      conversationId: conversations.id,
      assignedUserId: conversations.assignedUserId,
      type: messages.type,
      body: messages.body,
      customerName: sql<string>`coalesce(${prospects.name}, ${prospects.username}, ${prospects.phone}, '')`,
    })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(prospects, eq(prospects.id, conversations.prospectId))
    .where(and(eq(messages.businessId, params.businessId), eq(messages.id, params.messageId)));
  return row;
}
