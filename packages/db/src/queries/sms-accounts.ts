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
