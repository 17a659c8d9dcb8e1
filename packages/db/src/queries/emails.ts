// Synced emails' SQL: one email, and the triage's fields written on it.
import { and, eq } from 'drizzle-orm';
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
