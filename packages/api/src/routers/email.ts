// Mailboxes (Gmail, Outlook): connect (the OAuth redirect's URL; the provider comes back to
// /oauth/google/callback or /oauth/microsoft/callback on the server), list, sync now,
// disconnect; and the inbox's email side: threads, one thread (read once opened), an email's HTML
// (for a sandboxed frame), reply / reply-all, the sender made a prospect.
import { emailAccountById, emailAccountsVisibleTo } from '@flux/db/queries/email-accounts';
import { emailById, listEmailThreads } from '@flux/db/queries/emails';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { notFound, refuse } from '../lib/errors';
import { page, positionAfter } from '../lib/pagination';
import { presentEmail, presentEmailThread } from '../presenters/email';
import { presentEmailAccount } from '../presenters/email-account';
import { assertMayManage, disconnectMailbox, startMailConnect } from '../services/email/connect';
import { markEmailThreadRead, prospectFromEmail, readEmailThread } from '../services/email/inbox';
import { replyToEmail } from '../services/email/reply';
import { staffProcedure } from '../trpc';

/** One thread: its mailbox and its key there. */
const threadInput = z.object({ accountId: z.uuid(), threadKey: z.string().min(1).max(200) });

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
        throw refuse('email.admin_only', 'Only the owners and admins connect a shared mailbox.');
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

  /** Email threads of the mailboxes this member sees, latest activity first. */
  threads: staffProcedure
    .input(
      z.object({
        cursor: z.string().max(500).optional(),
        limit: z.number().int().min(1).max(100).default(50),
        /** True: the threads with unread mail (the inbox's "unread" filter); false: the others. */
        unread: z.boolean().optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const rows = await listEmailThreads(ctx.db, {
        businessId: ctx.businessId,
        userId: ctx.user.id,
        unread: input.unread,
        after: positionAfter(input.cursor, 'date'),
        limit: input.limit + 1,
      });
      const result = page(
        rows.map((row) => ({ ...row, id: row.lastEmailId })),
        input.limit,
        (row) => row.lastAt,
      );
      return { nextCursor: result.nextCursor, items: result.items.map(presentEmailThread) };
    }),

  /** One thread, oldest first, with its latest triage (the reply's draft). */
  thread: staffProcedure
    .input(threadInput)
    .query(({ ctx, input }) =>
      readEmailThread(ctx, { businessId: ctx.businessId, userId: ctx.user.id, ...input }),
    ),

  /** The thread opened in the inbox: its unread emails read, for the whole team. */
  markThreadRead: staffProcedure.input(threadInput).mutation(({ ctx, input }) =>
    markEmailThreadRead(ctx, {
      businessId: ctx.businessId,
      userId: ctx.user.id,
      actor: ctx.actor,
      ...input,
    }),
  ),

  /** An email's HTML as sent: untrusted, for a frame with no scripts and no remote images. */
  html: staffProcedure.input(z.object({ emailId: z.uuid() })).query(async ({ ctx, input }) => {
    const email = await emailById(ctx.db, { businessId: ctx.businessId, emailId: input.emailId });
    const account = email
      ? await emailAccountById(ctx.db, {
          businessId: ctx.businessId,
          accountId: email.emailAccountId,
        })
      : undefined;
    if (!email || !account || (!account.shared && account.userId !== ctx.user.id)) {
      throw notFound('Email');
    }
    return { html: email.bodyHtml };
  }),

  /** Reply (or reply to all) in the email's thread; the same sendKey again sends nothing more. */
  reply: staffProcedure
    .input(
      z.object({
        emailId: z.uuid(),
        replyAll: z.boolean().default(false),
        text: z.string().trim().min(1).max(20_000),
        /** The client's id for this reply: a double click or a retry finds the same one. */
        sendKey: z.uuid(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const row = await replyToEmail(ctx, {
        businessId: ctx.businessId,
        userId: ctx.user.id,
        actor: ctx.actor,
        ...input,
      });
      return presentEmail(row, null);
    }),

  /** The email's sender becomes a prospect, and their emails are linked to it. */
  createProspect: staffProcedure.input(z.object({ emailId: z.uuid() })).mutation(({ ctx, input }) =>
    prospectFromEmail(ctx, {
      businessId: ctx.businessId,
      userId: ctx.user.id,
      emailId: input.emailId,
      country: ctx.business.country,
      actor: ctx.actor,
    }),
  ),
} satisfies TRPCRouterRecord;
