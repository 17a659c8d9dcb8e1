// tRPC init: the request context and the procedure ladder public → authed → business → role(...).

import {
  genericReason,
  type Reason,
  type ReasonParams,
  type WireIssue,
} from '@flux/contracts/reasons';
import type { schema } from '@flux/db';
import { membershipOf } from '@flux/db/queries/access';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import {
  blankSessionCookie,
  SESSION_COOKIE,
  type Session,
  type SessionUser,
  sessionCookie,
  validateSessionToken,
} from './auth/session';
import type { AppServices, RequestInfo } from './context';
import type { Actor } from './lib/audit';
import { AppError, appErrorFromDatabase } from './lib/errors';
import { transformer } from './lib/wire';

export type Role = (typeof schema.membershipRoleEnum.enumValues)[number];

function readToken(headers: Headers): { token: string; kind: 'cookie' | 'bearer' } | null {
  const authorization = headers.get('authorization');
  if (authorization?.toLowerCase().startsWith('bearer ')) {
    return { token: authorization.slice(7).trim(), kind: 'bearer' };
  }
  for (const part of (headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return { token: value.join('='), kind: 'cookie' };
  }
  return null;
}

export async function createContext(services: AppServices, request: RequestInfo) {
  const found = readToken(request.headers);
  let auth: { session: Session; user: SessionUser } | null = null;
  if (found) {
    const validated = await validateSessionToken(
      services.db,
      found.token,
      services.config.sessionTtlDays,
      services.authCache,
    );
    if (validated) {
      auth = validated;
      if (validated.renewed && found.kind === 'cookie') {
        request.resHeaders.append(
          'set-cookie',
          sessionCookie(found.token, validated.session.expiresAt, request.secureCookies),
        );
      }
    } else if (found.kind === 'cookie') {
      // A stale cookie is cleared so the browser stops sending it.
      request.resHeaders.append('set-cookie', blankSessionCookie(request.secureCookies));
    }
  }
  const userAgent = request.headers.get('user-agent');
  return {
    ...services,
    log: request.requestId ? services.log.child({ requestId: request.requestId }) : services.log,
    ...request,
    userAgent,
    session: auth?.session ?? null,
    user: auth?.user ?? null,
  };
}

export type Context = Awaited<ReturnType<typeof createContext>>;

/** `reason`: a code for the clients to word the issue themselves (e.g. a refused password). */
export type IssueList = WireIssue[];

/** What a zod issue measured, for the clients to word it (never the input itself). */
function issueParams(issue: z.core.$ZodIssue): ReasonParams {
  const params: ReasonParams = {};
  const record = issue as unknown as Record<string, unknown>;
  for (const name of ['minimum', 'maximum', 'origin', 'format', 'expected'] as const) {
    const value = record[name];
    if (typeof value === 'number' || typeof value === 'string') params[name] = value;
    else if (typeof value === 'bigint') params[name] = Number(value);
  }
  // zod keeps no input in an issue (reportInput is off): its words tell a missing value apart.
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
    params.received = 'undefined';
  }
  return params;
}

/** The reason and parameters a refusal carries; the generic one of its code for any other error. */
function refusalOf(code: string, cause: unknown): { reason: Reason; params: ReasonParams } {
  if (cause instanceof AppError) return { reason: cause.reason, params: cause.params };
  return { reason: genericReason(code), params: {} };
}

/** Calls one HTTP request may batch; the clients' batch links stay at or under it. */
export const MAX_BATCH_SIZE = 50;
/** tRPC's own words for a batch over maxBatchSize (unstable-core-do-not-import/http/contentType.ts). */
const BATCH_TOO_LARGE = 'Batch call exceeds maximum size';

const t = initTRPC.context<Context>().create({
  // Reads like superjson, answers in superjson's format without its copy of the answer (lib/wire.ts).
  transformer,
  // Live events (SSE): mobile networks and proxies drop a quiet connection without a word. A ping
  // every 20 s keeps it open, and a client that hears nothing for 45 s (not even a ping) opens a
  // new one instead of waiting on a dead one (tRPC's httpSubscriptionLink does it).
  sse: {
    ping: { enabled: true, intervalMs: 20_000 },
    client: { reconnectAfterInactivityMs: 45_000 },
  },
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const zodError =
      cause instanceof ZodError
        ? {
            ...z.flattenError(cause),
            issues: cause.issues.map((issue) => {
              const reason =
                issue.code === 'custom' && typeof issue.params?.reason === 'string'
                  ? issue.params.reason
                  : undefined;
              return {
                path: issue.path.join('.'),
                message: issue.message,
                code: issue.code,
                params: issueParams(issue),
                ...(reason ? { reason } : {}),
              };
            }) satisfies IssueList,
          }
        : null;
    return {
      ...shape,
      message:
        error.code === 'INTERNAL_SERVER_ERROR' && !(cause instanceof AppError)
          ? 'Something went wrong on our side. It has been logged.'
          : shape.message === BATCH_TOO_LARGE
            ? `A batch may hold at most ${MAX_BATCH_SIZE} calls: send the others in another request`
            : shape.message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path,
        zodError,
        details: cause instanceof AppError ? (cause.details ?? null) : null,
        ...refusalOf(shape.data.code, cause),
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;
export const router = t.router;

/**
 * Every call, once: services' AppErrors and the database's constraint errors become client errors
 * (`clientError`), then the call is told to the observer (/metrics), timed whole (input parsing, the
 * ladder, the error mapping) and with the code it answered. One middleware, not two: each rung of
 * the ladder costs tRPC two copies of its options per call (docs/benchmarks.md, seventh pass).
 */
const called = t.middleware(async ({ ctx, path, type, next }) => {
  const observe = ctx.observeProcedure;
  const started = observe ? performance.now() : 0;
  let result = await next();
  try {
    if (!result.ok) {
      const error = clientError(ctx, path, result.error);
      if (error) result = { ...result, error };
    }
  } finally {
    observe?.({
      path,
      type,
      seconds: (performance.now() - started) / 1000,
      error: result.ok ? null : result.error.code,
    });
  }
  return result;
});

/** The client error a service's AppError or a database constraint becomes; null: neither. */
function clientError(ctx: Context, path: string, error: TRPCError): TRPCError | null {
  const cause = error.cause;
  const appError = cause instanceof AppError ? cause : appErrorFromDatabase(cause);
  if (!appError) return null;
  // A constraint that stopped a request may also be our own bug: keep the database's words.
  if (!(cause instanceof AppError))
    ctx.log.warn({ err: cause, path }, 'database refused a request');
  return new TRPCError({ code: appError.code, message: appError.message, cause: appError });
}

export const publicProcedure = t.procedure.use(called);

/** The signed-in user as the procedures see them, or UNAUTHORIZED. */
function signedIn(ctx: Context) {
  if (!ctx.user || !ctx.session) {
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to continue' });
  }
  const actor: Actor = {
    userId: ctx.user.id,
    label: ctx.user.email,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  };
  return { user: ctx.user, session: ctx.session, actor };
}

export const authedProcedure = publicProcedure.use(({ ctx, next }) => next({ ctx: signedIn(ctx) }));

/**
 * The business is the one named in the input (`businessId`) or the session's current one, and
 * only if the user is a member of it. A business you are not in does not exist for you.
 * Procedures chain their own `.input(z.object(...))`; tRPC merges it with this one.
 */
const businessInput = publicProcedure
  // Refused before the input is read, as every signed-in procedure is: a stranger learns nothing
  // of what a valid call looks like. No context here: the one below carries it all.
  .use(({ ctx, next }) => {
    signedIn(ctx);
    return next();
  })
  .input(z.object({ businessId: z.uuid().optional() }).nullish());

/**
 * The context of a call inside a business, with the member's role, which must be one of `roles`
 * when they are given (FORBIDDEN otherwise; NOT_FOUND, not FORBIDDEN, for a business the user is
 * not in). The membership and the role are one middleware with authedProcedure's check, not
 * rungs of their own: each rung costs tRPC two copies of its options, and each `next({ ctx })` a
 * copy of the whole context, some thirty properties (docs/benchmarks.md, seventh pass).
 */
async function inBusiness(
  ctx: Context,
  input: { businessId?: string | undefined } | null | undefined,
  roles: readonly Role[] | null,
) {
  const auth = signedIn(ctx);
  const businessId = input?.businessId ?? auth.session.currentBusinessId;
  if (!businessId) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: 'No business selected: pass businessId or switch to a business first',
    });
  }
  const scope = { businessId, userId: auth.user.id };
  const cache = ctx.authCache;
  const lookup = () => membershipOf(ctx.db, scope);
  const row = cache
    ? (cache.membership(scope.userId, businessId, lookup) ??
      (await cache.loadMembership(scope.userId, businessId, lookup)))
    : await lookup();
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'Business not found' });
  if (roles && !roles.includes(row.role)) {
    throw new TRPCError({
      code: 'FORBIDDEN',
      message: `This needs the role ${roles.join(' or ')}; you are ${row.role}`,
    });
  }
  return { ...auth, business: row.business, businessId: row.business.id, role: row.role };
}

export const businessProcedure = businessInput.use(async ({ ctx, input, next }) =>
  next({ ctx: await inBusiness(ctx, input, null) }),
);

/**
 * The people who run FluxAsync itself (PLATFORM_ADMINS): jobs span every tenant, so they are not
 * a business's to see.
 */
export const platformProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.config.platformAdmins.includes(ctx.user.email)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Only platform operators can do this' });
  }
  return next();
});

/** A business procedure open only to the given roles. */
export const roleProcedure = (...roles: [Role, ...Role[]]) =>
  businessInput.use(async ({ ctx, input, next }) =>
    next({ ctx: await inBusiness(ctx, input, roles) }),
  );

/** Owners and admins manage the business; agents, dispatchers and couriers do their own work. */
export const adminProcedure = roleProcedure('owner', 'admin');

/** Every member who works the shop's orders and customers: everyone but couriers. */
export const staffProcedure = roleProcedure('owner', 'admin', 'agent', 'dispatcher');
