// The inbox's email data: the threads page after page, one thread (read as soon as it is open),
// an email's HTML on demand, the reply (one key per reply: a double click or a retry sends once),
// the sender made a prospect, and the mailboxes of the settings card.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import type { Outputs } from '../../lib/api';
import { useTRPC } from '../../lib/trpc';
import { useSaved } from '../../lib/use-saved';

export type EmailThreadItem = Outputs['email']['threads']['items'][number];
export type EmailThread = Outputs['email']['thread'];
export type EmailMessage = EmailThread['emails'][number];

/** The email threads, page after page; `unread`: only those with unread mail (the filter). */
export function useEmailThreads(enabled: boolean, unread = false) {
  const trpc = useTRPC();
  const list = useInfiniteQuery(
    trpc.email.threads.infiniteQueryOptions(
      { limit: 50, ...(unread ? { unread: true } : {}) },
      { enabled, getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  return { list, items };
}

/** `<mailbox id>:<thread key>` as the URL carries it. */
export function parseThreadId(id: string): { accountId: string; threadKey: string } | null {
  const at = id.indexOf(':');
  if (at <= 0 || at === id.length - 1) return null;
  return { accountId: id.slice(0, at), threadKey: id.slice(at + 1) };
}

/** One thread, read as soon as it is open (or as a new email arrives in the open one). */
export function useEmailThread(id: { accountId: string; threadKey: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const thread = useQuery(trpc.email.thread.queryOptions(id));
  const markRead = useMutation(
    trpc.email.markThreadRead.mutationOptions({
      onSuccess: () => {
        void queryClient.invalidateQueries(trpc.email.threads.pathFilter());
        void queryClient.invalidateQueries(trpc.email.thread.pathFilter());
        // The badge drops at once here; the live event tells the other tabs.
        void queryClient.invalidateQueries(trpc.conversations.unread.pathFilter());
      },
    }),
  );
  const unread = thread.data?.unreadCount ?? 0;
  const { accountId, threadKey } = id;
  useEffect(() => {
    if (unread > 0) markRead.mutate({ accountId, threadKey });
  }, [unread, accountId, threadKey, markRead.mutate]);
  return thread;
}

export function useEmailHtml(emailId: string, enabled: boolean) {
  const trpc = useTRPC();
  return useQuery(trpc.email.html.queryOptions({ emailId }, { enabled }));
}

export function useEmailReply(after: () => void) {
  const trpc = useTRPC();
  const saved = useSaved();
  return useMutation(
    trpc.email.reply.mutationOptions(
      saved({
        message: 'email.sent',
        after,
        refresh: [trpc.email.thread.pathFilter(), trpc.email.threads.pathFilter()],
      }),
    ),
  );
}

export function useProspectFromEmail() {
  const trpc = useTRPC();
  const saved = useSaved();
  return useMutation(
    trpc.email.createProspect.mutationOptions(
      saved({
        message: 'email.prospectCreated',
        refresh: [trpc.email.thread.pathFilter(), trpc.email.threads.pathFilter()],
      }),
    ),
  );
}

export function useMailboxes() {
  const trpc = useTRPC();
  const saved = useSaved();
  const accounts = useQuery(trpc.email.accounts.queryOptions());
  const refresh = [trpc.email.accounts.pathFilter(), trpc.email.threads.pathFilter()];
  const connect = useMutation(
    trpc.email.connectGmail.mutationOptions({
      onSuccess: (answer) => {
        window.location.assign(answer.url);
      },
    }),
  );
  const syncNow = useMutation(trpc.email.syncNow.mutationOptions(saved({ refresh })));
  const disconnect = useMutation(
    trpc.email.disconnect.mutationOptions(saved({ message: 'email.disconnected', refresh })),
  );
  return { accounts, connect, syncNow, disconnect };
}
