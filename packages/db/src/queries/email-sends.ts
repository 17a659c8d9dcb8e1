// Replies' SQL: a reply claimed under the client's key before the provider is called (a double
// click or a retry finds it), settled with the provider's answer, marked when abandoned, and
// settled by its copy coming back through the sync. The other emails' SQL is emails.ts.
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { emails } from '../schema';
import { awaitsCopy, type EmailRow, type NewEmailRow } from './emails';

/**
 * A reply claimed before the provider is called: the row exists as `sending` under the client's
 * key. The same key again (a double click, a retry) finds the row already there: `claimed` false.
 */
export async function claimEmailSend(
  db: Db,
  values: NewEmailRow & { sendKey: string },
): Promise<{ row: EmailRow; claimed: boolean }> {
  const [inserted] = await db
    .insert(emails)
    .values({ ...values, sendStatus: 'sending', sendClaimedAt: new Date() })
    .onConflictDoNothing({ target: [emails.emailAccountId, emails.sendKey] })
    .returning();
  if (inserted) return { row: inserted, claimed: true };
  const [existing] = await db
    .select()
    .from(emails)
    .where(
      and(
        eq(emails.businessId, values.businessId),
        eq(emails.emailAccountId, values.emailAccountId),
        eq(emails.sendKey, values.sendKey),
      ),
    );
  if (!existing) throw new Error('claimed email send vanished');
  return { row: existing, claimed: false };
}

/**
 * The provider took the reply: the row takes its id and thread. If the sync stored the sent copy
 * first (same provider id), that copy goes: the reply is one row.
 */
export async function settleEmailSend(
  db: Db,
  params: {
    businessId: string;
    emailId: string;
    accountId: string;
    providerMessageId: string;
    threadId: string;
  },
): Promise<EmailRow | undefined> {
  return db.transaction(async (tx) => {
    await tx
      .delete(emails)
      .where(
        and(
          eq(emails.businessId, params.businessId),
          eq(emails.emailAccountId, params.accountId),
          eq(emails.providerMessageId, params.providerMessageId),
          sql`${emails.id} <> ${params.emailId}`,
        ),
      );
    const [row] = await tx
      .update(emails)
      .set({
        providerMessageId: params.providerMessageId,
        threadId: params.threadId,
        sendStatus: 'sent',
        sendError: null,
      })
      .where(and(eq(emails.businessId, params.businessId), eq(emails.id, params.emailId)))
      .returning();
    return row;
  });
}

/** A claimed reply that did not go (`failed`) or may have (`unknown`), with why. */
export async function markEmailSend(
  db: Db,
  params: { businessId: string; emailId: string; status: 'failed' | 'unknown'; error: string },
): Promise<EmailRow | undefined> {
  const [row] = await db
    .update(emails)
    .set({ sendStatus: params.status, sendError: params.error.slice(0, 500) })
    .where(
      and(
        eq(emails.businessId, params.businessId),
        eq(emails.id, params.emailId),
        eq(emails.sendStatus, 'sending'),
      ),
    )
    .returning();
  return row;
}

/**
 * Replies still `sending` after `olderThan`: the process died between the claim and the
 * provider's answer, so they may have left. They become `unknown` (never resent blindly).
 */
export async function markAbandonedEmailSends(db: Db, params: { olderThan: Date }) {
  const rows = await db
    .update(emails)
    .set({ sendStatus: 'unknown', sendError: 'interrupted before the provider answered' })
    .where(and(eq(emails.sendStatus, 'sending'), lt(emails.sendClaimedAt, params.olderThan)))
    .returning({ id: emails.id, businessId: emails.businessId });
  return rows;
}

/**
 * Sent copies the sync just stored of replies still awaiting theirs (same Message-ID in the same
 * mailbox): the reply is settled by its copy (it did leave; its id and thread are the copy's),
 * and the copy goes.
 */
export async function settleSendsBySyncedCopies(
  db: Db,
  params: { businessId: string; accountId: string; emailIds: string[] },
): Promise<number> {
  if (params.emailIds.length === 0) return 0;
  const result = await db.execute(sql`
    with copies as (
      delete from emails c
      using emails r
      where c.business_id = ${params.businessId}
        and c.email_account_id = ${params.accountId}
        and c.id in ${sql`(${sql.join(
          params.emailIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`}
        and c.direction = 'outbound'
        and r.email_account_id = c.email_account_id
        and r.id <> c.id
        and ${awaitsCopy('r')}
        and r.message_id_header = c.message_id_header
      returning c.provider_message_id, c.thread_id, c.message_id_header
    )
    update emails r set provider_message_id = copies.provider_message_id,
      thread_id = copies.thread_id, send_status = 'sent', send_error = null
    from copies
    where r.email_account_id = ${params.accountId}
      and r.message_id_header = copies.message_id_header
      and ${awaitsCopy('r')}`);
  return result.rowCount ?? 0;
}
