// The business as its staff see it (profile and settings) and its plan. The order counter is the
// order transaction's own bookkeeping: orders carry their numbers.
import type { schema } from '@flux/db';

type BusinessRow = typeof schema.businesses.$inferSelect;
type SubscriptionRow = typeof schema.subscriptions.$inferSelect;

export function presentBusiness(row: BusinessRow) {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    country: row.country,
    currency: row.currency,
    timezone: row.timezone,
    locale: row.locale,
    settings: row.settings,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type BusinessView = ReturnType<typeof presentBusiness>;

export function presentSubscription(row: SubscriptionRow) {
  return {
    plan: row.plan,
    status: row.status,
    /** End of the current billing period (or of the trial). */
    currentPeriodEnd: row.currentPeriodEnd,
    messagesLimit: row.messagesLimit,
    aiCallsLimit: row.aiCallsLimit,
    couriersLimit: row.couriersLimit,
  };
}
