// Business settings that connect the outside world: the WhatsApp number, the SMS account, the
// WhatsApp templates the notifications need.
import { smsAccountOf } from '@flux/db/queries/sms-accounts';
import { whatsappAccountOf } from '@flux/db/queries/whatsapp-accounts';
import { WhatsappError } from '@flux/integrations';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { textInput } from '../lib/inputs';
import { presentSmsAccount } from '../presenters/sms-account';
import { presentWhatsappAccount } from '../presenters/whatsapp-account';
import {
  africasTalkingCallbackUrl,
  connectSmsAccount,
  disconnectSmsAccount,
} from '../services/sms-accounts';
import {
  connectWhatsappAccount,
  disconnectWhatsappAccount,
  noNumber,
} from '../services/whatsapp-accounts';
import { whatsappClientFor } from '../services/whatsapp-client';
import { verifyWhatsappNumber } from '../services/whatsapp-connect';
import { submitMissingTemplates, whatsappTemplateStatuses } from '../services/whatsapp-templates';
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

const smsRouter = {
  get: adminProcedure.query(async ({ ctx }) => {
    const row = await smsAccountOf(ctx.db, { businessId: ctx.businessId });
    if (!row) return null;
    return presentSmsAccount(
      row,
      row.provider === 'africastalking'
        ? africasTalkingCallbackUrl(ctx.config.publicUrl, row)
        : null,
    );
  }),

  /** Connects (or replaces) the business's SMS account; the key is stored encrypted. */
  connect: adminProcedure
    .input(
      z
        .object({
          provider: z.enum(['africastalking', 'twilio']),
          /** Africa's Talking username, or Twilio's Account SID. */
          accountId: textInput(64).pipe(z.string().min(2, 'Required')),
          /** Africa's Talking API key, or Twilio's auth token. */
          apiKey: z.string().trim().min(16, 'Paste the whole key').max(512),
          /** A registered sender id or number (required by Twilio). */
          senderId: textInput(20).optional(),
        })
        .superRefine((input, issues) => {
          if (input.provider === 'twilio' && !input.senderId) {
            issues.addIssue({
              code: 'custom',
              path: ['senderId'],
              message: 'Twilio needs the number or sender id messages come from',
            });
          }
          if (input.provider === 'twilio' && !/^AC[0-9a-f]{32}$/i.test(input.accountId)) {
            issues.addIssue({
              code: 'custom',
              path: ['accountId'],
              message: 'A Twilio Account SID starts with AC and has 34 characters',
            });
          }
        }),
    )
    .mutation(async ({ ctx, input }) => {
      const row = await connectSmsAccount(ctx.db, ctx.actor, {
        businessId: ctx.businessId,
        provider: input.provider,
        accountId: input.accountId,
        apiKey: input.apiKey,
        senderId: input.senderId ?? null,
      });
      return presentSmsAccount(
        row,
        row.provider === 'africastalking'
          ? africasTalkingCallbackUrl(ctx.config.publicUrl, row)
          : null,
      );
    }),

  disconnect: adminProcedure.mutation(({ ctx }) =>
    disconnectSmsAccount(ctx.db, ctx.actor, { businessId: ctx.businessId }),
  ),
} satisfies TRPCRouterRecord;

const templatesRouter = {
  /** The templates customer notifications need outside the 24 h window, with Meta's verdict. */
  list: adminProcedure.query(({ ctx }) =>
    whatsappTemplateStatuses(ctx.db, ctx.config, { businessId: ctx.businessId }),
  ),
  /** Submits the missing ones to Meta for review. */
  submit: adminProcedure.mutation(({ ctx }) =>
    submitMissingTemplates(ctx.db, ctx.config, ctx.actor, { businessId: ctx.businessId }),
  ),
} satisfies TRPCRouterRecord;

export const settingsRouter = {
  whatsapp: whatsappRouter,
  sms: smsRouter,
  templates: templatesRouter,
} satisfies TRPCRouterRecord;
