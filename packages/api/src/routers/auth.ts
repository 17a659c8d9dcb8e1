// Sign-up, sign-in (cookie for the dashboard, bearer token for the courier app), sign-out, me.
import { schema } from '@flux/db';
import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import { passwordProblem, passwordReasonMessages } from '../auth/password-policy';
import { blankSessionCookie, sessionCookie } from '../auth/session';
import { emailInput, nameInput, passwordInput, textInput } from '../lib/inputs';
import { normalizePhone } from '../lib/phone';
import { enforceRateLimits, ratePolicies } from '../lib/rate-limit';
import { countryCodes } from '../lib/regions';
import { presentUser } from '../presenters/user';
import { type SessionGrant, signIn, signUp } from '../services/accounts';
import { acceptInvitationLink, previewInvitation } from '../services/invitations';
import {
  acceptInvitation,
  businessesOf,
  declineInvitation,
  signOut,
  signOutEverywhere,
  switchBusiness,
  updateProfile,
} from '../services/my-account';
import { requestPasswordReset, resetPassword } from '../services/password-reset';
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

/**
 * A browser that signed out drops its cookie, and the answers it kept: GET answers are cached
 * `private, no-cache` for their ETag, and a shared phone must not show the last user's lists.
 */
function signedOutHeaders(ctx: Context) {
  ctx.resHeaders.append('set-cookie', blankSessionCookie(ctx.secureCookies));
  ctx.resHeaders.set('clear-site-data', '"cache"');
}

const ipKey = (ctx: Context) => ctx.ip ?? 'unknown';

/** `email`: the address, or for a courier signing in by phone the E.164 number (same policies). */
async function limit(ctx: Context, kind: 'signIn' | 'signUp', email: string) {
  if (!ctx.config.rateLimit) return;
  const checks =
    kind === 'signIn'
      ? [
          { key: `signIn:ip:${ipKey(ctx)}`, policy: ratePolicies.signInPerIp },
          {
            key: `signIn:email-ip:${email}:${ipKey(ctx)}`,
            policy: ratePolicies.signInPerEmailAndIp,
          },
          { key: `signIn:email:${email}`, policy: ratePolicies.signInPerEmail },
        ]
      : [
          { key: `signUp:ip:${ipKey(ctx)}`, policy: ratePolicies.signUpPerIp },
          { key: `signUp:email:${email}`, policy: ratePolicies.signUpPerEmail },
        ];
  await enforceRateLimits(ctx.rateLimiter, checks);
}

/**
 * Refuses a password attackers would try first (auth/password-policy.ts), as a field issue on
 * `password` whose `reason` the dashboard words in the user's language.
 */
export function refusePasswordGuesses(
  input: { password: string; email?: string; businessName?: string },
  ctx: z.RefinementCtx,
) {
  const reason = passwordProblem(input.password, input);
  if (reason) {
    ctx.addIssue({
      code: 'custom',
      path: ['password'],
      message: passwordReasonMessages[reason],
      params: { reason },
    });
  }
}

/** Who signs in: by email, or a courier by phone number (E.164 once read). */
type SignInInput =
  | { email: string; password: string; client: 'web' | 'app' }
  | { phone: string; password: string; client: 'web' | 'app' };

/** A link's token as generateSessionToken makes it (base32, 32 characters). */
const invitationToken = z.string().regex(/^[a-z2-7]{32}$/, 'Not an invitation link');
const resetToken = z.string().regex(/^[a-z2-7]{32}$/, 'Not a password reset link');

export const authRouter = {
  /** What an invitation link is for, before signing in: the business, the email and the role. */
  invitation: publicProcedure
    .input(z.object({ token: invitationToken }))
    .query(({ ctx, input }) => previewInvitation(ctx.db, input.token)),

  /** The signed-in user takes an invitation link sent to their email. */
  acceptInvite: authedProcedure
    .input(z.object({ token: invitationToken }))
    .mutation(({ ctx, input }) =>
      acceptInvitationLink(ctx.db, ctx.actor, {
        token: input.token,
        userId: ctx.user.id,
        email: ctx.user.email,
        sessionId: ctx.session.id,
      }),
    ),

  signUp: publicProcedure
    .input(
      z
        .object({
          email: emailInput,
          password: passwordInput,
          name: nameInput,
          businessName: textInput(120)
            .pipe(z.string().min(2, 'Use at least 2 characters'))
            .optional(),
          /** The token of an invitation link: the account joins that business instead of creating one. */
          invitation: invitationToken.optional(),
          country: z.enum(countryCodes).default('SN'),
          locale: z.enum(['fr', 'en']).default('fr'),
          client: clientInput,
        })
        .superRefine(refusePasswordGuesses),
    )
    .mutation(async ({ ctx, input }) => {
      await limit(ctx, 'signUp', input.email);
      const grant = await signUp(ctx.db, input, clientInfo(ctx, input.client));
      return deliverSession(ctx, input.client, grant);
    }),

  /**
   * By email, or by phone number for a courier (the number their shop registered them with, as
   * typed: "77 555 01 04" in `country`, or "+221…"). The same rate limits and the same refusal
   * whether or not the account exists.
   */
  signIn: publicProcedure
    .input(
      z
        .object({
          email: emailInput.optional(),
          phone: z.string().trim().max(40).optional(),
          /** The country of a number typed without its international prefix. */
          country: z.enum(countryCodes).default('SN'),
          password: z.string().min(1, 'Required').max(256),
          client: clientInput,
        })
        .transform((input, zod): SignInInput => {
          const { email, password, client } = input;
          if (email && !input.phone) return { email, password, client };
          if (input.phone && !email) {
            const phone = normalizePhone(input.phone, input.country);
            if (phone) return { phone, password, client };
            zod.addIssue({ code: 'custom', path: ['phone'], message: 'Not a valid phone number' });
            return z.NEVER;
          }
          zod.addIssue({
            code: 'custom',
            path: ['email'],
            message: 'Give your email or your phone number',
          });
          return z.NEVER;
        }),
    )
    .mutation(async ({ ctx, input }) => {
      const identifier = 'phone' in input ? input.phone : input.email;
      await limit(ctx, 'signIn', identifier);
      const grant = await signIn(ctx.db, input, clientInfo(ctx, input.client));
      // A successful sign-in clears this identifier's failures from this IP, not the IP's.
      if (ctx.config.rateLimit) {
        await ctx.rateLimiter.reset(`signIn:email-ip:${identifier}:${ipKey(ctx)}`);
      }
      return deliverSession(ctx, input.client, grant);
    }),

  /**
   * "Forgot your password?": a link by email if the account exists. The answer is the same
   * either way, so the form tells nobody who has an account.
   */
  requestPasswordReset: publicProcedure
    .input(z.object({ email: emailInput }))
    .mutation(async ({ ctx, input }) => {
      if (ctx.config.rateLimit) {
        await enforceRateLimits(ctx.rateLimiter, [
          { key: `reset:ip:${ipKey(ctx)}`, policy: ratePolicies.passwordResetPerIp },
          { key: `reset:email:${input.email}`, policy: ratePolicies.passwordResetPerEmail },
        ]);
      }
      await requestPasswordReset(
        ctx.db,
        {
          email: input.email,
          ip: ctx.ip,
          userAgent: ctx.userAgent,
          key: ctx.config.deliveryCodeKey,
        },
        // The email goes once the link is committed (jobs/auth/password-reset-email.ts).
        async (tx, reset) => {
          await ctx.jobs.send('auth.password-reset-email', { resetId: reset.id }, { db: tx });
        },
      );
      return { ok: true as const };
    }),

  /** Sets a new password with a link's token; every session of the account ends. */
  resetPassword: publicProcedure
    .input(
      z.object({ token: resetToken, password: passwordInput }).superRefine(refusePasswordGuesses),
    )
    .mutation(async ({ ctx, input }) => {
      if (ctx.config.rateLimit) {
        await enforceRateLimits(ctx.rateLimiter, [
          { key: `reset-use:ip:${ipKey(ctx)}`, policy: ratePolicies.resetPasswordPerIp },
        ]);
      }
      const { email } = await resetPassword(ctx.db, {
        token: input.token,
        password: input.password,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      return { email };
    }),

  signOut: authedProcedure.mutation(async ({ ctx }) => {
    await signOut(ctx.db, ctx.actor, { sessionId: ctx.session.id });
    if (ctx.session.kind === 'cookie') signedOutHeaders(ctx);
    return { ok: true as const };
  }),

  signOutEverywhere: authedProcedure.mutation(async ({ ctx }) => {
    const count = await signOutEverywhere(ctx.db, ctx.actor, { userId: ctx.user.id });
    if (ctx.session.kind === 'cookie') signedOutHeaders(ctx);
    return { sessionsEnded: count };
  }),

  me: authedProcedure.query(async ({ ctx }) => {
    const { memberships, invitations } = await businessesOf(ctx.db, { userId: ctx.user.id });
    return {
      user: presentUser(ctx.user),
      session: { kind: ctx.session.kind, expiresAt: ctx.session.expiresAt },
      currentBusinessId: ctx.session.currentBusinessId,
      memberships,
      invitations,
    };
  }),

  /** The signed-in user's own name and language (the dashboard's language follows it). */
  updateProfile: authedProcedure
    .input(
      z
        .object({ name: nameInput.optional(), locale: z.enum(schema.locales).optional() })
        .refine((input) => input.name !== undefined || input.locale !== undefined, {
          message: 'Change the name or the language',
          path: ['name'],
        }),
    )
    .mutation(async ({ ctx, input }) =>
      presentUser(await updateProfile(ctx.db, ctx.actor, { user: ctx.user, set: input })),
    ),

  /** Makes `businessId` the session's current business (the business switcher). */
  switchBusiness: authedProcedure
    .input(z.object({ businessId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await switchBusiness(ctx.db, ctx.actor, {
        userId: ctx.user.id,
        sessionId: ctx.session.id,
        businessId: input.businessId,
      });
      return { currentBusinessId: input.businessId };
    }),

  /** Says yes to an invitation: the business opens, and becomes the session's current one. */
  acceptInvitation: authedProcedure
    .input(z.object({ businessId: z.uuid() }))
    .mutation(({ ctx, input }) =>
      acceptInvitation(ctx.db, ctx.actor, {
        userId: ctx.user.id,
        sessionId: ctx.session.id,
        businessId: input.businessId,
      }),
    ),

  declineInvitation: authedProcedure
    .input(z.object({ businessId: z.uuid() }))
    .mutation(({ ctx, input }) =>
      declineInvitation(ctx.db, ctx.actor, { userId: ctx.user.id, businessId: input.businessId }),
    ),
} satisfies TRPCRouterRecord;
