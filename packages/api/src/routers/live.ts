// Live events (SSE through httpSubscriptionLink): new messages, status changes, conversation
// updates of the subscriber's business, from every server process.
import type { TRPCRouterRecord } from '@trpc/server';
import { liveEvents } from '../lib/live';
import { roleProcedure } from '../trpc';

export const liveRouter = {
  events: roleProcedure('owner', 'admin', 'agent', 'dispatcher').subscription(({ ctx, signal }) =>
    liveEvents(ctx.live, ctx.businessId, signal),
  ),
} satisfies TRPCRouterRecord;
