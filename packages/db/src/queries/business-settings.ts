// The business's own row as its admins change it: profile (name, time zone, language) and settings.
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { businesses } from '../schema';

export type BusinessRow = typeof businesses.$inferSelect;

/** The settings as they are now, locked for a merge. */
export async function lockBusinessSettings(db: Db, params: { businessId: string }) {
  const [row] = await db
    .select({ settings: businesses.settings })
    .from(businesses)
    .where(eq(businesses.id, params.businessId))
    .for('update');
  return row?.settings;
}

export async function updateBusiness(
  db: Db,
  params: {
    businessId: string;
    set: Partial<Pick<BusinessRow, 'name' | 'timezone' | 'locale' | 'settings'>>;
  },
): Promise<BusinessRow | undefined> {
  const [row] = await db
    .update(businesses)
    .set(params.set)
    .where(eq(businesses.id, params.businessId))
    .returning();
  return row;
}

/** What the AI is told of the business (name, currency, locale) and its settings. */
export async function businessForAi(db: Db, params: { businessId: string }) {
  const [row] = await db
    .select({
      name: businesses.name,
      currency: businesses.currency,
      locale: businesses.locale,
      country: businesses.country,
      settings: businesses.settings,
    })
    .from(businesses)
    .where(eq(businesses.id, params.businessId));
  return row;
}
