// A member's browser as the settings show it: never its endpoint or keys (the keys are the
// browser's secrets; they stay encrypted on the server).
import type { schema } from '@flux/db';

export function presentWebPushSubscription(row: typeof schema.webPushSubscriptions.$inferSelect) {
  return {
    id: row.id,
    deviceLabel: row.deviceLabel,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type WebPushSubscriptionView = ReturnType<typeof presentWebPushSubscription>;
