// Live events (SSE through httpSubscriptionLink): new messages, status changes, conversation
// updates of the subscriber's business, from every server process.
import type { TRPCRouterRecord } from '@trpc/server';
import { isTrackingOnly, type LiveEvent, liveEvents } from '../lib/live';
import { roleProcedure } from '../trpc';

export const liveRouter = {
  events: roleProcedure('owner', 'admin', 'agent', 'dispatcher').subscription(async function* ({
    ctx,
    signal,
  }) {
    // Courier positions are the tracking pages', a courier's task pings the courier app's; the
    // dashboard reads its own. An order's status change refreshes what shows that order (the
    // inbox's customer card, the lists).
    for await (const event of liveEvents(ctx.live, ctx.businessId, signal)) {
      if (!isTrackingOnly(event) && event.type !== 'courier.tasks')
        yield event as Exclude<LiveEvent, { type: 'courier.position' | 'courier.tasks' }>;
    }
  }),
} satisfies TRPCRouterRecord;
