// The audit trail of a business, newest first.
import { schema } from '@flux/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { AppError } from '../lib/errors';
import { cursor, pageInput } from '../lib/inputs';
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
        const after = cursor.decode(input.cursor);
        if (!after) throw new AppError('BAD_REQUEST', 'Invalid cursor');
        filters.push(
          or(
            lt(auditLogs.createdAt, after.createdAt),
            and(eq(auditLogs.createdAt, after.createdAt), lt(auditLogs.id, after.id)),
          ),
        );
      }
      const rows = await ctx.db
        .select()
        .from(auditLogs)
        .where(and(...filters))
        .orderBy(desc(auditLogs.createdAt), desc(auditLogs.id))
        .limit(input.limit + 1);
      const items = rows.slice(0, input.limit);
      const last = items.at(-1);
      return {
        items,
        nextCursor:
          rows.length > input.limit && last ? cursor.encode(last.createdAt, last.id) : null,
      };
    }),
} satisfies TRPCRouterRecord;
