// Conversation labels: the business's list. Anyone in the inbox creates one; owners and admins
// remove one (from every conversation). Conversations get theirs with conversations.setLabels.
import { listLabels } from '@flux/db/queries/labels';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { textInput } from '../lib/inputs';
import { presentLabel, sortLabels } from '../presenters/label';
import { createLabel, LABEL_COLORS, removeLabel } from '../services/labels';
import { adminProcedure, roleProcedure } from '../trpc';

const inboxProcedure = roleProcedure('owner', 'admin', 'agent', 'dispatcher');

export const labelsRouter = {
  list: inboxProcedure.query(async ({ ctx }) =>
    sortLabels(await listLabels(ctx.db, { businessId: ctx.businessId })).map(presentLabel),
  ),

  /** A name already used is CONFLICT naming the field. */
  create: inboxProcedure
    .input(
      z.object({
        name: textInput(40).pipe(z.string().min(1, 'Name the label')),
        color: z.enum(LABEL_COLORS).default('slate'),
      }),
    )
    .mutation(async ({ ctx, input }) =>
      presentLabel(await createLabel(ctx.db, ctx.actor, ctx.businessId, input)),
    ),

  remove: adminProcedure.input(z.object({ id: z.uuid() })).mutation(async ({ ctx, input }) => {
    const row = await removeLabel(ctx.db, ctx.actor, ctx.businessId, input.id);
    return { id: row.id };
  }),
} satisfies TRPCRouterRecord;
