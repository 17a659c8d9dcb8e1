// The webhook inbox's parked events: those that failed EVENT_ATTEMPTS times because of their own
// content (an infrastructure error never counts). Platform admins see them (reason, size) and put
// them back in the inbox; a sweep does it by itself with a growing delay (REDRIVE_DELAYS).
import type { Database, Db } from '@flux/db';
import { schema } from '@flux/db';
import { sql } from 'drizzle-orm';
import type { JobSender } from '../jobs/sender';
import { type Actor, writeAudit } from '../lib/audit';

const { webhookEvents } = schema;

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
  const { rows } = await db.execute<{
    id: string;
    provider: string;
    business_id: string | null;
    error: string | null;
    attempts: number;
    redrives: number;
    next_attempt_at: string | null;
    payload_bytes: number;
    received_at: string;
  }>(sql`
    select id, provider, business_id, error, attempts, redrives, next_attempt_at,
           octet_length(payload::text)::int as payload_bytes, received_at
      from ${webhookEvents}
     where status = 'failed'
       ${params.before ? sql`and (received_at, id) < (${params.before.receivedAt.toISOString()}::timestamptz, ${params.before.id}::uuid)` : sql``}
     order by received_at desc, id desc
     limit ${params.limit}`);
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
