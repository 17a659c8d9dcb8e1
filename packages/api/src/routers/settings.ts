// Business settings that connect the outside world: the WhatsApp number.
import { whatsappAccountOf } from '@flux/db/queries/whatsapp-accounts';
import { WhatsappError } from '@flux/integrations';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { textInput } from '../lib/inputs';
import { presentWhatsappAccount } from '../presenters/whatsapp-account';
import {
  connectWhatsappAccount,
  disconnectWhatsappAccount,
  noNumber,
} from '../services/whatsapp-accounts';
import { whatsappClientFor } from '../services/whatsapp-client';
import { verifyWhatsappNumber } from '../services/whatsapp-connect';
import { adminProcedure } from '../trpc';

const graphId = z
  .string()
  .trim()
  .regex(/^\d{5,20}$/, 'A numeric id from Meta’s WhatsApp Manager');

const whatsappRouter = {
  get: adminProcedure.query(async ({ ctx }) => {
    const row = await whatsappAccountOf(ctx.db, { businessId: ctx.businessId });
    return row ? presentWhatsappAccount(row) : null;
  }),

  /**
   * Connects (or replaces) the business's number, once Meta has shown that the token reaches the
   * number and its account (services/whatsapp-connect.ts). The token is stored encrypted.
   */
  connect: adminProcedure
    .input(
      z.object({
        phoneNumberId: graphId,
        wabaId: graphId,
        /** Ignored: Meta's display number is stored. Kept so older clients still validate. */
        displayPhoneNumber: textInput(32).pipe(z.string().min(5)).optional(),
        accessToken: z.string().trim().min(20, 'Paste the permanent access token').max(1_024),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      // Meta first: who cannot show the token cannot learn whether a number is connected here.
      const verified = await verifyWhatsappNumber(ctx.config, input);
      return presentWhatsappAccount(
        await connectWhatsappAccount(ctx.db, ctx.actor, {
          businessId: ctx.businessId,
          verified,
          accessToken: input.accessToken,
        }),
      );
    }),

  disconnect: adminProcedure.mutation(({ ctx }) =>
    disconnectWhatsappAccount(ctx.db, ctx.actor, { businessId: ctx.businessId }),
  ),

  /** Asks Meta for the number with the stored token: whether the connection works, in words. */
  test: adminProcedure.query(async ({ ctx }) => {
    const row = await whatsappAccountOf(ctx.db, { businessId: ctx.businessId });
    if (!row) throw noNumber();
    const client = whatsappClientFor(ctx.config, row.accessToken, 'interactive');
    try {
      const number = await client.getPhoneNumber(row.phoneNumberId);
      return {
        ok: true as const,
        displayPhoneNumber: number.display_phone_number,
        verifiedName: number.verified_name ?? null,
      };
    } catch (error) {
      if (!(error instanceof WhatsappError)) throw error;
      return { ok: false as const, error: error.reason, code: error.code };
    }
  }),
} satisfies TRPCRouterRecord;

export const settingsRouter = { whatsapp: whatsappRouter } satisfies TRPCRouterRecord;
