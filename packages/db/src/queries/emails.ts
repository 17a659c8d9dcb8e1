// Synced emails' SQL: stored once each by the sync, linked to prospects, read one by one, and the
// triage's fields written on them.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { emails } from '../schema';

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
): Promise<{ id: string; fromAddress: string }[]> {
  if (rows.length === 0) return [];
  return db
    .insert(emails)
    .values(rows)
    .onConflictDoNothing({ target: [emails.emailAccountId, emails.providerMessageId] })
    .returning({ id: emails.id, fromAddress: emails.fromAddress });
}

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

/**
 * Which of these RFC 822 Message-IDs the mailbox already holds: Outlook gives a message a new id
 * when it moves between folders, so its Message-ID is the second dedupe key.
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
      ),
    );
  return new Set(rows.flatMap((row) => (row.id ? [row.id] : [])));
}
