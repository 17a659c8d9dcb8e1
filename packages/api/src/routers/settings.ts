// Business settings that connect the outside world: the WhatsApp number.
import { schema } from '@flux/db';
import { WhatsappError } from '@flux/integrations';
import type { TRPCRouterRecord } from '@trpc/server';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { writeAudit } from '../lib/audit';
import { AppError, pgErrorCode } from '../lib/errors';
import { textInput } from '../lib/inputs';
import { presentWhatsappAccount } from '../presenters/whatsapp-account';
import { whatsappClientFor } from '../services/whatsapp-client';
import { verifyWhatsappNumber } from '../services/whatsapp-connect';
import { adminProcedure } from '../trpc';

const { whatsappAccounts } = schema;
const graphId = z
  .string()
  .trim()
  .regex(/^\d{5,20}$/, 'A numeric id from Meta’s WhatsApp Manager');

async function accountOf(db: import('@flux/db').Db, businessId: string) {
  const [row] = await db
    .select()
    .from(whatsappAccounts)
    .where(eq(whatsappAccounts.businessId, businessId));
  return row ?? null;
}

const whatsappRouter = {
  get: adminProcedure.query(async ({ ctx }) => {
    const row = await accountOf(ctx.db, ctx.businessId);
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
      try {
        return await ctx.db.transaction(async (tx) => {
          await tx.delete(whatsappAccounts).where(eq(whatsappAccounts.businessId, ctx.businessId));
          const [row] = await tx
            .insert(whatsappAccounts)
            .values({
              businessId: ctx.businessId,
              phoneNumberId: verified.phoneNumberId,
              wabaId: verified.wabaId,
              displayPhoneNumber: verified.displayPhoneNumber,
              verifiedName: verified.verifiedName,
              accessToken: input.accessToken,
              active: true,
            })
            .returning();
          if (!row) throw new Error('whatsapp account insert returned nothing');
          await writeAudit(tx, ctx.actor, {
            businessId: ctx.businessId,
            action: 'whatsapp.connect',
            entityType: 'whatsapp_account',
            entityId: row.id,
            changes: {
              phoneNumberId: verified.phoneNumberId,
              wabaId: verified.wabaId,
              displayPhoneNumber: verified.displayPhoneNumber,
              verifiedWithMeta: true,
            },
          });
          return presentWhatsappAccount(row);
        });
      } catch (error) {
        if (pgErrorCode(error) === '23505') {
          // Whoever holds it stays unnamed: the caller proved they hold the token, not that they
          // may know which shop uses the number.
          throw new AppError(
            'CONFLICT',
            'This WhatsApp number is already connected to a FluxAsync account. Disconnect it there first, or write to support',
            { field: 'phoneNumberId' },
          );
        }
        throw error;
      }
    }),

  disconnect: adminProcedure.mutation(({ ctx }) =>
    ctx.db.transaction(async (tx) => {
      const deleted = await tx
        .delete(whatsappAccounts)
        .where(eq(whatsappAccounts.businessId, ctx.businessId))
        .returning({ id: whatsappAccounts.id, phoneNumberId: whatsappAccounts.phoneNumberId });
      const [row] = deleted;
      if (!row) throw new AppError('NOT_FOUND', 'No WhatsApp number is connected');
      await writeAudit(tx, ctx.actor, {
        businessId: ctx.businessId,
        action: 'whatsapp.disconnect',
        entityType: 'whatsapp_account',
        entityId: row.id,
        changes: { phoneNumberId: row.phoneNumberId },
      });
      return { disconnected: true as const };
    }),
  ),

  /** Asks Meta for the number with the stored token: whether the connection works, in words. */
  test: adminProcedure.query(async ({ ctx }) => {
    const row = await accountOf(ctx.db, ctx.businessId);
    if (!row) throw new AppError('NOT_FOUND', 'No WhatsApp number is connected');
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
