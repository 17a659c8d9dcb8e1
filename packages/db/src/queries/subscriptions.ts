// A business's plan: what business.get shows beside the profile.
import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { subscriptions } from '../schema';

/** The business's subscription, or undefined (none yet). */
export async function subscriptionOf(db: Db, params: { businessId: string }) {
  const [row] = await db
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.businessId, params.businessId));
  return row;
}
