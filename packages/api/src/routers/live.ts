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
    // Courier positions and status pings are the tracking pages', a courier's task pings the
    // courier app's; the dashboard reads its own.
    for await (const event of liveEvents(ctx.live, ctx.businessId, signal)) {
      if (!isTrackingOnly(event) && event.type !== 'courier.tasks')
        yield event as Exclude<
          LiveEvent,
          { type: 'order.status' | 'courier.position' | 'courier.tasks' }
        >;
    }
  }),
} satisfies TRPCRouterRecord;
