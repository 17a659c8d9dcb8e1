// The audit trail of a business, newest first.
import { schema } from '@flux/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { pageInput } from '../lib/inputs';
import { afterCursor, page } from '../lib/pagination';
import { presentAuditEntry } from '../presenters/audit';
import { adminProcedure } from '../trpc';

const { auditLogs } = schema;

export const auditRouter = {
  list: adminProcedure
    .input(
      pageInput.extend({
        action: z.string().max(100).optional(),
        entityType: z.string().max(50).optional(),
        entityId: z.string().max(100).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const filters: (SQL | undefined)[] = [eq(auditLogs.businessId, ctx.businessId)];
      if (input.action) filters.push(eq(auditLogs.action, input.action));
      if (input.entityType) filters.push(eq(auditLogs.entityType, input.entityType));
      if (input.entityId) filters.push(eq(auditLogs.entityId, input.entityId));
      if (input.cursor) {
        filters.push(afterCursor(auditLogs.createdAt, auditLogs.id, 'desc', input.cursor, 'date'));
      }
      const rows = await ctx.db
        .select()
        .from(auditLogs)
        .where(and(...filters))
        .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
        .limit(input.limit + 1);
      const result = page(rows, input.limit, (row) => row.createdAt);
      return { nextCursor: result.nextCursor, items: result.items.map(presentAuditEntry) };
    }),
} satisfies TRPCRouterRecord;
