// Mailboxes (Gmail, Outlook): connect (the OAuth redirect's URL; the provider comes back to
// /oauth/google/callback or /oauth/microsoft/callback on the server), list, sync now,
// disconnect. The inbox itself comes later.
import { emailAccountById, emailAccountsVisibleTo } from '@flux/db/queries/email-accounts';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { AppError, notFound } from '../lib/errors';
import { presentEmailAccount } from '../presenters/email-account';
import { assertMayManage, disconnectMailbox, startMailConnect } from '../services/email/connect';
import { staffProcedure } from '../trpc';

/** A connection's start, the same for each provider. */
function connectProcedure(provider: 'gmail' | 'outlook') {
  return staffProcedure
    .input(
      z.object({
        /** The shop's mailbox (contact@), seen by the team: owners and admins only. */
        shared: z.boolean().default(false),
        importDays: z.number().int().min(1).max(365).optional(),
        loginHint: z.email().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.shared && ctx.role !== 'owner' && ctx.role !== 'admin') {
        throw new AppError('FORBIDDEN', 'Only the owners and admins connect a shared mailbox.');
      }
      return startMailConnect(ctx, {
        provider,
        businessId: ctx.businessId,
        userId: ctx.user.id,
        sessionId: ctx.session.id,
        shared: input.shared,
        ...(input.importDays ? { importDays: input.importDays } : {}),
        ...(input.loginHint ? { loginHint: input.loginHint } : {}),
      });
    });
}

export const emailRouter = {
  /** The mailboxes this member sees: the business's shared ones and their own. */
  accounts: staffProcedure.query(async ({ ctx }) => {
    const rows = await emailAccountsVisibleTo(ctx.db, {
      businessId: ctx.businessId,
      userId: ctx.user.id,
    });
    return { items: rows.map(presentEmailAccount) };
  }),

  /** Starts a Gmail connection: the URL of Google's consent screen to send the browser to. */
  connectGmail: connectProcedure('gmail'),

  /** Starts an Outlook connection: the URL of Microsoft's sign-in to send the browser to. */
  connectOutlook: connectProcedure('outlook'),

  /** A sync now (it also runs on every push and every 15 minutes). */
  syncNow: staffProcedure
    .input(z.object({ accountId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const account = await emailAccountById(ctx.db, {
        businessId: ctx.businessId,
        accountId: input.accountId,
      });
      if (!account || (!account.shared && account.userId !== ctx.user.id)) {
        throw notFound('Mailbox');
      }
      await ctx.jobs.send(
        'email.sync',
        { businessId: ctx.businessId, accountId: account.id },
        { singletonKey: account.id },
      );
      return { queued: true };
    }),

  /** Deletes the mailbox's tokens (revoked at Google); with deleteMail, its synced mail too. */
  disconnect: staffProcedure
    .input(z.object({ accountId: z.uuid(), deleteMail: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      const account = await emailAccountById(ctx.db, {
        businessId: ctx.businessId,
        accountId: input.accountId,
      });
      if (!account || (!account.shared && account.userId !== ctx.user.id)) {
        throw notFound('Mailbox');
      }
      assertMayManage(account, { userId: ctx.user.id, role: ctx.role });
      return disconnectMailbox(ctx, {
        businessId: ctx.businessId,
        accountId: account.id,
        deleteMail: input.deleteMail,
        userId: ctx.user.id,
        role: ctx.role,
        actor: ctx.actor,
      });
    }),
} satisfies TRPCRouterRecord;
