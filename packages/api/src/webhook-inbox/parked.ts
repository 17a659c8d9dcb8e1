// The webhook inbox's parked events: those that failed EVENT_ATTEMPTS times because of their own
// content (an infrastructure error never counts). Platform admins see them (reason, size) and put
// them back in the inbox; a sweep does it by itself with a growing delay (REDRIVE_DELAYS).
import type { Database } from '@flux/db';
import {
  listParkedEvents as parkedEventRows,
  redriveParkedEvents,
} from '@flux/db/queries/webhook-events';
import type { JobSender } from '../jobs/sender';
import { type Actor, writeAudit } from '../lib/audit';

export interface ParkedEvent {
  id: string;
  provider: string;
  businessId: string | null;
  error: string | null;
  attempts: number;
  redrives: number;
  /** When the sweep will put it back by itself; null: it waits for a person. */
  nextAttemptAt: Date | null;
  payloadBytes: number;
  receivedAt: Date;
}

/** The parked events, newest first (keyset on received_at, id: `before` is the last one seen). */
export async function listParkedEvents(
  db: Database,
  params: { limit: number; before?: { receivedAt: Date; id: string } | undefined },
): Promise<ParkedEvent[]> {
  const rows = await parkedEventRows(db, params);
  return rows.map((row) => ({
    id: row.id,
    provider: row.provider,
    businessId: row.business_id,
    error: row.error,
    attempts: row.attempts,
    redrives: row.redrives,
    nextAttemptAt: row.next_attempt_at ? new Date(row.next_attempt_at) : null,
    payloadBytes: row.payload_bytes,
    receivedAt: new Date(row.received_at),
  }));
}

/**
 * Puts parked events back in the inbox with a fresh count of attempts: the given ones (an admin's
 * action), or those whose sweep time has come. Returns the ids put back; the caller nudges the drain.
 */
export { redriveParkedEvents };

/** An admin's redrive: the events, the audit row and the drain's nudge commit together, or none. */
export function redriveByHand(db: Database, jobs: JobSender, actor: Actor, ids: string[]) {
  return db.transaction(async (tx) => {
    const redriven = await redriveParkedEvents(tx, { ids });
    if (redriven.length > 0) await jobs.send('whatsapp.ingest', {}, { db: tx });
    await writeAudit(tx, actor, {
      businessId: null,
      action: 'webhooks.redrive',
      entityType: 'webhook_event',
      changes: { ids: redriven },
    });
    return redriven;
  });
}
