// Audit trail: every mutation writes one row, in the same transaction as the change it records.
import type { Db } from '@flux/db';
import { insertAuditEntry } from '@flux/db/queries/audit';

export interface Actor {
  userId: string | null;
  label: string;
  ip?: string | null;
  userAgent?: string | null;
}

export async function writeAudit(
  db: Db,
  actor: Actor,
  entry: {
    businessId: string | null;
    action: string;
    entityType?: string;
    entityId?: string;
    changes?: Record<string, unknown>;
  },
): Promise<void> {
  await insertAuditEntry(db, {
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
}
