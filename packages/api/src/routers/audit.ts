// The audit trail of a business, newest first.
import { listAuditEntries } from '@flux/db/queries/audit';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { pageInput } from '../lib/inputs';
import { page, positionAfter } from '../lib/pagination';
import { presentAuditEntry } from '../presenters/audit';
import { adminProcedure } from '../trpc';

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
      const rows = await listAuditEntries(ctx.db, {
        businessId: ctx.businessId,
        action: input.action,
        entityType: input.entityType,
        entityId: input.entityId,
        after: positionAfter(input.cursor, 'date'),
        limit: input.limit + 1,
      });
      const result = page(rows, input.limit, (row) => row.createdAt);
      return { nextCursor: result.nextCursor, items: result.items.map(presentAuditEntry) };
    }),
} satisfies TRPCRouterRecord;
