// Outgoing webhooks (admins only): endpoints, their secrets (shown once), tests, the delivery log
// and resends. The services check URLs (SSRF), audit every change and own the transactions.
import { webhookEventTypes } from '@flux/contracts';
import {
  webhookAttemptsOf,
  webhookDeliveriesOf,
  webhookEndpointById,
  webhookEndpointsOf,
} from '@flux/db/queries/webhook-endpoints';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { notFound } from '../lib/errors';
import { presentWebhookDelivery, presentWebhookEndpoint } from '../presenters/webhook-endpoint';
import {
  createWebhookEndpoint,
  removeWebhookEndpoint,
  resendWebhookDelivery,
  rotateWebhookSecret,
  sendWebhookTest,
  setWebhookEndpointEnabled,
  updateWebhookEndpointSettings,
} from '../services/webhooks/endpoints';
import { adminProcedure } from '../trpc';

const url = z
  .string()
  .trim()
  .max(2_000)
  .url({ message: 'Adresse invalide (https://…)' })
  .refine((value) => /^https?:\/\//i.test(value), 'Adresse invalide (https://…)');
const events = z
  .array(z.enum(webhookEventTypes))
  .min(1, 'Choisissez au moins un événement')
  .max(webhookEventTypes.length * 2);
const description = z.string().trim().max(200);
const endpointRef = z.object({ endpointId: z.uuid() });

export const webhooksRouter = {
  list: adminProcedure.query(async ({ ctx }) => {
    const rows = await webhookEndpointsOf(ctx.db, { businessId: ctx.businessId });
    return rows.map((row) => presentWebhookEndpoint(row));
  }),

  /** The secret is in this answer only. */
  create: adminProcedure
    .input(z.object({ url, description: description.default(''), events }))
    .mutation(async ({ ctx, input }) => {
      const { endpoint, secret } = await createWebhookEndpoint(
        ctx.db,
        ctx.config.webhooks,
        ctx.actor,
        { businessId: ctx.businessId, ...input },
      );
      return { endpoint: presentWebhookEndpoint(endpoint), secret };
    }),

  update: adminProcedure
    .input(
      endpointRef.extend({
        url: url.optional(),
        description: description.optional(),
        events: events.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      presentWebhookEndpoint(
        await updateWebhookEndpointSettings(ctx.db, ctx.config.webhooks, ctx.actor, {
          businessId: ctx.businessId,
          ...input,
        }),
      ),
    ),

  /** A new secret, in this answer only; the previous one still signs for 24 h. */
  rotateSecret: adminProcedure.input(endpointRef).mutation(async ({ ctx, input }) => {
    const { endpoint, secret } = await rotateWebhookSecret(ctx.db, ctx.actor, {
      businessId: ctx.businessId,
      endpointId: input.endpointId,
    });
    return { endpoint: presentWebhookEndpoint(endpoint), secret };
  }),

  setEnabled: adminProcedure
    .input(endpointRef.extend({ enabled: z.boolean() }))
    .mutation(async ({ ctx, input }) =>
      presentWebhookEndpoint(
        await setWebhookEndpointEnabled(ctx.db, ctx.actor, {
          businessId: ctx.businessId,
          ...input,
        }),
      ),
    ),

  remove: adminProcedure.input(endpointRef).mutation(async ({ ctx, input }) => {
    await removeWebhookEndpoint(ctx.db, ctx.actor, {
      businessId: ctx.businessId,
      endpointId: input.endpointId,
    });
    return { ok: true as const };
  }),

  sendTest: adminProcedure.input(endpointRef).mutation(async ({ ctx, input }) => {
    const delivery = await sendWebhookTest(ctx.db, ctx.jobs, ctx.actor, {
      businessId: ctx.businessId,
      endpointId: input.endpointId,
    });
    return presentWebhookDelivery(delivery, []);
  }),

  /** The endpoint's latest deliveries with every attempt (status, code, duration, answer). */
  deliveries: adminProcedure
    .input(endpointRef.extend({ limit: z.number().int().min(1).max(100).default(30) }))
    .query(async ({ ctx, input }) => {
      const endpoint = await webhookEndpointById(ctx.db, {
        businessId: ctx.businessId,
        endpointId: input.endpointId,
      });
      if (!endpoint) throw notFound('Webhook endpoint');
      const rows = await webhookDeliveriesOf(ctx.db, {
        businessId: ctx.businessId,
        endpointId: endpoint.id,
        limit: input.limit,
      });
      const attempts = await webhookAttemptsOf(ctx.db, {
        businessId: ctx.businessId,
        deliveryIds: rows.map((row) => row.id),
      });
      return rows.map((row) =>
        presentWebhookDelivery(
          row,
          attempts.filter((attempt) => attempt.deliveryId === row.id),
        ),
      );
    }),

  resend: adminProcedure
    .input(z.object({ deliveryId: z.uuid() }))
    .mutation(async ({ ctx, input }) =>
      presentWebhookDelivery(
        await resendWebhookDelivery(ctx.db, ctx.jobs, ctx.actor, {
          businessId: ctx.businessId,
          deliveryId: input.deliveryId,
        }),
        [],
      ),
    ),
} satisfies TRPCRouterRecord;
