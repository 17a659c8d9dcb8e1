// The drain of the webhook inbox (webhook_events): claims stored events in batches, has them
// ingested, counts the failures an event causes itself and parks it after EVENT_ATTEMPTS. A batch
// that fails is redone event by event, so one poison event spoils nothing else.
import type { Database } from '@flux/db';
import {
  claimEvent,
  claimReceivedEvents,
  countEventFailure as countFailure,
} from '@flux/db/queries/webhook-events';
import { isInfrastructureError, isTimeoutError } from '../lib/errors';
import type { LiveBus } from '../lib/live';
import { type IngestHooks, type IngestResult, ingestEvents } from '../services/whatsapp-ingest';

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
            // Without bitmap scans and without waiting for the WAL flush: see claimReceivedEvents.
            const events = await claimReceivedEvents(tx, { limit: batch });
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
  const status = await countFailure(db, {
    eventId: id,
    error: String(error).slice(0, 2_000),
    maxAttempts: EVENT_ATTEMPTS,
    redriveDelays: REDRIVE_DELAYS,
  });
  return status === 'failed';
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
    const event = await claimEvent(tx, { eventId });
    if (!event) return already();
    return (await ingestEvents(tx, [event], hooks))[0] ?? already();
  });
}
