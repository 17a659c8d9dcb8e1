// The merchant's contacts (CRM): search, the prospect card, funnel status, assignee, tags, and
// CSV import. Open to the staff (owner, admin, agent, dispatcher); couriers get FORBIDDEN.
// Rules are in services/prospects.ts and services/prospects-import.ts.
import { locales } from '@flux/contracts';
import { schema } from '@flux/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { emailInput, pageInput, textInput } from '../lib/inputs';
import { presentProspect, presentProspectDetail } from '../presenters/prospect';
import {
  assignProspect,
  createProspect,
  listProspects,
  normalizeTags,
  phoneOrThrow,
  prospectDetail,
  setProspectStatus,
  setProspectTags,
  tagsProblem,
  updateProspect,
  withPhoneIdentity,
} from '../services/prospects';
import { IMPORT_LIMITS, importProspects } from '../services/prospects-import';
import { staffProcedure } from '../trpc';

const prospectId = z.uuid();
const statusInput = z.enum(schema.prospectStatusEnum.enumValues);
/** As typed; normalized to E.164 with the business country once the business is known. */
const phoneInput = textInput(40);
const nameField = textInput(120);
const notesField = textInput(5000);
const tagsInput = z
  .array(textInput(64))
  .max(100)
  .transform(normalizeTags)
  .superRefine((tags, ctx) => {
    const problem = tagsProblem(tags);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const prospectsRouter = {
  /**
   * Newest first. `q` searches names and emails (case and accents ignored) and phone digits;
   * `assignedUserId: null` lists the prospects nobody follows.
   */
  list: staffProcedure
    .input(
      pageInput.extend({
        status: statusInput.optional(),
        tag: textInput(64).optional(),
        assignedUserId: z.uuid().nullable().optional(),
        q: textInput(100).optional(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const result = await listProspects(ctx.db, ctx.businessId, input);
      return { nextCursor: result.nextCursor, items: result.items.map(presentProspect) };
    }),

  /**
   * The prospect card and the customer page: the prospect, its assignee, its last 10
   * conversations and orders, its totals (booked, collected, cash due, last order) and the
   * team's notes on its conversations.
   */
  byId: staffProcedure.input(z.object({ id: prospectId })).query(async ({ ctx, input }) => {
    const detail = await prospectDetail(ctx.db, ctx.businessId, input.id);
    return presentProspectDetail(detail.prospect, detail, ctx.business.locale);
  }),

  /**
   * A second prospect with the same phone is a CONFLICT with `details.prospectId` naming the
   * existing one (see createProspect).
   */
  create: staffProcedure
    .input(
      z
        .object({
          name: nameField.optional(),
          phone: phoneInput.optional(),
          email: emailInput.optional(),
          tags: tagsInput.optional(),
          notes: notesField.optional(),
          status: statusInput.optional(),
        })
        .refine((value) => Boolean(value.phone || value.email), {
          message: 'Give a phone or an email',
          path: ['phone'],
        }),
    )
    .mutation(({ ctx, input }) => {
      const phone = input.phone ? phoneOrThrow(input.phone, ctx.business.country) : null;
      return createProspect(ctx.db, ctx.jobs, ctx.actor, ctx.businessId, { ...input, phone }).then(
        presentProspect,
      );
    }),

  /** Contact fields; null (or an empty phone) clears one, but a phone or an email stays. */
  update: staffProcedure
    .input(
      z.object({
        id: prospectId,
        name: nameField.nullable().optional(),
        phone: phoneInput.nullable().optional(),
        email: emailInput.nullable().optional(),
        notes: notesField.nullable().optional(),
        /** Where the customer usually has orders delivered. */
        address: textInput(300).nullable().optional(),
        /** The customer's language for notifications; null: the business's. */
        locale: z.enum(locales).nullable().optional(),
      }),
    )
    .mutation(({ ctx, input }) => {
      const { id, ...patch } = input;
      const phone =
        patch.phone === undefined
          ? undefined
          : patch.phone
            ? phoneOrThrow(patch.phone, ctx.business.country)
            : null;
      return withPhoneIdentity(ctx.db, ctx.businessId, phone, () =>
        updateProspect(ctx.db, ctx.actor, ctx.businessId, id, { ...patch, phone }),
      ).then(presentProspect);
    }),

  /**
   * Forward along new → contacted → qualified → customer (steps may be skipped), `lost` from
   * anywhere, and from lost back to contacted only; anything else is BAD_REQUEST.
   */
  setStatus: staffProcedure
    .input(z.object({ id: prospectId, status: statusInput }))
    .mutation(({ ctx, input }) =>
      setProspectStatus(ctx.db, ctx.actor, ctx.businessId, input.id, input.status).then(
        presentProspect,
      ),
    ),

  /** To an accepted, non-courier member of the business, or to nobody (null). */
  assign: staffProcedure
    .input(z.object({ id: prospectId, userId: z.uuid().nullable() }))
    .mutation(({ ctx, input }) =>
      assignProspect(ctx.db, ctx.actor, ctx.businessId, input.id, input.userId).then(
        presentProspect,
      ),
    ),

  /** Replaces the tags: trimmed, lower-case, each once; at most 20 of at most 32 characters. */
  setTags: staffProcedure
    .input(z.object({ id: prospectId, tags: tagsInput }))
    .mutation(({ ctx, input }) =>
      setProspectTags(ctx.db, ctx.actor, ctx.businessId, input.id, input.tags).then(
        presentProspect,
      ),
    ),

  /** See importProspects: per-row report, all-or-nothing, `dryRun` writes nothing. */
  importCsv: staffProcedure
    .input(
      z.object({
        csv: z
          .string()
          .min(1, 'The file is empty')
          .max(IMPORT_LIMITS.bytes, 'The file is larger than 2 MB: split it'),
        dryRun: z.boolean().default(false),
      }),
    )
    .mutation(({ ctx, input }) =>
      importProspects(ctx.db, ctx.jobs, {
        businessId: ctx.businessId,
        country: ctx.business.country,
        actor: ctx.actor,
        csv: input.csv,
        dryRun: input.dryRun,
      }),
    ),
} satisfies TRPCRouterRecord;
