// The search parameters each route accepts, parsed from the URL. Apart from the router so that a
// screen can name its route's search type without importing the router, which imports the screens.
import { type ConversationStatus, conversationStatuses } from '@flux/contracts/enums';

const str = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
const flag = (value: unknown) => (value === true || value === 'true' ? true : undefined);

export const signInSearch = (search: Record<string, unknown>) => ({
  redirect: str(search.redirect),
  /** An invitation link's token: taken once signed in. */
  invite: str(search.invite),
});

export const signUpSearch = (search: Record<string, unknown>) => ({ invite: str(search.invite) });

export type InboxSearch = {
  c?: string | undefined;
  status?: ConversationStatus | undefined;
  unread?: boolean | undefined;
  mine?: boolean | undefined;
  q?: string | undefined;
  /** A label's id: only its conversations. */
  label?: string | undefined;
  /** Which channel the list shows: both when unset. */
  ch?: 'whatsapp' | 'email' | undefined;
  /** The open email thread (`<mailbox id>:<thread key>`). */
  e?: string | undefined;
};

export const inboxSearch = (search: Record<string, unknown>): InboxSearch => ({
  c: str(search.c),
  status: conversationStatuses.find((status) => status === search.status),
  unread: flag(search.unread),
  mine: flag(search.mine),
  q: str(search.q),
  label: str(search.label),
  ch: search.ch === 'whatsapp' || search.ch === 'email' ? search.ch : undefined,
  e: str(search.e),
});

export const prospectsSearch = (search: Record<string, unknown>) => ({
  view: search.view === 'table' ? ('table' as const) : ('board' as const),
});

/** A day as the date inputs give it (YYYY-MM-DD), or nothing. */
const day = (value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;

export const ordersSearch = (search: Record<string, unknown>) => ({
  status: str(search.status),
  q: str(search.q),
  from: day(search.from),
  to: day(search.to),
});

export const analyticsSearch = (search: Record<string, unknown>) => ({
  days: [7, 30, 90].includes(Number(search.days)) ? Number(search.days) : 30,
});
