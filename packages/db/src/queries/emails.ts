// Emails' SQL: stored once each by the sync, linked to prospects, read one by one and as threads
// (the inbox), the triage's fields written on them. Replies claimed before they are sent, and
// settled after, are email-sends.ts.
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { aiInsights, emailAccounts, emails } from '../schema';
import type { After } from './keyset';

export type EmailRow = typeof emails.$inferSelect;

export async function emailById(
  db: Db,
  params: { businessId: string; emailId: string },
): Promise<EmailRow | undefined> {
  const [row] = await db
    .select()
    .from(emails)
    .where(and(eq(emails.businessId, params.businessId), eq(emails.id, params.emailId)));
  return row;
}

export async function updateEmail(
  db: Db,
  params: {
    businessId: string;
    emailId: string;
    set: Partial<Omit<typeof emails.$inferInsert, 'id' | 'businessId'>>;
  },
): Promise<void> {
  await db
    .update(emails)
    .set(params.set)
    .where(and(eq(emails.businessId, params.businessId), eq(emails.id, params.emailId)));
}

export type NewEmailRow = typeof emails.$inferInsert;

/**
 * Synced emails stored once each: a message already stored for the mailbox (same provider id) is
 * skipped, whoever stored it first. The rows stored by this call.
 */
export async function insertSyncedEmails(
  db: Db,
  rows: NewEmailRow[],
): Promise<
  { id: string; fromAddress: string; direction: EmailRow['direction']; threadId: string | null }[]
> {
  if (rows.length === 0) return [];
  return db
    .insert(emails)
    .values(rows)
    .onConflictDoNothing({ target: [emails.emailAccountId, emails.providerMessageId] })
    .returning({
      id: emails.id,
      fromAddress: emails.fromAddress,
      direction: emails.direction,
      threadId: emails.threadId,
    });
}

/**
 * The triage's fields, written once: false when the email was already triaged (a retried or
 * second job changes nothing).
 */
export async function setEmailTriage(
  db: Db,
  params: {
    businessId: string;
    emailId: string;
    set: Pick<NewEmailRow, 'aiCategory' | 'aiPriority' | 'aiSummary' | 'prospectId'>;
  },
): Promise<boolean> {
  const rows = await db
    .update(emails)
    .set(params.set)
    .where(
      and(
        eq(emails.businessId, params.businessId),
        eq(emails.id, params.emailId),
        isNull(emails.aiCategory),
      ),
    )
    .returning({ id: emails.id });
  return rows.length > 0;
}

/** A thread's key: Gmail's threadId (Graph's conversationId), or the lone message's id. */
const threadKey = sql<string>`coalesce(${emails.threadId}, ${emails.id}::text)`;

export interface EmailThreadRow {
  accountId: string;
  threadKey: string;
  lastEmailId: string;
  subject: string | null;
  fromAddress: string;
  fromName: string | null;
  snippet: string | null;
  direction: EmailRow['direction'];
  lastAt: Date;
  count: number;
  /** Its inbound emails no member has opened yet. */
  unreadCount: number;
  prospectId: string | null;
  /** The thread's latest inbound email: its sender (the correspondent) and its triage. */
  aiCategory: EmailRow['aiCategory'];
  aiPriority: EmailRow['aiPriority'];
  aiSummary: string | null;
}

/**
 * The email threads this member sees (the business's shared mailboxes and their own), latest
 * activity first, a page after the cursor (last activity, latest email id).
 */
export async function listEmailThreads(
  db: Db,
  params: {
    businessId: string;
    userId: string;
    limit: number;
    after?: After | undefined;
    /** True: only the threads with an unread email; false: only those with none. */
    unread?: boolean | undefined;
  },
): Promise<EmailThreadRow[]> {
  const at = params.after ? new Date(params.after.key) : null;
  const after = params.after
    ? sql`and (t.received_at < ${at} or (t.received_at = ${at} and t.id < ${params.after.id}::uuid))`
    : sql``;
  // The threads holding an unread email, found by emails_unread_idx (a few rows at most).
  const unreadThreads = sql`(select u.email_account_id, coalesce(u.thread_id, u.id::text)
    from emails u where u.business_id = ${params.businessId} and u.unread)`;
  const unread =
    params.unread === undefined
      ? sql``
      : sql`and (e.email_account_id, coalesce(e.thread_id, e.id::text)) ${
          params.unread ? sql`in` : sql`not in`
        } ${unreadThreads}`;
  const result = await db.execute<{
    account_id: string;
    thread_key: string;
    id: string;
    subject: string | null;
    from_address: string;
    from_name: string | null;
    snippet: string | null;
    direction: EmailRow['direction'];
    received_at: string | Date;
    count: string | number;
    unread_count: string | number;
    prospect_id: string | null;
    ai_category: EmailRow['aiCategory'];
    ai_priority: EmailRow['aiPriority'];
    ai_summary: string | null;
  }>(sql`
    select t.account_id, t.thread_key, t.id, t.subject, t.snippet, t.direction, t.received_at,
      coalesce(t.prospect_id, latest.prospect_id) as prospect_id,
      coalesce(latest.from_address, t.from_address) as from_address,
      coalesce(latest.from_name, t.from_name) as from_name,
      latest.ai_category, latest.ai_priority, latest.ai_summary,
      (select count(*) from emails c where c.email_account_id = t.account_id
         and coalesce(c.thread_id, c.id::text) = t.thread_key) as count,
      (select count(*) from emails c where c.email_account_id = t.account_id
         and coalesce(c.thread_id, c.id::text) = t.thread_key and c.unread) as unread_count
    from (
      -- The page first, then what each of its threads needs (by emails_account_thread_key_idx):
      -- joined before the limit, the latest inbound email was looked up for every thread.
      select * from (
        select distinct on (e.email_account_id, coalesce(e.thread_id, e.id::text))
          e.email_account_id as account_id, coalesce(e.thread_id, e.id::text) as thread_key,
          e.id, e.subject, e.from_address, e.from_name, e.snippet, e.direction, e.received_at,
          e.prospect_id
        from emails e join email_accounts a on a.id = e.email_account_id
        where e.business_id = ${params.businessId} and a.business_id = ${params.businessId}
          and (a.shared or a.user_id = ${params.userId}) ${unread}
        order by e.email_account_id, coalesce(e.thread_id, e.id::text), e.received_at desc, e.id desc
      ) t
      where true ${after}
      order by t.received_at desc, t.id desc
      limit ${params.limit}
    ) t
    left join lateral (
      select i.from_address, i.from_name, i.prospect_id, i.ai_category, i.ai_priority, i.ai_summary
      from emails i
      where i.email_account_id = t.account_id and coalesce(i.thread_id, i.id::text) = t.thread_key
        and i.direction = 'inbound'
      order by i.received_at desc limit 1
    ) latest on true
    order by t.received_at desc, t.id desc`);
  return result.rows.map((row) => ({
    accountId: row.account_id,
    threadKey: row.thread_key,
    lastEmailId: row.id,
    subject: row.subject,
    fromAddress: row.from_address,
    fromName: row.from_name,
    snippet: row.snippet,
    direction: row.direction,
    lastAt: new Date(row.received_at),
    count: Number(row.count),
    unreadCount: Number(row.unread_count),
    prospectId: row.prospect_id,
    aiCategory: row.ai_category,
    aiPriority: row.ai_priority,
    aiSummary: row.ai_summary,
  }));
}

/** One thread's emails, oldest first, if the member sees the mailbox. */
export async function emailThread(
  db: Db,
  params: { businessId: string; userId: string; accountId: string; threadKey: string },
): Promise<EmailRow[]> {
  return db
    .select({ email: emails })
    .from(emails)
    .innerJoin(emailAccounts, eq(emailAccounts.id, emails.emailAccountId))
    .where(
      and(
        eq(emails.businessId, params.businessId),
        eq(emailAccounts.businessId, params.businessId),
        eq(emails.emailAccountId, params.accountId),
        sql`${threadKey} = ${params.threadKey}`,
        or(eq(emailAccounts.shared, true), eq(emailAccounts.userId, params.userId)),
      ),
    )
    .orderBy(asc(emails.receivedAt), asc(emails.id))
    .limit(200)
    .then((rows) => rows.map((row) => row.email));
}

/** A thread's unread emails marked read; how many there were. */
export async function markThreadEmailsRead(
  db: Db,
  params: { businessId: string; accountId: string; threadKey: string },
): Promise<number> {
  const rows = await db
    .update(emails)
    .set({ unread: false })
    .where(
      and(
        eq(emails.businessId, params.businessId),
        eq(emails.emailAccountId, params.accountId),
        sql`${threadKey} = ${params.threadKey}`,
        eq(emails.unread, true),
      ),
    )
    .returning({ id: emails.id });
  return rows.length;
}

/**
 * An Outlook reply's provider id until the sync reads its sent copy: `draft:<the Graph draft's
 * id>` (Graph gives the sent message a new id in Sent Items, which only the copy tells).
 */
export const DRAFT_ID_PREFIX = 'draft:';

/**
 * A reply row (alias `r`) whose sent copy is still to come: not answered (`sending`, `unknown`),
 * or sent from a Graph draft whose Sent Items id is not known yet.
 */
export const awaitsCopy = (r: string) =>
  sql.raw(
    `(${r}.send_status in ('sending', 'unknown') or (${r}.send_status = 'sent' and ${r}.provider_message_id like '${DRAFT_ID_PREFIX}%'))`,
  );

/** Senders matched to the business's prospects by email address (case-insensitive). */
export async function linkEmailSenders(
  db: Db,
  params: { businessId: string; emailIds: string[] },
): Promise<number> {
  if (params.emailIds.length === 0) return 0;
  const result = await db.execute(sql`
    update emails e set prospect_id = p.id
    from prospects p
    where e.business_id = ${params.businessId}
      and p.business_id = ${params.businessId}
      and e.id in ${sql`(${sql.join(
        params.emailIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`}
      and e.prospect_id is null
      and lower(p.email) = e.from_address`);
  return result.rowCount ?? 0;
}

/** Which of these provider ids the mailbox already holds (the import skips fetching them). */
export async function storedProviderIds(
  db: Db,
  params: { businessId: string; accountId: string; providerMessageIds: string[] },
): Promise<Set<string>> {
  if (params.providerMessageIds.length === 0) return new Set();
  const rows = await db
    .select({ id: emails.providerMessageId })
    .from(emails)
    .where(
      and(
        eq(emails.businessId, params.businessId),
        eq(emails.emailAccountId, params.accountId),
        inArray(emails.providerMessageId, params.providerMessageIds),
      ),
    );
  return new Set(rows.map((row) => row.id));
}

/** The triage insights of these emails (the thread's AI panel). */
export function triagesOfEmails(db: Db, params: { businessId: string; emailIds: string[] }) {
  if (params.emailIds.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(aiInsights)
    .where(
      and(
        eq(aiInsights.businessId, params.businessId),
        inArray(aiInsights.emailId, params.emailIds),
        eq(aiInsights.kind, 'email_triage'),
      ),
    );
}

/** Every email of this sender not linked yet is linked to the prospect; how many. */
export async function linkSenderEmails(
  db: Db,
  params: { businessId: string; prospectId: string; address: string },
): Promise<number> {
  const rows = await db
    .update(emails)
    .set({ prospectId: params.prospectId })
    .where(
      and(
        eq(emails.businessId, params.businessId),
        isNull(emails.prospectId),
        sql`lower(${emails.fromAddress}) = ${params.address}`,
      ),
    )
    .returning({ id: emails.id });
  return rows.length;
}

/**
 * Which of these RFC 822 Message-IDs the mailbox already holds: Outlook gives a message a new id
 * when it moves between folders, so its Message-ID is the second dedupe key. A reply awaiting its
 * sent copy does not count: the copy is stored, then settles it (settleSendsBySyncedCopies).
 */
export async function storedMessageIdHeaders(
  db: Db,
  params: { businessId: string; accountId: string; messageIds: string[] },
): Promise<Set<string>> {
  if (params.messageIds.length === 0) return new Set();
  const rows = await db
    .select({ id: emails.messageIdHeader })
    .from(emails)
    .where(
      and(
        eq(emails.businessId, params.businessId),
        eq(emails.emailAccountId, params.accountId),
        inArray(emails.messageIdHeader, params.messageIds),
        sql`not coalesce(${awaitsCopy('emails')}, false)`,
      ),
    );
  return new Set(rows.flatMap((row) => (row.id ? [row.id] : [])));
}
