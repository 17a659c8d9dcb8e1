// The dashboard's figures as SQL aggregates over one business's rows in a period [from, to).
// A figure counts what started in the period (orders and deliveries created, conversations first
// written to by the customer, AI drafts made), so every query ranges over an existing
// (business_id, created_at) index; days and weeks are the business's own, in its time zone.
import { and, type Column, eq, gte, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { aiInsights, conversations, couriers, deliveries, messages, orders } from '../schema';
import { draftReviewColumns } from './ai-insights';
import { CARRYING } from './deliveries';

export interface Period {
  businessId: string;
  from: Date;
  to: Date;
}

export type Bucket = 'day' | 'week';

/** The business's rows created in the period. */
const createdIn = (table: { businessId: Column; createdAt: Column }, period: Period) =>
  and(
    eq(table.businessId, period.businessId),
    gte(table.createdAt, period.from),
    lt(table.createdAt, period.to),
  );

/** Drafts and cancelled orders are not sales; every other status is, failed and returned too. */
const notSale = sql`${orders.status} not in ('draft', 'cancelled')`;

/**
 * Orders and revenue (order totals in minor units) per day or week of the business's calendar,
 * empty buckets included, first bucket the one `from` falls in (a week starts on Monday).
 * `revenue` is what was booked: every order taken (not a draft, not cancelled), paid or not;
 * `collected` the totals of those already paid (cash handed over at the door, mobile money, card),
 * both by the day the order was created.
 */
export async function revenueBuckets(
  db: Db,
  params: Period & { bucket: Bucket; timezone: string },
) {
  const { businessId, from, to, bucket, timezone: tz } = params;
  const step = bucket === 'day' ? '1 day' : '1 week';
  // Bucket starts are local wall-clock timestamps: stepping them by a day is right across DST.
  const result = await db.execute<{
    date: string;
    starts_at: Date;
    orders: number;
    revenue: string;
    collected: string;
  }>(sql`
    with series as (
      select generate_series(
        date_trunc(${bucket}::text, ${from}::timestamptz at time zone ${tz}::text),
        date_trunc(${bucket}::text, (${to}::timestamptz - interval '1 millisecond') at time zone ${tz}::text),
        ${step}::interval
      ) as start
    ), sales as (
      select date_trunc(${bucket}::text, ${orders.createdAt} at time zone ${tz}::text) as start,
        count(*)::int as orders, sum(${orders.total})::bigint as revenue,
        coalesce(sum(${orders.total}) filter (where ${orders.paymentStatus} = 'paid'), 0)::bigint
          as collected
      from ${orders}
      where ${orders.businessId} = ${businessId}
        and ${orders.createdAt} >= ${from}::timestamptz and ${orders.createdAt} < ${to}::timestamptz
        and ${notSale}
      group by 1
    )
    select to_char(series.start, 'YYYY-MM-DD') as date,
      series.start at time zone ${tz}::text as starts_at,
      coalesce(sales.orders, 0)::int as orders,
      coalesce(sales.revenue, 0)::bigint as revenue,
      coalesce(sales.collected, 0)::bigint as collected
    from series left join sales on sales.start = series.start
    order by series.start`);
  return result.rows.map((row) => ({
    /** The bucket's first local day, YYYY-MM-DD. */
    date: row.date,
    startsAt: new Date(row.starts_at),
    orders: row.orders,
    revenue: Number(row.revenue),
    collected: Number(row.collected),
  }));
}

/** Orders created in the period, counted per status as they are now (statuses with none absent). */
export async function orderCountsByStatus(db: Db, params: Period) {
  return db
    .select({ status: orders.status, count: sql<number>`count(*)::int` })
    .from(orders)
    .where(createdIn(orders, params))
    .groupBy(orders.status);
}

/**
 * Conversations whose customer's first message falls in the period, how many a person or the AI
 * answered, and the median and p90 seconds to that first answer (system notes and sends that
 * failed do not count as an answer).
 */
export async function firstResponseTimes(db: Db, params: Period) {
  const { businessId, from, to } = params;
  const result = await db.execute<{
    conversations: number;
    answered: number;
    median: number | null;
    p90: number | null;
  }>(sql`
    with first_in as (
      select conversation_id, min(created_at) as at
      from ${messages}
      where business_id = ${businessId} and direction = 'in' and author_type = 'customer'
        and created_at >= ${from}::timestamptz and created_at < ${to}::timestamptz
      group by conversation_id
    ), firsts as (
      select f.at, (
        select min(o.created_at) from ${messages} o
        where o.business_id = ${businessId} and o.conversation_id = f.conversation_id
          and o.direction = 'out' and o.author_type in ('user', 'ai') and o.status <> 'failed'
          and o.created_at >= f.at
      ) as answered_at
      from first_in f
      where not exists (
        select 1 from ${messages} e
        where e.business_id = ${businessId} and e.conversation_id = f.conversation_id
          and e.direction = 'in' and e.author_type = 'customer' and e.created_at < f.at
      )
    )
    select count(*)::int as conversations, count(answered_at)::int as answered,
      percentile_cont(0.5) within group (order by extract(epoch from answered_at - at)::float8) as median,
      percentile_cont(0.9) within group (order by extract(epoch from answered_at - at)::float8) as p90
    from firsts`);
  return result.rows[0];
}

/** Drafts made in the period, by what the agent did with them. */
export async function draftReviews(db: Db, params: Period) {
  const [row] = await db
    .select(draftReviewColumns())
    .from(aiInsights)
    .where(createdIn(aiInsights, params));
  return row ?? { accepted: 0, edited: 0, rejected: 0 };
}

/**
 * Deliveries created in the period that ended delivered or failed, and for the delivered ones
 * the median and p90 seconds from creation and from pick-up to the customer's door.
 */
export async function deliveryDurationStats(db: Db, params: Period) {
  const delivered = sql`${deliveries.status} = 'delivered'`;
  const sinceCreated = sql`extract(epoch from ${deliveries.deliveredAt} - ${deliveries.createdAt})::float8`;
  const sincePickup = sql`extract(epoch from ${deliveries.deliveredAt} - ${deliveries.pickedUpAt})::float8`;
  const [row] = await db
    .select({
      delivered: sql<number>`count(*) filter (where ${delivered})::int`,
      failed: sql<number>`count(*) filter (where ${deliveries.status} = 'failed')::int`,
      totalMedian: sql<
        number | null
      >`percentile_cont(0.5) within group (order by ${sinceCreated}) filter (where ${delivered})`,
      totalP90: sql<
        number | null
      >`percentile_cont(0.9) within group (order by ${sinceCreated}) filter (where ${delivered})`,
      rideMedian: sql<
        number | null
      >`percentile_cont(0.5) within group (order by ${sincePickup}) filter (where ${delivered})`,
      rideP90: sql<
        number | null
      >`percentile_cont(0.9) within group (order by ${sincePickup}) filter (where ${delivered})`,
    })
    .from(deliveries)
    .where(
      and(createdIn(deliveries, params), sql`${deliveries.status} in ('delivered', 'failed')`),
    );
  return row;
}

/** The dashboard header's counts, now; "today" is the business's day. */
export async function headlineCounts(db: Db, params: { businessId: string; timezone: string }) {
  const { businessId, timezone: tz } = params;
  const carrying = sql.join(
    ['pending', ...CARRYING].map((status) => sql`${status}`),
    sql`, `,
  );
  const result = await db.execute<{
    open_conversations: number;
    unread_conversations: number;
    orders_today: number;
    deliveries_in_progress: number;
    couriers_available: number;
  }>(sql`
    select
      (select count(*)::int from ${conversations}
        where business_id = ${businessId} and status = 'open') as open_conversations,
      -- Closing a conversation clears its unread count, so only live ones can have any.
      (select count(*)::int from ${conversations}
        where business_id = ${businessId} and status in ('open', 'pending') and unread_count > 0
      ) as unread_conversations,
      (select count(*)::int from ${orders}
        where business_id = ${businessId} and ${notSale}
          and created_at >= date_trunc('day', now() at time zone ${tz}::text) at time zone ${tz}::text
      ) as orders_today,
      (select count(*)::int from ${deliveries}
        where business_id = ${businessId} and status in (${carrying})) as deliveries_in_progress,
      (select count(*)::int from ${couriers}
        where business_id = ${businessId} and active and status = 'available') as couriers_available`);
  return result.rows[0];
}
