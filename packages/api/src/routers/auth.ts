// Sign-up, sign-in (cookie for the dashboard, bearer token for the courier app), sign-out, me.
import { schema } from '@flux/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import {
  blankSessionCookie,
  invalidateSession,
  invalidateUserSessions,
  sessionCookie,
} from '../auth/session';
import { writeAudit } from '../lib/audit';
import { AppError } from '../lib/errors';
import { emailInput, nameInput, passwordInput } from '../lib/inputs';
import { enforceRateLimits, ratePolicies } from '../lib/rate-limit';
import { countryCodes } from '../lib/regions';
import { type SessionGrant, signIn, signUp } from '../services/accounts';
import { authedProcedure, type Context, publicProcedure } from '../trpc';

/** `web` gets an HttpOnly cookie; `app` (the courier app) gets the token in the body for a bearer header. */
const clientInput = z.enum(['web', 'app']).default('web');

function deliverSession(ctx: Context, client: 'web' | 'app', grant: SessionGrant) {
  if (client === 'web') {
    ctx.resHeaders.append(
      'set-cookie',
      sessionCookie(grant.token, grant.expiresAt, ctx.secureCookies),
    );
  }
  return {
    userId: grant.userId,
    businessId: grant.businessId,
    expiresAt: grant.expiresAt,
    token: client === 'app' ? grant.token : null,
  };
}

const clientInfo = (ctx: Context, client: 'web' | 'app') => ({
  kind: client === 'web' ? ('cookie' as const) : ('bearer' as const),
  ttlDays: ctx.config.sessionTtlDays,
  ip: ctx.ip,
  userAgent: ctx.userAgent,
});

async function limit(ctx: Context, kind: 'signIn' | 'signUp', email: string) {
  if (!ctx.config.rateLimit) return;
  const perIp = kind === 'signIn' ? ratePolicies.signInPerIp : ratePolicies.signUpPerIp;
  const perEmail = kind === 'signIn' ? ratePolicies.signInPerEmail : ratePolicies.signUpPerEmail;
  await enforceRateLimits(ctx.rateLimiter, [
    { key: `${kind}:ip:${ctx.ip ?? 'unknown'}`, policy: perIp },
    { key: `${kind}:email:${email}`, policy: perEmail },
  ]);
}

export const authRouter = {
  signUp: publicProcedure
    .input(
      z.object({
        email: emailInput,
        password: passwordInput,
        name: nameInput,
        businessName: z.string().trim().min(2, 'Use at least 2 characters').max(120),
        country: z.enum(countryCodes).default('SN'),
        locale: z.enum(['fr', 'en']).default('fr'),
        client: clientInput,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, 'signUp', input.email);
      const grant = await signUp(ctx.db, input, clientInfo(ctx, input.client));
      return deliverSession(ctx, input.client, grant);
    }),

  signIn: publicProcedure
    .input(
      z.object({
        email: emailInput,
        password: z.string().min(1, 'Required').max(256),
        client: clientInput,
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, 'signIn', input.email);
      const grant = await signIn(ctx.db, input, clientInfo(ctx, input.client));
      // A successful sign-in clears the email's failures, not the IP's.
      if (ctx.config.rateLimit) await ctx.rateLimiter.reset(`signIn:email:${input.email}`);
      return deliverSession(ctx, input.client, grant);
    }),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await ctx.db.transaction(async (tx) => {
      await invalidateSession(tx, ctx.session.id);
      await writeAudit(tx, ctx.actor, { businessId: null, action: 'auth.sign_out' });
    });
    if (ctx.session.kind === 'cookie') {
      ctx.resHeaders.append('set-cookie', blankSessionCookie(ctx.secureCookies));
    }
    return { ok: true as const };
  }),

  signOutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
    const count = await ctx.db.transaction(async (tx) => {
      const deleted = await invalidateUserSessions(tx, ctx.user.id);
      await writeAudit(tx, ctx.actor, {
        businessId: null,
        action: 'auth.sign_out_everywhere',
        changes: { sessions: deleted },
      });
      return deleted;
    });
    if (ctx.session.kind === 'cookie') {
      ctx.resHeaders.append('set-cookie', blankSessionCookie(ctx.secureCookies));
    }
    return { sessionsEnded: count };
  }),

  me: authedProcedure.query(async ({ ctx }) => {
    const memberships = await ctx.db
      .select({
        businessId: schema.businesses.id,
        name: schema.businesses.name,
        slug: schema.businesses.slug,
        currency: schema.businesses.currency,
        role: schema.memberships.role,
      })
      .from(schema.memberships)
      .innerJoin(schema.businesses, eq(schema.businesses.id, schema.memberships.businessId))
      .where(eq(schema.memberships.userId, ctx.user.id))
      .orderBy(asc(schema.businesses.name));
    return {
      user: ctx.user,
      session: { kind: ctx.session.kind, expiresAt: ctx.session.expiresAt },
      currentBusinessId: ctx.session.currentBusinessId,
      memberships,
    };
  }),

  /** Makes `businessId` the session's current business (the business switcher). */
  switchBusiness: authedProcedure
    .input(z.object({ businessId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.transaction(async (tx) => {
        const [membership] = await tx
          .select({ role: schema.memberships.role })
          .from(schema.memberships)
          .where(
            and(
              eq(schema.memberships.businessId, input.businessId),
              eq(schema.memberships.userId, ctx.user.id),
            ),
          );
        if (!membership) throw new AppError('NOT_FOUND', 'Business not found');
        await tx
          .update(schema.sessions)
          .set({ currentBusinessId: input.businessId })
          .where(eq(schema.sessions.id, ctx.session.id));
        await writeAudit(tx, ctx.actor, {
          businessId: input.businessId,
          action: 'auth.switch_business',
          entityType: 'business',
          entityId: input.businessId,
        });
      });
      return { currentBusinessId: input.businessId };
    }),
} satisfies TRPCRouterRecord;
