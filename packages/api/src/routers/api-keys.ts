// The business's API keys (settings → API): list, create (the key is in this answer only), revoke.
import { apiScopes } from '@flux/contracts';
import { apiKeysOf } from '@flux/db/queries/public-api';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { textInput } from '../lib/inputs';
import { presentApiKey } from '../presenters/api-key';
import { createApiKey, revokeApiKey } from '../services/api-keys';
import { adminProcedure } from '../trpc';

export const apiKeysRouter = {
  list: adminProcedure.query(async ({ ctx }) => {
    const rows = await apiKeysOf(ctx.db, { businessId: ctx.businessId });
    return rows.map((row) => presentApiKey(row));
  }),

  create: adminProcedure
    .input(
      z.object({
        name: textInput(80).pipe(z.string().min(1, 'Required')),
        mode: z.enum(['live', 'test']).default('live'),
        scopes: z.array(z.enum(apiScopes)).min(1, 'Choose at least one permission').max(20),
        // A date; which dates a key may expire on is the service's rule (createApiKey).
        expiresAt: z.coerce.date().nullable().default(null),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { row, key } = await createApiKey(ctx.db, ctx.actor, {
        ...input,
        businessId: ctx.businessId,
        serverKey: ctx.config.deliveryCodeKey,
      });
      return { created: presentApiKey(row), key };
    }),

  revoke: adminProcedure
    .input(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) =>
      presentApiKey(
        await revokeApiKey(ctx.db, ctx.actor, { businessId: ctx.businessId, apiKeyId: input.id }),
      ),
    ),
} satisfies TRPCRouterRecord;
