// The webhook inbox's write side: a signed delivery becomes a row of webhook_events, the durable
// inbox the drain empties. The webhook acknowledges only once its row is committed, so this is
// the acknowledgement path's one statement: concurrent deliveries share their INSERT (group
// commit), and the same statement tells every worker that the inbox has news.
import type { Database } from '@flux/db';
import { insertInboxEvents } from '@flux/db/queries/webhook-events';
import { groupCommit } from '../lib/group-commit';
import { INBOX_CHANNEL } from './waker';

/** A delivery as the inbox keeps it. */
export interface InboxEvent {
  /** The dedupe key: Meta re-sends the identical body on retries (the route uses its hash). */
  externalId: string;
  /** The JSON text to store: the raw body itself unless it had to be cleaned. */
  json: string;
  /** Why the event is kept for a human instead of processed (`invalid`); null: to process. */
  invalid: string | null;
}

/**
 * Stores one WhatsApp delivery: resolves with null once it is committed (a re-delivery already
 * stored counts as stored), or with the error that kept it out, for the route to answer 503.
 */
export type StoreInboxEvent = (event: InboxEvent) => Promise<unknown>;

/**
 * The inbox's writer on this database. One statement text whatever the number of events (a
 * column per array parameter): building it costs nothing on the acknowledgement path. Its
 * NOTIFY is sent on commit, so the drain starts even if the acknowledging process dies before
 * its own nudge. (Measured: enqueueing a pg-boss job in the same transaction acknowledged 6x
 * fewer per second.)
 */
export function createInboxWriter(db: Database): StoreInboxEvent {
  const insert = (events: InboxEvent[]) => insertInboxEvents(db, events, INBOX_CHANNEL);
  // Concurrent deliveries share one INSERT; two statements at most in flight (measured best:
  // fewer, larger statements).
  return groupCommit<InboxEvent, unknown>(
    async (events) => {
      try {
        await insert(events);
        return events.map(() => null);
      } catch (error) {
        if (events.length === 1) return [error];
        // One row that cannot be stored fails its statement: store each alone, so only it is
        // refused.
        return Promise.all(
          events.map((event) =>
            insert([event]).then(
              () => null,
              (failure: unknown) => failure,
            ),
          ),
        );
      }
    },
    // The bodies travel as one array text per statement: 16 MB of them at most (five of Meta's
    // largest, far under V8's longest string).
    { inFlight: 2, weight: (event) => event.json.length, maxWeight: 16 * 1024 * 1024 },
  );
}
