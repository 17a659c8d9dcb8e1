// The business's WhatsApp number (one at most): read, replaced, removed.
import { and, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { whatsappAccounts } from '../schema';

export type WhatsappAccountRow = typeof whatsappAccounts.$inferSelect;

export async function whatsappAccountOf(
  db: Db,
  params: { businessId: string },
): Promise<WhatsappAccountRow | undefined> {
  const [row] = await db
    .select()
    .from(whatsappAccounts)
    .where(eq(whatsappAccounts.businessId, params.businessId));
  return row;
}

/** The connected number's account and token, while it is active. */
export async function activeWhatsappAccount(db: Db, params: { businessId: string }) {
  const [row] = await db
    .select({ wabaId: whatsappAccounts.wabaId, accessToken: whatsappAccounts.accessToken })
    .from(whatsappAccounts)
    .where(
      and(eq(whatsappAccounts.businessId, params.businessId), eq(whatsappAccounts.active, true)),
    );
  return row;
}

/** Removes the business's number: what was removed, if there was one. */
export async function deleteWhatsappAccount(db: Db, params: { businessId: string }) {
  const [row] = await db
    .delete(whatsappAccounts)
    .where(eq(whatsappAccounts.businessId, params.businessId))
    .returning({ id: whatsappAccounts.id, phoneNumberId: whatsappAccounts.phoneNumberId });
  return row;
}

/** The business's number, in place of the one it had (call inside a transaction). */
export async function replaceWhatsappAccount(
  db: Db,
  params: {
    businessId: string;
    values: Omit<typeof whatsappAccounts.$inferInsert, 'businessId'>;
  },
): Promise<WhatsappAccountRow> {
  await deleteWhatsappAccount(db, { businessId: params.businessId });
  const [row] = await db
    .insert(whatsappAccounts)
    .values({ ...params.values, businessId: params.businessId })
    .returning();
  if (!row) throw new Error('whatsapp account insert returned nothing');
  return row;
}
