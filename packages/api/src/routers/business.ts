// The tenant: profile and settings, and its team (members and roles).
import { schema } from '@flux/db';
import { businessSettingsSchema } from '@flux/db/schema';
import type { TRPCRouterRecord } from '@trpc/server';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { writeAudit } from '../lib/audit';
import { AppError } from '../lib/errors';
import { emailInput } from '../lib/inputs';
import { isTimezone } from '../lib/regions';
import { adminProcedure, businessProcedure, type Role } from '../trpc';

const { businesses, memberships, subscriptions, users, sessions } = schema;
const roleInput = z.enum(schema.membershipRoleEnum.enumValues);

const settingsPatch = businessSettingsSchema
  .extend({ dispatch: businessSettingsSchema.shape.dispatch.partial() })
  .partial();

/** Only an owner may create, demote or remove an owner. */
function assertMayManage(actorRole: Role, targetRole: Role, nextRole?: Role) {
  if ((targetRole === 'owner' || nextRole === 'owner') && actorRole !== 'owner') {
    throw new AppError('FORBIDDEN', 'Only an owner can grant or change the owner role');
  }
}

export const businessRouter = {
  get: businessProcedure.query(async ({ ctx }) => {
    const [subscription] = await ctx.db
      .select()
      .from(subscriptions)
      .where(eq(subscriptions.businessId, ctx.businessId));
    return { business: ctx.business, role: ctx.role, subscription: subscription ?? null };
  }),

  update: adminProcedure
    .input(
      z.object({
        name: z.string().trim().min(2).max(120).optional(),
        timezone: z.string().refine(isTimezone, 'Unknown time zone').optional(),
        locale: z.enum(['fr', 'en']).optional(),
        settings: settingsPatch.optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const { settings: patch, ...profile } = input;
      const current = ctx.business.settings;
      const settings = patch
        ? businessSettingsSchema.parse({
            ...current,
            ...patch,
            dispatch: { ...current.dispatch, ...patch.dispatch },
          })
        : current;
      return ctx.db.transaction(async (tx) => {
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
        return updated;
      });
    }),

  members: businessProcedure.query(({ ctx }) =>
    ctx.db
      .select({
        userId: users.id,
        name: users.name,
        email: users.email,
        role: memberships.role,
        joinedAt: memberships.createdAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.businessId, ctx.businessId))
      .orderBy(asc(users.name)),
  ),

  addMember: adminProcedure
    .input(z.object({ email: emailInput, role: roleInput }))
    .mutation(async ({ ctx, input }) => {
      assertMayManage(ctx.role, input.role);
      return ctx.db.transaction(async (tx) => {
        const [user] = await tx.select().from(users).where(eq(users.email, input.email));
        if (!user) {
          throw new AppError(
            'NOT_FOUND',
            'No FluxAsync account uses this email yet: ask them to sign up, then add them',
          );
        }
        const [created] = await tx
          .insert(memberships)
          .values({ businessId: ctx.businessId, userId: user.id, role: input.role })
          .onConflictDoNothing()
          .returning();
        if (!created) throw new AppError('CONFLICT', `${input.email} is already a member`);
        await writeAudit(tx, ctx.actor, {
          businessId: ctx.businessId,
          action: 'business.member_add',
          entityType: 'user',
          entityId: user.id,
          changes: { email: user.email, role: input.role },
        });
        return { userId: user.id, role: created.role };
      });
    }),

  changeRole: adminProcedure
    .input(z.object({ userId: z.uuid(), role: roleInput }))
    .mutation(({ ctx, input }) =>
      ctx.db.transaction(async (tx) => {
        const target = await lockMembers(tx, ctx.businessId, input.userId);
        assertMayManage(ctx.role, target.role, input.role);
        if (target.role === 'owner' && input.role !== 'owner' && target.owners <= 1) {
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

  removeMember: adminProcedure.input(z.object({ userId: z.uuid() })).mutation(({ ctx, input }) =>
    ctx.db.transaction(async (tx) => {
      const target = await lockMembers(tx, ctx.businessId, input.userId);
      assertMayManage(ctx.role, target.role);
      if (target.role === 'owner' && target.owners <= 1) {
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
        action: 'business.member_remove',
        entityType: 'user',
        entityId: input.userId,
        changes: { role: target.role },
      });
      return { userId: input.userId };
    }),
  ),
} satisfies TRPCRouterRecord;

/**
 * Locks the business's membership rows (so two concurrent demotions cannot both pass the
 * "one owner left" check) and returns the target's role and the owner count.
 */
async function lockMembers(
  tx: Parameters<Parameters<import('@flux/db').Database['transaction']>[0]>[0],
  businessId: string,
  userId: string,
) {
  const rows = await tx
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(eq(memberships.businessId, businessId))
    .for('update');
  const target = rows.find((row) => row.userId === userId);
  if (!target) throw new AppError('NOT_FOUND', 'Member not found');
  return { role: target.role, owners: rows.filter((row) => row.role === 'owner').length };
}
