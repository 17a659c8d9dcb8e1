// The tenant: profile and settings, and its team (members, invitations and roles).
import type { Database } from '@flux/db';
import { schema } from '@flux/db';
import { subscriptionOf } from '@flux/db/queries/subscriptions';
import { businessSettingsSchema } from '@flux/db/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { writeAudit } from '../lib/audit';
import { AppError } from '../lib/errors';
import { emailInput, textInput } from '../lib/inputs';
import { enforceRateLimits, ratePolicies } from '../lib/rate-limit';
import { isTimezone } from '../lib/regions';
import { presentBusiness, presentSubscription } from '../presenters/business';
import {
  inviteByLink,
  joinPath,
  pendingInvitations,
  revokeInvitation,
} from '../services/invitations';
import { adminProcedure, businessProcedure, type Role, roleProcedure } from '../trpc';

const { businesses, memberships, users, sessions } = schema;
const roleInput = z.enum(schema.membershipRoleEnum.enumValues);
/**
 * The people who run the shop. A courier is a member too, but only needs to know whose deliveries
 * they carry: the settings (pickup, fees, AI, dispatch rules), the plan and the team's emails are
 * not theirs to read.
 */
const staffProcedure = roleProcedure('owner', 'admin', 'agent', 'dispatcher');

const settingsPatch = businessSettingsSchema
  .extend({
    dispatch: businessSettingsSchema.shape.dispatch.partial(),
    pickup: businessSettingsSchema.shape.pickup
      .unwrap()
      .extend({ address: textInput(300) })
      .nullable(),
  })
  .partial();

type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Only an owner may create, demote or remove an owner. */
function assertMayManage(actorRole: Role, targetRole: Role, nextRole?: Role) {
  if ((targetRole === 'owner' || nextRole === 'owner') && actorRole !== 'owner') {
    throw new AppError('FORBIDDEN', 'Only an owner can grant or change the owner role');
  }
}

/**
 * Locks the business's membership rows, so that concurrent role changes are serialised, and
 * returns the actor's and the target's roles as they are now (not as the request first read
 * them) and the number of accepted owners.
 */
async function lockMembers(tx: Tx, businessId: string, actorId: string, targetId: string) {
  const rows = await tx
    .select({
      userId: memberships.userId,
      role: memberships.role,
      acceptedAt: memberships.acceptedAt,
    })
    .from(memberships)
    .where(eq(memberships.businessId, businessId))
    .for('update');
  const actor = rows.find((row) => row.userId === actorId && row.acceptedAt);
  if (!actor || (actor.role !== 'owner' && actor.role !== 'admin')) {
    throw new AppError('FORBIDDEN', 'You no longer manage this business');
  }
  const target = rows.find((row) => row.userId === targetId);
  if (!target) throw new AppError('NOT_FOUND', 'Member not found');
  return {
    actorRole: actor.role,
    role: target.role,
    accepted: target.acceptedAt !== null,
    owners: rows.filter((row) => row.role === 'owner' && row.acceptedAt).length,
  };
}

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
    .mutation(({ ctx, input }) => {
      const { settings: patch, ...profile } = input;
      return ctx.db.transaction(async (tx) => {
        // Merge into the settings as they are now, under a row lock: two admins changing
        // different keys at once both keep their change.
        const [current] = await tx
          .select({ settings: businesses.settings })
          .from(businesses)
          .where(eq(businesses.id, ctx.businessId))
          .for('update');
        if (!current) throw new AppError('NOT_FOUND', 'Business not found');
        const settings = patch
          ? businessSettingsSchema.parse({
              ...current.settings,
              ...patch,
              dispatch: { ...current.settings.dispatch, ...patch.dispatch },
            })
          : current.settings;
        const [updated] = await tx
          .update(businesses)
          .set({ ...profile, settings })
          .where(eq(businesses.id, ctx.businessId))
          .returning();
        if (!updated) throw new AppError('NOT_FOUND', 'Business not found');
        await writeAudit(tx, ctx.actor, {
          businessId: ctx.businessId,
          action: 'business.update',
          entityType: 'business',
          entityId: ctx.businessId,
          changes: { ...profile, ...(patch ? { settings: patch } : {}) },
        });
        return presentBusiness(updated);
      });
    }),

  /** Members and pending invitations. */
  members: staffProcedure.query(async ({ ctx }) => {
    const rows = await ctx.db
      .select({
        userId: users.id,
        name: users.name,
        email: users.email,
        role: memberships.role,
        acceptedAt: memberships.acceptedAt,
        invitedAt: memberships.createdAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.businessId, ctx.businessId))
      .orderBy(asc(users.name));
    return rows.map(({ acceptedAt, ...row }) => ({
      ...row,
      status: acceptedAt ? ('active' as const) : ('invited' as const),
      joinedAt: acceptedAt,
    }));
  }),

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
      const { token, invitation } = await inviteByLink(ctx.db, ctx.actor, {
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
      ctx.db.transaction(async (tx) => {
        const target = await lockMembers(tx, ctx.businessId, ctx.user.id, input.userId);
        assertMayManage(target.actorRole, target.role, input.role);
        if (
          target.role === 'owner' &&
          input.role !== 'owner' &&
          target.accepted &&
          target.owners <= 1
        ) {
          throw new AppError('PRECONDITION_FAILED', 'A business needs at least one owner');
        }
        await tx
          .update(memberships)
          .set({ role: input.role })
          .where(
            and(eq(memberships.businessId, ctx.businessId), eq(memberships.userId, input.userId)),
          );
        await writeAudit(tx, ctx.actor, {
          businessId: ctx.businessId,
          action: 'business.member_role',
          entityType: 'user',
          entityId: input.userId,
          changes: { from: target.role, to: input.role },
        });
        return { userId: input.userId, role: input.role };
      }),
    ),

  /** Removes a member, or withdraws an invitation. */
  removeMember: adminProcedure.input(z.object({ userId: z.uuid() })).mutation(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      const target = await lockMembers(tx, ctx.businessId, ctx.user.id, input.userId);
      assertMayManage(target.actorRole, target.role);
      if (target.role === 'owner' && target.accepted && target.owners <= 1) {
        throw new AppError('PRECONDITION_FAILED', 'The last owner cannot be removed');
      }
      await tx
        .delete(memberships)
        .where(
          and(eq(memberships.businessId, ctx.businessId), eq(memberships.userId, input.userId)),
        );
      // Their open sessions stop pointing at a business they have left.
      await tx
        .update(sessions)
        .set({ currentBusinessId: null })
        .where(
          and(eq(sessions.userId, input.userId), eq(sessions.currentBusinessId, ctx.businessId)),
        );
      await writeAudit(tx, ctx.actor, {
        businessId: ctx.businessId,
        action: target.accepted ? 'business.member_remove' : 'business.invite_withdraw',
        entityType: 'user',
        entityId: input.userId,
        changes: { role: target.role },
      });
      return { userId: input.userId };
    }),
  ),
} satisfies TRPCRouterRecord;
