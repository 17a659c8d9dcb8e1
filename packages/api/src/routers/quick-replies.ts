// Saved answers: everyone in the inbox lists them (the composer's `/`); owners and admins write them.
import { listQuickReplies } from '@flux/db/queries/quick-replies';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { textInput } from '../lib/inputs';
import { presentQuickReply } from '../presenters/quick-reply';
import { createQuickReply, removeQuickReply, updateQuickReply } from '../services/quick-replies';
import { adminProcedure, roleProcedure } from '../trpc';

const inboxProcedure = roleProcedure('owner', 'admin', 'agent', 'dispatcher');

const fields = {
  title: textInput(80).pipe(z.string().min(1, 'Give it a title')),
  /** What follows the `/`: "livraison", "prix-wax". */
  shortcut: z
    .string()
    .trim()
    .toLowerCase()
    .transform((value) => value.replace(/^\//, ''))
    .pipe(
      z
        .string()
        .regex(/^[a-z0-9_-]{1,32}$/, 'Letters without accents, digits, - or _ (32 at most)'),
    ),
  body: textInput(4_096).pipe(z.string().min(1, 'Write the answer')),
};

export const quickRepliesRouter = {
  /** By shortcut; `q` narrows to shortcuts and titles containing it. */
  list: inboxProcedure
    .input(z.object({ q: textInput(40).optional() }).optional())
    .query(async ({ ctx, input }) => {
      const rows = await listQuickReplies(ctx.db, {
        businessId: ctx.businessId,
        q: input?.q?.replace(/^\//, '') || undefined,
      });
      return rows.map(presentQuickReply);
    }),

  /** A shortcut already used is CONFLICT naming the field. */
  create: adminProcedure
    .input(z.object(fields))
    .mutation(async ({ ctx, input }) =>
      presentQuickReply(await createQuickReply(ctx.db, ctx.actor, ctx.businessId, input)),
    ),

  update: adminProcedure
    .input(
      z.object({
        id: z.uuid(),
        title: fields.title.optional(),
        shortcut: fields.shortcut.optional(),
        body: fields.body.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { id, ...patch } = input;
      return presentQuickReply(
        await updateQuickReply(ctx.db, ctx.actor, ctx.businessId, id, patch),
      );
    }),

  remove: adminProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    const row = await removeQuickReply(ctx.db, ctx.actor, ctx.businessId, input.id);
    return { id: row.id };
  }),
} satisfies TRPCRouterRecord;
