// The inbox's SQL: conversations by latest activity (with their prospect and last line), one
// conversation with its assignee, its messages newest first, locks and changes.
import { and, desc, eq, gt, ilike, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { Db } from '../client';
import {
  conversationLabels,
  conversations,
  emailAccounts,
  emails,
  labels,
  messages,
  orders,
  prospects,
  users,
} from '../schema';
import { type After, afterKey, likeText } from './keyset';

export type ConversationRow = typeof conversations.$inferSelect;

/** The list row's preview line: one probe of the (conversation, created) index per row. */
const lastMessagePreview = sql<{ body: string | null; type: string } | null>`(
  select json_build_object('body', left(${messages.body}, 140), 'type', ${messages.type}) from ${messages}
  where ${messages.conversationId} = ${conversations.id} and ${messages.businessId} = ${conversations.businessId}
  order by ${messages.createdAt} desc, ${messages.seq} desc limit 1)`;

/** The conversation's labels, by name, as one JSON array. */
const labelList = sql<{ id: string; name: string; color: string }[]>`coalesce((
  select json_agg(json_build_object('id', l.id, 'name', l.name, 'color', l.color) order by l.name)
  from ${conversationLabels} cl join ${labels} l on l.id = cl.label_id
  where cl.conversation_id = ${conversations.id} and cl.business_id = ${conversations.businessId}),
  '[]'::json)`;

/** Latest activity first; a conversation without messages yet sorts by its creation. */
const activity = sql<Date>`coalesce(${conversations.lastMessageAt}, ${conversations.createdAt})`;

/** The conversation's prospect, within the same business. */
const ofProspect = and(
  eq(prospects.id, conversations.prospectId),
  eq(prospects.businessId, conversations.businessId),
);

/** Prospect name, phone (3 digits or more) or WhatsApp username. */
function matching(q: string) {
  const digits = q.replace(/\D/g, '');
  return or(
    ilike(prospects.name, likeText(q)),
    ilike(prospects.username, likeText(q.replace(/^@/, ''))),
    digits.length >= 3 ? ilike(prospects.phone, likeText(digits)) : undefined,
  );
}

export function listConversations(
  db: Db,
  params: {
    businessId: string;
    status?: ConversationRow['status'] | undefined;
    /** A member's id, or null for the unassigned ones. */
    assignedUserId?: string | null | undefined;
    unread?: boolean | undefined;
    q?: string | undefined;
    /** Only the conversations with this label. */
    labelId?: string | undefined;
    after?: After | undefined;
    limit: number;
  },
) {
  const { assignedUserId, unread } = params;
  return db
    .select({
      conversation: conversations,
      activityAt: activity,
      lastMessage: lastMessagePreview,
      labels: labelList,
      prospect: {
        id: prospects.id,
        name: prospects.name,
        phone: prospects.phone,
        username: prospects.username,
        status: prospects.status,
      },
    })
    .from(conversations)
    .innerJoin(prospects, ofProspect)
    .where(
      and(
        eq(conversations.businessId, params.businessId),
        params.status ? eq(conversations.status, params.status) : undefined,
        assignedUserId === null ? isNull(conversations.assignedUserId) : undefined,
        assignedUserId ? eq(conversations.assignedUserId, assignedUserId) : undefined,
        unread === true ? gt(conversations.unreadCount, 0) : undefined,
        unread === false ? eq(conversations.unreadCount, 0) : undefined,
        params.q ? matching(params.q) : undefined,
        params.labelId
          ? sql`exists (select 1 from ${conversationLabels} cl
              where cl.conversation_id = ${conversations.id}
                and cl.business_id = ${conversations.businessId} and cl.label_id = ${params.labelId})`
          : undefined,
        params.after ? afterKey(activity, conversations.id, 'desc', params.after) : undefined,
      ),
    )
    .orderBy(desc(activity), desc(conversations.id))
    .limit(params.limit);
}

/** One conversation with its whole prospect, its assignee's name and its last line. */
export async function conversationDetail(
  db: Db,
  params: { businessId: string; conversationId: string },
) {
  const [row] = await db
    .select({
      conversation: conversations,
      prospect: prospects,
      assignee: { id: users.id, name: users.name },
      lastMessage: lastMessagePreview,
      labels: labelList,
    })
    .from(conversations)
    .innerJoin(prospects, ofProspect)
    .leftJoin(users, eq(users.id, conversations.assignedUserId))
    .where(
      and(
        eq(conversations.businessId, params.businessId),
        eq(conversations.id, params.conversationId),
      ),
    );
  return row;
}

export async function conversationExists(
  db: Db,
  params: { businessId: string; conversationId: string },
): Promise<boolean> {
  const [row] = await db
    .select({ id: conversations.id })
    .from(conversations)
    .where(
      and(
        eq(conversations.businessId, params.businessId),
        eq(conversations.id, params.conversationId),
      ),
    );
  return row !== undefined;
}

/**
 * A conversation's messages, newest first, after a position: by the time they were sent (the
 * provider's, to the second, for a customer's), then by arrival (`seq`). The cursor names the
 * last message shown (its time and id); its `seq` is read back here, so cursors keep their shape.
 */
export function listMessages(
  db: Db,
  params: { businessId: string; conversationId: string; after?: After | undefined; limit: number },
) {
  const { after } = params;
  const key = after?.key instanceof Date ? after.key.toISOString() : after?.key;
  return db
    .select()
    .from(messages)
    .where(
      and(
        eq(messages.businessId, params.businessId),
        eq(messages.conversationId, params.conversationId),
        after
          ? sql`(${messages.createdAt}, ${messages.seq}) < (${key}::timestamptz, (
              select m.seq from ${messages} m
              where m.id = ${after.id} and m.business_id = ${params.businessId}))`
          : undefined,
      ),
    )
    .orderBy(desc(messages.createdAt), desc(messages.seq))
    .limit(params.limit);
}

/** The conversation, locked for the change being made to it. */
export function lockConversation(
  db: Db,
  params: { businessId: string; conversationId: string },
): Promise<ConversationRow | undefined> {
  const { businessId, conversationId } = params;
  return conversationById(db, { businessId, conversationId, lock: 'update' });
}

export async function updateConversation(
  db: Db,
  params: {
    businessId: string;
    conversationId: string;
    set: PgUpdateSetSource<typeof conversations>;
  },
): Promise<ConversationRow | undefined> {
  const [row] = await db
    .update(conversations)
    .set(params.set)
    .where(
      and(
        eq(conversations.businessId, params.businessId),
        eq(conversations.id, params.conversationId),
      ),
    )
    .returning();
  return row;
}

/** The prospects' conversations that are not closed (one per channel, unless a merge met two). */
export function liveConversationsOfProspects(
  db: Db,
  params: { businessId: string; prospectIds: string[] },
) {
  return db
    .select({
      id: conversations.id,
      channel: conversations.channel,
      lastMessageAt: conversations.lastMessageAt,
    })
    .from(conversations)
    .where(
      and(
        eq(conversations.businessId, params.businessId),
        inArray(conversations.prospectId, params.prospectIds),
        ne(conversations.status, 'closed'),
      ),
    );
}

export async function closeConversations(
  db: Db,
  params: { businessId: string; conversationIds: string[] },
): Promise<void> {
  await db
    .update(conversations)
    .set({ status: 'closed', updatedAt: new Date() })
    .where(
      and(
        eq(conversations.businessId, params.businessId),
        inArray(conversations.id, params.conversationIds),
      ),
    );
}

export async function conversationById(
  db: Db,
  params: { businessId: string; conversationId: string; lock?: 'update' },
): Promise<ConversationRow | undefined> {
  const query = db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.businessId, params.businessId),
        eq(conversations.id, params.conversationId),
      ),
    )
    .$dynamic();
  if (params.lock) query.for('update');
  const [row] = await query;
  return row;
}

/**
 * The conversation's draft orders that have no delivery address yet get this one (and its point,
 * when a pin gave one). A draft with an address keeps it: the team may have corrected it.
 */
export async function setDraftDeliveryPoint(
  db: Db,
  params: {
    businessId: string;
    conversationId: string;
    address: string;
    point: { latitude: number; longitude: number } | null;
  },
): Promise<void> {
  await db
    .update(orders)
    .set({
      deliveryAddress: params.address,
      ...(params.point
        ? { deliveryLat: params.point.latitude, deliveryLng: params.point.longitude }
        : {}),
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(orders.businessId, params.businessId),
        eq(orders.conversationId, params.conversationId),
        eq(orders.status, 'draft'),
        isNull(orders.deliveryAddress),
      ),
    );
}

/** The conversation's order still in draft, if it has one. */
export async function draftOrderOfConversation(
  db: Db,
  params: { businessId: string; conversationId: string },
): Promise<string | undefined> {
  const [row] = await db
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(
        eq(orders.businessId, params.businessId),
        eq(orders.conversationId, params.conversationId),
        eq(orders.status, 'draft'),
      ),
    )
    .limit(1);
  return row?.id;
}

/**
 * The inbox's unread counters, in one statement (every dashboard load reads it): the live
 * conversations with unread messages and those messages; the email threads with unread mail in
 * the mailboxes this member sees (the shop's shared ones and their own) and those emails. `total`
 * is what waits for an answer: conversations and email threads.
 */
export async function unreadSummary(db: Db, params: { businessId: string; userId: string }) {
  const result = await db.execute<{
    conversations: number;
    messages: number;
    email_threads: number;
    emails: number;
  }>(sql`
    select chats.conversations, chats.messages, mail.email_threads, mail.emails
    from (
      select count(*)::int as conversations, coalesce(sum(c.unread_count), 0)::int as messages
      from ${conversations} c
      -- Closing a conversation clears its unread count: only live ones have any.
      where c.business_id = ${params.businessId} and c.status in ('open', 'pending')
        and c.unread_count > 0
    ) chats, (
      -- By emails_unread_idx: only the unread emails are read, however large the mailboxes.
      select count(distinct (e.email_account_id, coalesce(e.thread_id, e.id::text)))::int
          as email_threads,
        count(*)::int as emails
      from ${emails} e join ${emailAccounts} a on a.id = e.email_account_id
      where e.business_id = ${params.businessId} and e.unread
        and a.business_id = ${params.businessId} and (a.shared or a.user_id = ${params.userId})
    ) mail`);
  const row = result.rows[0];
  const counts = {
    conversations: row?.conversations ?? 0,
    messages: row?.messages ?? 0,
    emailThreads: row?.email_threads ?? 0,
    emails: row?.emails ?? 0,
  };
  return { ...counts, total: counts.conversations + counts.emailThreads };
}

/**
 * The customer's WhatsApp conversation to write to: the one the order came from when it is on
 * WhatsApp, else their latest. Undefined: they never wrote on WhatsApp.
 */
export async function whatsappConversationOfProspect(
  db: Db,
  params: { businessId: string; prospectId: string; preferredId: string | null },
): Promise<ConversationRow | undefined> {
  const [row] = await db
    .select()
    .from(conversations)
    .where(
      and(
        eq(conversations.businessId, params.businessId),
        eq(conversations.prospectId, params.prospectId),
        eq(conversations.channel, 'whatsapp'),
      ),
    )
    .orderBy(
      desc(sql`coalesce(${conversations.id} = ${params.preferredId}, false)`),
      sql`${conversations.lastMessageAt} desc nulls last`,
    )
    .limit(1);
  return row;
}
