// Audit trail: every mutation writes one row, in the same transaction as the change it records.
// Rows that record no change of their own (the REST API's one per call) are queued instead and
// written in shared INSERTs, so the answer does not wait for its row: see createAuditQueue.
import type { Db } from '@flux/db';
import { insertAuditEntries, insertAuditEntry } from '@flux/db/queries/audit';
import { groupCommit } from './group-commit';

export interface Actor {
  userId: string | null;
  label: string;
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditEntry {
  businessId: string | null;
  action: string;
  entityType?: string;
  entityId?: string;
  changes?: Record<string, unknown>;
}

const auditRow = (actor: Actor, entry: AuditEntry) => ({
  businessId: entry.businessId,
  actorUserId: actor.userId,
  actorLabel: actor.label,
  action: entry.action,
  entityType: entry.entityType ?? null,
  entityId: entry.entityId ?? null,
  changes: entry.changes ?? null,
  ip: actor.ip ?? null,
  userAgent: actor.userAgent?.slice(0, 512) ?? null,
});

export async function writeAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await insertAuditEntry(db, auditRow(actor, entry));
}

/** Audit rows written off the request path, in shared statements. */
export interface AuditQueue {
  /** Queues a row, stamped now; the caller goes on without waiting for its INSERT. */
  add(actor: Actor, entry: AuditEntry): void;
  /** Resolves once every row queued so far is written, or its failure reported. */
  flush(): Promise<void>;
}

/**
 * The queue of one process. A row is written at once when a statement is free, with the rows
 * that queued meanwhile otherwise (lib/group-commit.ts): under load one INSERT carries dozens.
 * Rows still queued when the process stops are written by `flush`, which bootstrap.ts's close
 * awaits after the HTTP drain and before the pool closes: a graceful stop loses none; a crash
 * loses at most the rows of the statements in flight.
 */
export function createAuditQueue(
  db: Db,
  onError: (error: unknown, rows: number) => void,
): AuditQueue {
  const write = groupCommit<ReturnType<typeof auditRow> & { createdAt: Date }, void>(
    async (rows) => {
      try {
        await insertAuditEntries(db, rows);
      } catch (error) {
        onError(error, rows.length);
      }
      return rows.map(() => undefined);
    },
    { inFlight: 2, maxBatch: 500 },
  );
  const pending = new Set<Promise<void>>();
  return {
    add(actor, entry) {
      const written: Promise<void> = write({ ...auditRow(actor, entry), createdAt: new Date() })
        .catch((error: unknown) => onError(error, 1))
        .finally(() => pending.delete(written));
      pending.add(written);
    },
    async flush() {
      while (pending.size > 0) await Promise.all(pending);
    },
  };
}
