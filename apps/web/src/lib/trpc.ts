// The dashboard's only way to the server: the typed tRPC client. Queries and mutations are
// batched over HTTP; live events arrive over SSE. Cookies are same-origin (no token in JS).
import type { AppRouter } from '@flux/api';
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import {
  createTRPCClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  TRPCClientError,
} from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import superjson from 'superjson';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

const signedOutPage = /^\/(sign-in|sign-up|forgot-password)$|^\/(join|reset-password)\//;

/** A session that ended (expired, signed out elsewhere) sends the tab back to sign-in. */
function onSessionLost(error: unknown) {
  if (errorStatus(error) !== 401) return;
  const { pathname, search } = window.location;
  // Pages meant for signed-out visitors (an invitation link offers sign-in and sign-up itself; the
  // emailed reset link is opened signed out, where the locale's auth.me answers 401).
  if (signedOutPage.test(pathname)) return;
  window.location.assign(`/sign-in?redirect=${encodeURIComponent(pathname + search)}`);
}

export function createQueryClient() {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onSessionLost }),
    mutationCache: new MutationCache({ onError: onSessionLost }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // A 4xx will not change by asking again; a flaky network might.
        retry: (count, error) => {
          const status = error instanceof TRPCClientError ? error.data?.httpStatus : undefined;
          if (typeof status === 'number' && status < 500) return false;
          return count < 2;
        },
        refetchOnWindowFocus: false,
      },
    },
  });
}

export function createClient() {
  return createTRPCClient<AppRouter>({
    links: [
      splitLink({
        condition: (op) => op.type === 'subscription',
        true: httpSubscriptionLink({ url: '/trpc', transformer: superjson }),
        // The server refuses a batch of more than 50 calls (MAX_BATCH_SIZE in packages/api);
        // a screen asks a dozen at most.
        false: httpBatchLink({
          url: '/trpc',
          transformer: superjson,
          maxURLLength: 4_000,
          maxItems: 25,
        }),
      }),
    ],
  });
}

/** A field issue of bad input; `reason` is set when the dashboard words it itself. */
export type Issue = { path: string; message: string; reason?: string };

/** The zod issues of a failed call (empty for any other failure). */
export function issuesOf(error: unknown): Issue[] {
  if (!(error instanceof TRPCClientError)) return [];
  return (
    (error.data as { zodError?: { issues?: Issue[] } | null } | undefined)?.zodError?.issues ?? []
  );
}

/**
 * The server's words for a failed call: the zod issues of bad input, or its message. Issues in
 * `shownByField` are left out (the form shows them beside their field).
 */
export function errorText(error: unknown, shownByField: Issue[] = []): string {
  if (error instanceof TRPCClientError) {
    const issues = issuesOf(error).filter((issue) => !shownByField.includes(issue));
    if (issuesOf(error).length) {
      return issues
        .map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message))
        .join(' · ');
    }
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

export function errorStatus(error: unknown): number | undefined {
  return error instanceof TRPCClientError
    ? (error.data as { httpStatus?: number } | undefined)?.httpStatus
    : undefined;
}

/** The details a server error carries (AppError's `details`: a `reason`, a `field`), if any. */
export function errorDetails(error: unknown): unknown {
  return error instanceof TRPCClientError
    ? ((error.data as { details?: unknown } | undefined)?.details ?? null)
    : null;
}
