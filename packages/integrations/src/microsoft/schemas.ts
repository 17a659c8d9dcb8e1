// zod of what Microsoft Graph sends: the signed-in user, message delta pages, messages, the
// subscriptions, and the change / lifecycle notifications POSTed to /webhooks/outlook.
import { z } from 'zod';

export const graphUserSchema = z.object({
  id: z.string(),
  mail: z.string().nullish(),
  userPrincipalName: z.string(),
  displayName: z.string().nullish(),
});

const recipient = z.object({
  emailAddress: z.object({ address: z.string().nullish(), name: z.string().nullish() }),
});

/** A message as delta lists it ($select), or its tombstone (`@removed`). */
export const graphDeltaMessageSchema = z.object({
  id: z.string(),
  '@removed': z.object({ reason: z.string() }).optional(),
  conversationId: z.string().nullish(),
  internetMessageId: z.string().nullish(),
  receivedDateTime: z.string().nullish(),
  isDraft: z.boolean().nullish(),
  parentFolderId: z.string().nullish(),
  from: recipient.nullish(),
});

export const graphDeltaPageSchema = z.object({
  value: z.array(graphDeltaMessageSchema),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

export const graphMessageSchema = z.object({
  id: z.string(),
  conversationId: z.string().nullish(),
  internetMessageId: z.string().nullish(),
  isDraft: z.boolean().nullish(),
  subject: z.string().nullish(),
});

export const graphSubscriptionSchema = z.object({
  id: z.string(),
  resource: z.string(),
  changeType: z.string(),
  expirationDateTime: z.string(),
  clientState: z.string().nullish(),
  notificationUrl: z.string(),
});

/** One item of a notification POST: a change (`changeType`) or a lifecycle event. */
export const graphNotificationSchema = z.object({
  subscriptionId: z.string(),
  clientState: z.string().nullish(),
  subscriptionExpirationDateTime: z.string().optional(),
  changeType: z.string().optional(),
  resource: z.string().optional(),
  lifecycleEvent: z.enum(['reauthorizationRequired', 'subscriptionRemoved', 'missed']).optional(),
  tenantId: z.string().optional(),
});

export const graphNotificationsSchema = z.object({ value: z.array(graphNotificationSchema) });

export type GraphMessage = z.infer<typeof graphMessageSchema>;
export type GraphDeltaMessage = z.infer<typeof graphDeltaMessageSchema>;
export type GraphNotification = z.infer<typeof graphNotificationSchema>;
