// A business's SMS provider account (Africa's Talking or Twilio): its key decrypted on read.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { smsAccounts } from '../schema';

export type SmsAccountRow = typeof smsAccounts.$inferSelect;

/** The business's active SMS account, if it connected one. */
export async function activeSmsAccount(db: Db, params: { businessId: string }) {
  const [row] = await db
    .select()
    .from(smsAccounts)
    .where(and(eq(smsAccounts.businessId, params.businessId), eq(smsAccounts.active, true)));
  return row;
}

/** The business's SMS account, active or not. */
export async function smsAccountOf(db: Db, params: { businessId: string }) {
  const [row] = await db
    .select()
    .from(smsAccounts)
    .where(eq(smsAccounts.businessId, params.businessId));
  return row;
}

/** Stores the business's account in place of its previous one (one per business). */
export async function replaceSmsAccount(
  db: Db,
  params: {
    businessId: string;
    values: Omit<typeof smsAccounts.$inferInsert, 'businessId' | 'id'>;
  },
): Promise<SmsAccountRow> {
  const [row] = await db
    .insert(smsAccounts)
    .values({ ...params.values, businessId: params.businessId })
    .onConflictDoUpdate({
      target: smsAccounts.businessId,
      set: { ...params.values, updatedAt: new Date() },
    })
    .returning();
  if (!row) throw new Error('sms account upsert returned nothing');
  return row;
}

export async function deleteSmsAccount(db: Db, params: { businessId: string }) {
  const [row] = await db
    .delete(smsAccounts)
    .where(eq(smsAccounts.businessId, params.businessId))
    .returning({ id: smsAccounts.id });
  return row;
}
