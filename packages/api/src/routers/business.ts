// The tenant: profile and settings, and its team (members, invitations and roles).
import { schema } from '@flux/db';
import { subscriptionOf } from '@flux/db/queries/subscriptions';
import { businessSettingsSchema } from '@flux/db/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { emailInput, textInput } from '../lib/inputs';
import { enforceRateLimits, ratePolicies } from '../lib/rate-limit';
import { isTimezone } from '../lib/regions';
import { presentBusiness, presentSubscription } from '../presenters/business';
import { updateBusinessProfile } from '../services/business-settings';
import {
  inviteByLink,
  joinPath,
  pendingInvitations,
  revokeInvitation,
} from '../services/invitations';
import { assertMayManage, changeMemberRole, removeMember, teamOf } from '../services/team';
import { adminProcedure, businessProcedure, staffProcedure } from '../trpc';

const roleInput = z.enum(schema.membershipRoleEnum.enumValues);
/**
 * The people who run the shop. A courier is a member too, but only needs to know whose deliveries
 * they carry: the settings (pickup, fees, AI, dispatch rules), the plan and the team's emails are
 * not theirs to read.
 */

const settingsPatch = businessSettingsSchema
  .extend({
    dispatch: businessSettingsSchema.shape.dispatch.partial(),
    pickup: businessSettingsSchema.shape.pickup
      .unwrap()
      .extend({ address: textInput(300) })
      .nullable(),
  })
  .partial();

export const businessRouter = {
  /**
   * What every member, couriers included, may know of the business: its name and how to show
   * amounts and times. The courier app reads this, never `get`.
   */
  profile: businessProcedure.query(({ ctx }) => ({
    id: ctx.business.id,
    name: ctx.business.name,
    slug: ctx.business.slug,
    country: ctx.business.country,
    currency: ctx.business.currency,
    timezone: ctx.business.timezone,
    locale: ctx.business.locale,
    role: ctx.role,
  })),

  get: staffProcedure.query(async ({ ctx }) => {
    const subscription = await subscriptionOf(ctx.db, { businessId: ctx.businessId });
    return {
      business: presentBusiness(ctx.business),
      role: ctx.role,
      subscription: subscription ? presentSubscription(subscription) : null,
    };
  }),

  update: adminProcedure
    .input(
      z.object({
        name: textInput(120).pipe(z.string().min(2)).optional(),
        timezone: z.string().max(64).refine(isTimezone, 'Unknown time zone').optional(),
        locale: z.enum(['fr', 'en']).optional(),
        settings: settingsPatch.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { settings, ...profile } = input;
      return presentBusiness(
        await updateBusinessProfile(ctx.db, ctx.actor, {
          businessId: ctx.businessId,
          profile,
          settings,
        }),
      );
    }),

  /** Members and pending invitations. */
  members: staffProcedure.query(({ ctx }) => teamOf(ctx.db, ctx.businessId)),

  /**
   * Invites an email with a role, as a link to share (copied, or sent on WhatsApp): the answer is
   * the same whether the email has an account or not, and names no user. The link joins whoever
   * signs in or up with that email (auth.acceptInvite, or auth.signUp with it); it works once, for
   * 7 days. Nobody is put into a business without saying yes.
   */
  addMember: adminProcedure
    .input(z.object({ email: emailInput, role: roleInput }))
    .mutation(async ({ ctx, input }) => {
      assertMayManage(ctx.role, input.role);
      if (ctx.config.rateLimit) {
        await enforceRateLimits(ctx.rateLimiter, [
          { key: `invite:user:${ctx.user.id}`, policy: ratePolicies.invitesPerUser },
        ]);
      }
      const { token, invitation } = await inviteByLink(ctx.db, ctx.jobs, ctx.actor, {
        businessId: ctx.businessId,
        email: input.email,
        role: input.role,
        invitedBy: ctx.user.id,
      });
      return {
        invitationId: invitation.id,
        email: invitation.email,
        role: invitation.role,
        status: 'invited' as const,
        expiresAt: invitation.expiresAt,
        /** Shown once: the dashboard makes it a full link to copy or share. */
        joinPath: joinPath(token),
      };
    }),

  /** Links sent and not yet used, revoked or expired. */
  invitations: adminProcedure.query(({ ctx }) => pendingInvitations(ctx.db, ctx.businessId)),

  /** Withdraws a link before it is used: opening it then says it is invalid. */
  revokeInvitation: adminProcedure
    .input(z.object({ invitationId: z.uuid() }))
    .mutation(({ ctx, input }) =>
      revokeInvitation(ctx.db, ctx.actor, {
        businessId: ctx.businessId,
        invitationId: input.invitationId,
        // Only an owner may withdraw what only an owner may grant.
        mayRevoke: (role) => assertMayManage(ctx.role, role),
      }),
    ),

  changeRole: adminProcedure
    .input(z.object({ userId: z.uuid(), role: roleInput }))
    .mutation(({ ctx, input }) =>
      changeMemberRole(ctx.db, ctx.actor, {
        ...input,
        businessId: ctx.businessId,
        managerId: ctx.user.id,
      }),
    ),

  /** Removes a member, or withdraws an invitation. */
  removeMember: adminProcedure.input(z.object({ userId: z.uuid() })).mutation(({ ctx, input }) =>
    removeMember(ctx.db, ctx.actor, {
      businessId: ctx.businessId,
      managerId: ctx.user.id,
      userId: input.userId,
    }),
  ),
} satisfies TRPCRouterRecord;
