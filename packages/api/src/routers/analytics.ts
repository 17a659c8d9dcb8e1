// The dashboard's figures over a period: sales per day or week, orders per status, first response
// times, AI draft acceptance, delivery durations, and the header's live counters.
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { dateInput } from '../lib/inputs';
import { presentRevenue } from '../presenters/analytics';
import {
  aiAcceptance,
  deliveryDurations,
  firstResponse,
  headline,
  ordersByStatus,
  revenueSeries,
} from '../services/analytics';
import { roleProcedure } from '../trpc';

/** The team that sells and ships; couriers have their own app. */
const analyticsProcedure = roleProcedure('owner', 'admin', 'agent', 'dispatcher');

const MAX_DAYS = 366;
const DAY_MS = 86_400_000;

/** [from, to): from included, to excluded; a year at most, so a query stays a year of rows. */
const bounded = <S extends z.ZodType<{ from: Date; to: Date }>>(schema: S) =>
  schema
    .refine((input) => input.from < input.to, {
      message: '`from` must be before `to`',
      path: ['to'],
    })
    .refine((input) => input.to.getTime() - input.from.getTime() <= MAX_DAYS * DAY_MS, {
      message: `At most ${MAX_DAYS} days at a time`,
      path: ['to'],
    });

const periodShape = { from: dateInput, to: dateInput };
const periodInput = bounded(z.object(periodShape));
const seriesInput = bounded(
  z.object({ ...periodShape, bucket: z.enum(['day', 'week']).default('day') }),
);

export const analyticsRouter = {
  revenue: analyticsProcedure.input(seriesInput).query(async ({ ctx, input }) =>
    presentRevenue(
      await revenueSeries(ctx.db, {
        businessId: ctx.businessId,
        from: input.from,
        to: input.to,
        bucket: input.bucket,
        timezone: ctx.business.timezone,
      }),
      ctx.business.currency,
      ctx.business.locale,
    ),
  ),

  ordersByStatus: analyticsProcedure
    .input(periodInput)
    .query(({ ctx, input }) =>
      ordersByStatus(ctx.db, { businessId: ctx.businessId, from: input.from, to: input.to }),
    ),

  firstResponse: analyticsProcedure
    .input(periodInput)
    .query(({ ctx, input }) =>
      firstResponse(ctx.db, { businessId: ctx.businessId, from: input.from, to: input.to }),
    ),

  aiAcceptance: analyticsProcedure
    .input(periodInput)
    .query(({ ctx, input }) =>
      aiAcceptance(ctx.db, { businessId: ctx.businessId, from: input.from, to: input.to }),
    ),

  deliveryDurations: analyticsProcedure
    .input(periodInput)
    .query(({ ctx, input }) =>
      deliveryDurations(ctx.db, { businessId: ctx.businessId, from: input.from, to: input.to }),
    ),

  /** Counters for the header, as they are now: no period. */
  summary: analyticsProcedure.query(({ ctx }) =>
    headline(ctx.db, { businessId: ctx.businessId, timezone: ctx.business.timezone }),
  ),
} satisfies TRPCRouterRecord;
