// The audit trail's SQL: a business's entries newest first, filtered by action or entity; the
// one insert every audited change makes, and the shared insert of the rows written in batches.
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { auditLogs } from '../schema';
import { type After, afterKey } from './keyset';

export function listAuditEntries(
  db: Db,
  params: {
    businessId: string;
    action?: string | undefined;
    entityType?: string | undefined;
    entityId?: string | undefined;
    after?: After | undefined;
    limit: number;
  },
) {
  return db
    .select()
    .from(auditLogs)
    .where(
      and(
        eq(auditLogs.businessId, params.businessId),
        params.action ? eq(auditLogs.action, params.action) : undefined,
        params.entityType ? eq(auditLogs.entityType, params.entityType) : undefined,
        params.entityId ? eq(auditLogs.entityId, params.entityId) : undefined,
        params.after
          ? afterKey(auditLogs.createdAt, auditLogs.id, 'desc', params.after)
          : undefined,
      ),
    )
    .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
    .limit(params.limit);
}

/** One entry of the trail; `businessId` null for the platform's and a user's own actions. */
export async function insertAuditEntry(
  db: Db,
  values: typeof auditLogs.$inferInsert & { businessId: string | null },
): Promise<void> {
  await db.insert(auditLogs).values(values);
}

/** Several entries in one statement (the REST API's per-call rows, queued: lib/audit.ts). */
export async function insertAuditEntries(
  db: Db,
  values: (typeof auditLogs.$inferInsert & { businessId: string | null })[],
): Promise<void> {
  if (values.length > 0) await db.insert(auditLogs).values(values);
}
