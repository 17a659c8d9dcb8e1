// The drain of the webhook inbox (webhook_events): claims stored events in batches, has them
// ingested, counts the failures an event causes itself and parks it after EVENT_ATTEMPTS. A batch
// that fails is redone event by event, so one poison event spoils nothing else.
import type { Database } from '@flux/db';
import { schema } from '@flux/db';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { isInfrastructureError, isTimeoutError } from '../lib/errors';
import type { LiveBus } from '../lib/live';
import { type IngestHooks, type IngestResult, ingestEvents } from '../services/whatsapp-ingest';

const { webhookEvents } = schema;

const already = (): IngestResult => ({
  status: 'already',
  messages: 0,
  statuses: 0,
  notes: [],
  live: [],
});

export const EVENT_ATTEMPTS = 5;
/**
 * When the sweep puts a parked event back in the inbox, after its 1st, 2nd... parking: a fix
 * deployed in the meantime gets it processed without anyone asking. After the last, it waits for
 * a platform admin (`webhooks.redrive`).
 */
export const REDRIVE_DELAYS = ['5 minutes', '30 minutes', '2 hours', '12 hours'] as const;

/**
 * Processes every stored, unprocessed WhatsApp event, oldest first, until none is left or
 * `signal` aborts (the process is stopping: the batch under way is finished, nothing new is
 * claimed): `concurrency` loops each claim up to `batch` events (FOR UPDATE SKIP LOCKED, so
 * several drains and several workers share the backlog) and ingest them in one transaction. Run
 * by the `whatsapp.ingest` job (nudged after each acknowledged webhook, and swept every minute),
 * so an event committed by the webhook is processed even if the process that acknowledged it
 * died a moment later.
 *
 * An infrastructure error (database gone, jobs stopped, a deadlock) is thrown as it is: the events
 * stay in the inbox untouched and the job is retried. Only an error in an event itself counts
 * against it, and parks it after EVENT_ATTEMPTS.
 */
export async function drainWebhookEvents(
  db: Database,
  options: {
    batch?: number;
    concurrency?: number;
    live?: LiveBus;
    signal?: AbortSignal | undefined;
  } & IngestHooks = {},
): Promise<{ processed: number; messages: number; parked: number }> {
  const batch = options.batch ?? 100;
  const concurrency = options.concurrency ?? 1;
  const totals = { processed: 0, messages: 0, parked: 0 };
  const count = async (results: IngestResult[]) => {
    const published: Promise<void>[] = [];
    for (const result of results) {
      if (result.status !== 'already') totals.processed += 1;
      totals.messages += result.messages;
      // Published together, in order: the bus sends them to the other processes in one NOTIFY
      // (one round trip each capped the drain at ~2,900 events/s).
      for (const { businessId, event } of result.live) {
        if (options.live) published.push(options.live.publish(businessId, event));
      }
    }
    await Promise.all(published);
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (!options.signal?.aborted) {
        let claimed: string[] = [];
        try {
          const results = await db.transaction(async (tx) => {
            // Processed events leave dead entries at the head of the inbox index until VACUUM
            // runs. A plain index scan skips them once seen (it marks them dead in the index); a
            // bitmap scan, which the planner picks for a few rows, re-reads every one of them on
            // each claim (measured: 101 ms per claim after 180,000 events, 1 ms this way).
            await tx.execute(sql`set local enable_bitmapscan = off`);
            // No wait for the WAL flush: what this transaction writes is derived from events
            // already durable in webhook_events, and a crash can only lose it whole (events
            // marked processed included), so they are processed again. On network disks (1-5 ms
            // per flush) each batch would otherwise wait for one; this machine's disk flushes in
            // 0.14 ms, so the bench cannot show the difference.
            await tx.execute(sql`set local synchronous_commit = off`);
            const events = await tx
              .select()
              .from(webhookEvents)
              .where(
                and(eq(webhookEvents.provider, 'whatsapp'), eq(webhookEvents.status, 'received')),
              )
              .orderBy(asc(webhookEvents.receivedAt), asc(webhookEvents.id))
              .limit(batch)
              .for('update', { skipLocked: true });
            await tx.execute(sql`set local enable_bitmapscan to default`); // the claim only
            claimed = events.map((event) => event.id);
            return ingestEvents(tx, events, options);
          });
          await count(results);
        } catch (error) {
          // A timeout may be one heavy event's: the batch is redone event by event like for a bad one.
          if (isInfrastructureError(error) && !isTimeoutError(error)) throw error;
          // One bad event spoils its batch: redo the batch event by event, so only it fails.
          let failedAgain = false;
          for (const id of claimed) {
            try {
              await count([await ingestWebhookEvent(db, id, options)]);
            } catch (eventError) {
              if (isInfrastructureError(eventError) && !isTimeoutError(eventError))
                throw eventError;
              if (await countEventFailure(db, id, eventError)) totals.parked += 1;
              failedAgain = true;
            }
          }
          // A failed event is still in the inbox: claim again, until it is processed or parked.
          if (failedAgain) continue;
        }
        if (claimed.length < batch) return;
      }
    }),
  );
  return totals;
}

/**
 * Counts a failure caused by the event itself; parks it at the last attempt, with the time the
 * sweep will put it back (none after the last redrive). True when it was parked.
 */
async function countEventFailure(db: Database, id: string, error: unknown): Promise<boolean> {
  const delays = sql.raw(`array[${REDRIVE_DELAYS.map((d) => `interval '${d}'`).join(', ')}]`);
  const { rows } = await db.execute<{ status: string }>(sql`
    update ${webhookEvents}
    set attempts = attempts + 1,
        error = ${String(error).slice(0, 2_000)},
        status = case when attempts + 1 >= ${EVENT_ATTEMPTS} then 'failed'::webhook_status else status end,
        next_attempt_at = case when attempts + 1 >= ${EVENT_ATTEMPTS}
          then now() + (${delays})[redrives + 1] end
    where id = ${id} and status = 'received'
    returning status`);
  return rows[0]?.status === 'failed';
}

/** Processes one stored event in its own transaction ('already' when done or being done). */
export async function ingestWebhookEvent(
  db: Database,
  eventId: string,
  hooks: IngestHooks = {},
): Promise<IngestResult> {
  return db.transaction(async (tx) => {
    // SKIP LOCKED: an event another drain is processing right now is theirs. A parked (failed)
    // event can be retried this way.
    const [event] = await tx
      .select()
      .from(webhookEvents)
      .where(
        and(eq(webhookEvents.id, eventId), inArray(webhookEvents.status, ['received', 'failed'])),
      )
      .for('update', { skipLocked: true });
    if (!event) return already();
    return (await ingestEvents(tx, [event], hooks))[0] ?? already();
  });
}
