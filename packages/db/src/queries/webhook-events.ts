// The webhook inbox's SQL (webhook_events): the webhook's insert, the drain's claim of a batch and
// of one event, each event's outcome, a failure counted against an event, the parked events
// listed and put back, and the purge of processed ones. Events arrive before anyone knows their
// business (the drain finds it from the number they were sent to), so these are the platform's
// statements, not a tenant's.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { type WebhookEvent, webhookEvents } from '../schema';

/** A WhatsApp delivery as the inbox keeps it (see api/src/webhook-inbox/writer.ts). */
export interface NewInboxEvent {
  externalId: string;
  /** The JSON text to store. */
  json: string;
  /** Why it is kept for a human instead of processed (`invalid`); null: to process. */
  invalid: string | null;
}

/**
 * Stores deliveries (one already stored is skipped) and, in the same statement, NOTIFYs
 * `channel` (sent on commit) when one of them is to process. One statement text whatever the
 * number of events (a column per array parameter): building it costs nothing on the webhook's
 * acknowledgement path.
 */
export function insertInboxEvents(db: Db, events: NewInboxEvent[], channel: string) {
  return db.execute(sql`
      with stored as (
        insert into ${webhookEvents} (provider, external_id, payload, signature_valid, status, error)
        select 'whatsapp', v.external_id, v.payload, true,
          case when v.invalid is null then 'received' else 'invalid' end::webhook_status,
          v.invalid
        from unnest(${sql.param(events.map((event) => event.externalId))}::text[],
          ${sql.param(events.map((event) => event.json))}::jsonb[],
          ${sql.param(events.map((event) => event.invalid))}::text[]) as v(external_id, payload, invalid)
        on conflict do nothing
        returning status)
      select pg_notify(${channel}, '') where exists (select 1 from stored where status = 'received')`);
}

/**
 * Up to `limit` received WhatsApp events, oldest first, locked (SKIP LOCKED: several drains share
 * the backlog). The claim alone runs without bitmap scans: processed events leave dead entries at
 * the head of the inbox index until VACUUM runs; a plain index scan skips them once seen (it marks
 * them dead in the index), a bitmap scan, which the planner picks for a few rows, re-reads every
 * one of them on each claim (measured: 101 ms per claim after 180,000 events, 1 ms this way).
 * Call inside the drain's transaction (the settings are `set local`).
 */
export async function claimReceivedEvents(
  db: Db,
  params: { limit: number },
): Promise<WebhookEvent[]> {
  await db.execute(sql`set local enable_bitmapscan = off`);
  // No wait for the WAL flush: what this transaction writes is derived from events already
  // durable in webhook_events, and a crash can only lose it whole (events marked processed
  // included), so they are processed again. On network disks (1-5 ms per flush) each batch would
  // otherwise wait for one; this machine's disk flushes in 0.14 ms, so the bench cannot show the
  // difference.
  await db.execute(sql`set local synchronous_commit = off`);
  const events = await db
    .select()
    .from(webhookEvents)
    .where(and(eq(webhookEvents.provider, 'whatsapp'), eq(webhookEvents.status, 'received')))
    .orderBy(asc(webhookEvents.receivedAt), asc(webhookEvents.id))
    .limit(params.limit)
    .for('update', { skipLocked: true });
  await db.execute(sql`set local enable_bitmapscan to default`); // the claim only
  return events;
}

/** One event still to process (received, or parked), locked; undefined when another drain has it. */
export async function claimEvent(
  db: Db,
  params: { eventId: string },
): Promise<WebhookEvent | undefined> {
  const [event] = await db
    .select()
    .from(webhookEvents)
    .where(
      and(
        eq(webhookEvents.id, params.eventId),
        inArray(webhookEvents.status, ['received', 'failed']),
      ),
    )
    .for('update', { skipLocked: true });
  return event;
}

export interface EventOutcome {
  id: string;
  status: 'processed' | 'ignored' | 'invalid' | 'already';
  /** The business the event turned out to be for, when it named one of ours. */
  businessId: string | null;
  error: string | null;
}

/** Each event's outcome, in one statement (array parameters: no parameter limit to chunk for). */
export async function recordEventOutcomes(db: Db, outcomes: EventOutcome[]): Promise<void> {
  await db.execute(sql`
    update ${webhookEvents} as w
    set status = v.status, business_id = v.business_id, error = v.error,
        processed_at = now(), attempts = w.attempts + 1
    from unnest(${sql.param(outcomes.map((o) => o.id))}::uuid[], ${sql.param(outcomes.map((o) => o.status))}::webhook_status[],
      ${sql.param(outcomes.map((o) => o.businessId))}::uuid[], ${sql.param(outcomes.map((o) => o.error))}::text[])
      as v(id, status, business_id, error)
    where w.id = v.id`);
}

/**
 * Counts a failure the event caused itself; at the `maxAttempts`th it is parked (`failed`), with
 * the time the sweep puts it back: `redriveDelays[redrives]` from now (none after the last).
 * The status it is left in; undefined when it was no longer received.
 */
export async function countEventFailure(
  db: Db,
  params: {
    eventId: string;
    error: string;
    maxAttempts: number;
    redriveDelays: readonly string[];
  },
): Promise<string | undefined> {
  const delays = sql.raw(`array[${params.redriveDelays.map((d) => `interval '${d}'`).join(', ')}]`);
  const { rows } = await db.execute<{ status: string }>(sql`
    update ${webhookEvents}
    set attempts = attempts + 1,
        error = ${params.error},
        status = case when attempts + 1 >= ${params.maxAttempts} then 'failed'::webhook_status else status end,
        next_attempt_at = case when attempts + 1 >= ${params.maxAttempts}
          then now() + (${delays})[redrives + 1] end
    where id = ${params.eventId} and status = 'received'
    returning status`);
  return rows[0]?.status;
}

export type ParkedEventRow = {
  id: string;
  provider: string;
  business_id: string | null;
  error: string | null;
  attempts: number;
  redrives: number;
  next_attempt_at: string | null;
  payload_bytes: number;
  received_at: string;
};

/** The parked events, newest first (keyset on received_at, id: `before` is the last one seen). */
export async function listParkedEvents(
  db: Db,
  params: { limit: number; before?: { receivedAt: Date; id: string } | undefined },
): Promise<ParkedEventRow[]> {
  const { rows } = await db.execute<ParkedEventRow>(sql`
    select id, provider, business_id, error, attempts, redrives, next_attempt_at,
           octet_length(payload::text)::int as payload_bytes, received_at
      from ${webhookEvents}
     where status = 'failed'
       ${params.before ? sql`and (received_at, id) < (${params.before.receivedAt.toISOString()}::timestamptz, ${params.before.id}::uuid)` : sql``}
     order by received_at desc, id desc
     limit ${params.limit}`);
  return rows;
}

/**
 * Parked events back in the inbox with a fresh count of attempts: the given ones, or those whose
 * sweep time has come. The ids put back.
 */
export async function redriveParkedEvents(
  db: Db,
  which: { ids: string[] } | { due: true },
): Promise<string[]> {
  const { rows } = await db.execute<{ id: string }>(sql`
    update ${webhookEvents}
       set status = 'received', attempts = 0, redrives = redrives + 1, next_attempt_at = null,
           processed_at = null
     where status = 'failed'
       and ${'ids' in which ? sql`id = any(${sql.param(which.ids)}::uuid[])` : sql`next_attempt_at <= now()`}
    returning id`);
  return rows.map((row) => row.id);
}

/** Rows deleteProcessedEvents deletes at most per statement, so no long lock is held. */
export const PURGE_BATCH = 5000;

/**
 * Deletes up to PURGE_BATCH events processed (or ignored) more than `retentionDays` ago; how many
 * it deleted. Failed and invalid events are never purged.
 */
export async function deleteProcessedEvents(
  db: Db,
  params: { retentionDays: number },
): Promise<number> {
  const result = await db.execute(sql`
      delete from webhook_events where id in (
        select id from webhook_events
        where status in ('processed', 'ignored')
          and processed_at < now() - make_interval(days => ${params.retentionDays})
        limit 5000)`);
  return result.rowCount ?? 0;
}
