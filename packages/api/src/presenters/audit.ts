// The audit trail as an admin reads it: who did what to which record, from where and when. The
// `changes` are what the service chose to record (never a secret: tokens and passwords are not
// written there in the first place).
import type { schema } from '@flux/db';

type AuditRow = typeof schema.auditLogs.$inferSelect;

export function presentAuditEntry(row: AuditRow) {
  return {
    id: row.id,
    actorUserId: row.actorUserId,
    /** The actor's email, or 'system', as it was then (it survives the user's deletion). */
    actorLabel: row.actorLabel,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    changes: row.changes,
    ip: row.ip,
    userAgent: row.userAgent,
    createdAt: row.createdAt,
  };
}
export type AuditEntryView = ReturnType<typeof presentAuditEntry>;
