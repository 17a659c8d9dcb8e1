// Platform operations: failed jobs, visible and retryable (platform operators only).
import { failedJobs } from '@flux/db/queries/jobs';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { jobs } from '../jobs/registry';
import { coercedDateInput } from '../lib/inputs';
import { retryJobsByHand } from '../services/operations';
import { platformProcedure } from '../trpc';
import { listParkedEvents, redriveByHand } from '../webhook-inbox';

const jobName = z.enum(jobs.map((job) => job.name) as [string, ...string[]]);

export const jobsRouter = {
  /** The newest failed jobs (with their error), from pg-boss's own table. */
  failed: platformProcedure
    .input(
      z.object({ name: jobName.optional(), limit: z.number().int().min(1).max(200).default(50) }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await failedJobs(ctx.db, input);
      return rows.map((row) => ({
        id: row.id,
        name: row.name,
        data: row.data,
        error: row.output,
        attempts: row.retry_count + 1,
        createdAt: new Date(row.created_on),
        failedAt: row.completed_on ? new Date(row.completed_on) : null,
      }));
    }),

  retry: platformProcedure
    .input(z.object({ name: jobName, ids: z.array(z.uuid()).min(1).max(200) }))
    .mutation(({ ctx, input }) => retryJobsByHand(ctx.db, ctx.jobs, ctx.actor, input)),

  /**
   * Webhook events parked after failing because of their own content: the reason, the payload's
   * size and when the sweep will try again (null: only by hand). Newest first, by pages.
   */
  parkedWebhooks: platformProcedure
    .input(
      z.object({
        limit: z.number().int().min(1).max(200).default(50),
        before: z.object({ receivedAt: coercedDateInput, id: z.uuid() }).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const items = await listParkedEvents(ctx.db, input);
      const last = items.at(-1);
      return {
        items,
        next:
          items.length === input.limit && last
            ? { receivedAt: last.receivedAt, id: last.id }
            : null,
      };
    }),

  /** Puts parked webhook events back in the inbox now (after a fix), and wakes the drain. */
  redriveWebhooks: platformProcedure
    .input(z.object({ ids: z.array(z.uuid()).min(1).max(500) }))
    .mutation(async ({ ctx, input }) => {
      const ids = await redriveByHand(ctx.db, ctx.jobs, ctx.actor, input.ids);
      return { redriven: ids.length, ids };
    }),
} satisfies TRPCRouterRecord;
