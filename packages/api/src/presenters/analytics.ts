// The dashboard's revenue series as answers show it: every amount formatted in the business's
// currency and language.
import { type Currency, money } from '../lib/money';
import type { revenueSeries } from '../services/analytics';

export function presentRevenue(
  series: Awaited<ReturnType<typeof revenueSeries>>,
  currency: Currency,
  locale: 'fr' | 'en',
) {
  return {
    currency,
    timezone: series.timezone,
    bucket: series.bucket,
    buckets: series.buckets.map((bucket) => ({
      date: bucket.date,
      startsAt: bucket.startsAt,
      orders: bucket.orders,
      /** Booked: the orders taken, paid or not. */
      revenue: money(bucket.revenue, currency, locale),
      /** Collected: the part of it already paid. */
      collected: money(bucket.collected, currency, locale),
    })),
    totals: {
      orders: series.totals.orders,
      revenue: money(series.totals.revenue, currency, locale),
      collected: money(series.totals.collected, currency, locale),
    },
  };
}
