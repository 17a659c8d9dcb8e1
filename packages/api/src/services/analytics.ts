// The dashboard's figures, shaped from the aggregates in @flux/db/queries/analytics: every status
// listed, rates, seconds and minutes rounded, totals. Amounts stay in minor units here; the
// presenter formats them (presenters/analytics.ts).

import type { Db } from '@flux/db';
import { schema } from '@flux/db';
import {
  type Bucket,
  deliveryDurationStats,
  draftReviews,
  firstResponseTimes,
  headlineCounts,
  orderCountsByStatus,
  type Period,
  revenueBuckets,
} from '@flux/db/queries/analytics';

export type { Bucket, Period };

const seconds = (value: number | null) => (value === null ? null : Math.round(value));
const minutes = (value: number | null) => (value === null ? null : Math.round(value / 6) / 10);

/**
 * Orders and revenue (minor units) per day or week of the business's calendar, empty buckets
 * included, first bucket the one `from` falls in (a week starts on Monday), and their totals.
 */
export async function revenueSeries(db: Db, params: Period & { bucket: Bucket; timezone: string }) {
  const buckets = await revenueBuckets(db, params);
  return {
    timezone: params.timezone,
    bucket: params.bucket,
    buckets,
    totals: {
      orders: buckets.reduce((sum, b) => sum + b.orders, 0),
      revenue: buckets.reduce((sum, b) => sum + b.revenue, 0),
      collected: buckets.reduce((sum, b) => sum + b.collected, 0),
    },
  };
}

/** Orders created in the period, per status as they are now, every status listed. */
export async function ordersByStatus(db: Db, params: Period) {
  const rows = await orderCountsByStatus(db, params);
  const counts = new Map(rows.map((row) => [row.status, row.count]));
  return {
    total: rows.reduce((sum, row) => sum + row.count, 0),
    statuses: schema.orderStatusEnum.enumValues.map((status) => ({
      status,
      count: counts.get(status) ?? 0,
    })),
  };
}

/**
 * Conversations whose customer's first message falls in the period, and how long until a person
 * or the AI first answered (system notes and sends that failed do not count as an answer).
 */
export async function firstResponse(db: Db, params: Period) {
  const row = await firstResponseTimes(db, params);
  const total = row?.conversations ?? 0;
  const answered = row?.answered ?? 0;
  return {
    conversations: total,
    answered,
    unanswered: total - answered,
    medianSeconds: seconds(row?.median ?? null),
    p90Seconds: seconds(row?.p90 ?? null),
  };
}

/** Drafts used as they were or after an edit, among those reviewed; null before any review. */
export function draftAcceptance(counts: { accepted: number; edited: number; rejected: number }) {
  const reviewed = counts.accepted + counts.edited + counts.rejected;
  return {
    reviewed,
    acceptanceRate: reviewed ? (counts.accepted + counts.edited) / reviewed : null,
  };
}

/** Drafts made in the period that someone reviewed (ai.metrics counts the same way). */
export async function aiAcceptance(db: Db, params: Period) {
  const counts = await draftReviews(db, params);
  return { ...counts, ...draftAcceptance(counts) };
}

/**
 * Deliveries created in the period that ended delivered or failed, and for the delivered ones
 * the minutes from creation (order ready) and from pick-up to the customer's door.
 */
export async function deliveryDurations(db: Db, params: Period) {
  const row = await deliveryDurationStats(db, params);
  return {
    delivered: row?.delivered ?? 0,
    failed: row?.failed ?? 0,
    /** Created → delivered. */
    totalMinutes: {
      median: minutes(row?.totalMedian ?? null),
      p90: minutes(row?.totalP90 ?? null),
    },
    /** Picked up → delivered. */
    rideMinutes: { median: minutes(row?.rideMedian ?? null), p90: minutes(row?.rideP90 ?? null) },
  };
}

/** The dashboard header's counters, now; "today" is the business's day. */
export async function headline(db: Db, params: { businessId: string; timezone: string }) {
  const row = await headlineCounts(db, params);
  return {
    openConversations: row?.open_conversations ?? 0,
    unreadConversations: row?.unread_conversations ?? 0,
    ordersToday: row?.orders_today ?? 0,
    deliveriesInProgress: row?.deliveries_in_progress ?? 0,
    couriersAvailable: row?.couriers_available ?? 0,
  };
}
