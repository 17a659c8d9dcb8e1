// The sandbox's outbox: in sandbox mode no message leaves the machine; the business's latest
// notifications are shown beside what each fake provider received for them (the wire text, the
// tracking link in it), so a merchant trying the product sees what their customer would get.
import { listNotifications } from '@flux/db/queries/notifications';
import type { TRPCRouterRecord } from '@trpc/server';
import { presentNotification } from '../presenters/notification';
import { staffProcedure } from '../trpc';

export const sandboxRouter = {
  outbox: staffProcedure.query(async ({ ctx }) => {
    const sandbox = ctx.sandbox;
    if (!sandbox) return { enabled: false as const, items: [] };
    const rows = await listNotifications(ctx.db, { businessId: ctx.businessId, limit: 100 });
    return {
      enabled: true as const,
      items: rows
        .filter((row) => row.channel !== 'in_app')
        .map((row) => ({
          ...presentNotification(row),
          received:
            // A browser's push goes to its real push service (the browser made the endpoint).
            row.providerMessageId && row.channel !== 'in_app' && row.channel !== 'web_push'
              ? sandbox.received(row.channel, row.providerMessageId)
              : null,
        })),
    };
  }),
} satisfies TRPCRouterRecord;
