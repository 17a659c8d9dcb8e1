// The dashboard's only way to the server: the typed tRPC client. Queries and mutations are
// batched over HTTP; live events arrive over SSE. Cookies are same-origin (no token in JS).
import type { AppRouter } from '@flux/api';
import type { Currency } from '@flux/contracts/enums';
import { wordRefusal } from '@flux/contracts/reason-texts';
import {
  genericReason,
  type IssueTextKey,
  isReason,
  issueTextKey,
  type Reason,
  type WireIssue,
} from '@flux/contracts/reasons';
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
import { createI18n, type I18n, storedLocale } from './i18n';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** Outside a component (or in code that does not pass one): the locale this device remembers. */
const fallbackI18n = () => createI18n(storedLocale(), 'Africa/Dakar');

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

/** A field issue of bad input (zod's code and what it measured); `reason` when the schema named one. */
export type Issue = WireIssue;

/** The zod issues of a failed call (empty for any other failure). */
export function issuesOf(error: unknown): Issue[] {
  if (!(error instanceof TRPCClientError)) return [];
  return (
    (error.data as { zodError?: { issues?: Issue[] } | null } | undefined)?.zodError?.issues ?? []
  );
}

/** The words of a reason or an issue text in the user's language, numbers and money in its format. */
export function refusalWords(
  i18n: I18n,
  key: string,
  params?: Record<string, unknown>,
  fallback?: Reason | IssueTextKey,
): string {
  return wordRefusal(
    i18n.locale,
    key,
    params,
    {
      number: (value) => i18n.number(value, 2),
      money: (minor, currency) => i18n.money(minor, currency as Currency),
    },
    fallback,
  );
}

/** One zod issue in the user's words (the form's field label says which field). */
export function issueText(issue: Issue, i18n: I18n = fallbackI18n()): string {
  return refusalWords(i18n, issueTextKey(issue), issue.params);
}

/**
 * The server's refusal in the user's words: its reason and parameters, or the zod issues of bad
 * input (each after its field's path). Issues in `shownByField` are left out (the form shows
 * them beside their field). Never the server's English.
 */
export function errorText(
  error: unknown,
  shownByField: Issue[] = [],
  i18n: I18n = fallbackI18n(),
): string {
  if (error instanceof TRPCClientError) {
    const issues = issuesOf(error).filter((issue) => !shownByField.includes(issue));
    if (issuesOf(error).length) {
      return issues
        .map((issue) =>
          issue.path ? `${issue.path} : ${issueText(issue, i18n)}` : issueText(issue, i18n),
        )
        .join(' · ');
    }
    const data = error.data as { code?: string; reason?: unknown; params?: unknown } | undefined;
    // No answer at all (the network, a proxy's page): the generic words, never fetch's English.
    if (!data) return refusalWords(i18n, 'internal');
    const reason = isReason(data.reason) ? data.reason : genericReason(data.code);
    const params = typeof data.params === 'object' && data.params ? data.params : {};
    return refusalWords(i18n, reason, params as Record<string, unknown>, genericReason(data.code));
  }
  // Our own words (a form checked before sending): already in the user's language.
  return error instanceof Error ? error.message : String(error);
}

/** Each field's refusal in the user's words: zod issues by path, a refusal naming its `field`. */
export function fieldErrors(error: unknown, i18n: I18n = fallbackI18n()): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const issue of issuesOf(error)) {
    if (issue.path) byField[issue.path] ??= issueText(issue, i18n);
  }
  const field = (errorDetails(error) as { field?: unknown } | null)?.field;
  if (typeof field === 'string' && !byField[field]) byField[field] = errorText(error, [], i18n);
  return byField;
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
