// Every job's name and payload schema: what services enqueue and handlers receive. Services import
// this module (through JobSender), never the handlers, so jobs/<domain>/<job>.ts may import services
// without an import circle. A handler takes its schema from here by its name (define.ts).
import { orderStatuses } from '@flux/contracts';
import { z } from 'zod';

const orderStatus = z.enum(orderStatuses);
/** Sweeps and schedules run with `{}` (pg-boss would send null); they read nothing of it. */
const noPayload = z.object({}).loose();

export const jobContracts = {
  'sessions.purge-expired': noPayload,
  'auth.password-reset-email': z.object({ resetId: z.uuid() }),
  'order.status-changed': z.object({
    businessId: z.uuid(),
    orderId: z.uuid(),
    number: z.number().int().positive(),
    from: orderStatus.nullable(),
    to: orderStatus,
    reason: z.string().nullable(),
    at: z.iso.datetime(),
  }),
  'whatsapp.ingest': noPayload,
  'whatsapp.redrive-parked': noPayload,
  'whatsapp.send': z.object({ messageId: z.uuid() }),
  'whatsapp.settle-sends': noPayload,
  'whatsapp.media': z.object({ messageId: z.uuid() }),
  'ai.analyze-conversation': z.object({ businessId: z.uuid(), conversationId: z.uuid() }),
  'delivery.assign': z.object({ businessId: z.uuid(), deliveryId: z.uuid() }),
  'delivery.expire-offers': noPayload,
  'delivery.offer-waiting': z.object({ businessId: z.uuid().optional() }),
  'webhooks.purge-processed': noPayload,
  'uploads.purge': noPayload,
  'notifications.send': z.object({ notificationId: z.uuid() }),
  'notifications.settle': noPayload,
  'notifications.push-receipts': noPayload,
  'notifications.daily-digest': noPayload,
  'email.sync': z.object({ businessId: z.uuid(), accountId: z.uuid() }),
  'email.sync-all': noPayload,
  'email.triage': z.object({ businessId: z.uuid(), emailId: z.uuid() }),
  'webhooks.deliver': z.object({ deliveryId: z.uuid() }),
  'webhooks.settle': noPayload,
} as const satisfies Record<string, z.ZodType>;

export type JobName = keyof typeof jobContracts;
/** What a sender passes (before the schema's defaults and transforms). */
export type JobPayload<N extends JobName> = z.input<(typeof jobContracts)[N]>;
/** What a handler receives (after parsing). */
export type ParsedJobPayload<N extends JobName> = z.infer<(typeof jobContracts)[N]>;

export const isJobName = (name: string): name is JobName => Object.hasOwn(jobContracts, name);
