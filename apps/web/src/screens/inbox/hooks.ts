// The inbox's data: each query and mutation its parts use, with the toasts and the cache refreshes
// that follow a change, so the components only lay out what these hooks return.
import type { StoredAnalysis } from '@flux/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { useToast } from '../../components/toast';
import type { Inputs, Outputs } from '../../lib/api';
import type { MessageKey } from '../../lib/messages/fr';
import type { InboxSearch } from '../../lib/route-search';
import { useTRPC } from '../../lib/trpc';
import { useNow } from '../../lib/use-now';
import { useSaved } from '../../lib/use-saved';

export type ListItem = Outputs['conversations']['list']['items'][number];
export type Message = Outputs['conversations']['messages']['items'][number];
export type Conversation = Outputs['conversations']['byId'];
export type Note = Outputs['conversations']['notes'][number];
export type QuickReply = Outputs['quickReplies']['list'][number];

/** Who is signed in (read once by the shell). */
export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions());
}

/** The conversations the list's filters select, page after page. */
export function useConversations(search: InboxSearch) {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const input = {
    limit: 50,
    ...(search.status ? { status: search.status } : {}),
    ...(search.unread ? { unread: true } : {}),
    ...(search.mine && me.data ? { assignedUserId: me.data.user.id } : {}),
    ...(search.q ? { q: search.q } : {}),
    ...(search.label ? { labelId: search.label } : {}),
  };
  const list = useInfiniteQuery(
    trpc.conversations.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  );
  const items = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  return { list, items };
}

/** One conversation, read as soon as it is open. */
export function useConversation(conversationId: string) {
  const trpc = useTRPC();
  const conversation = useQuery(trpc.conversations.byId.queryOptions({ id: conversationId }));
  const markRead = useMutation(trpc.conversations.markRead.mutationOptions());
  const unread = conversation.data?.unreadCount ?? 0;
  // Opening a conversation (or a new message arriving in the open one) reads it.
  useEffect(() => {
    if (unread > 0) markRead.mutate({ id: conversationId });
  }, [unread, conversationId, markRead.mutate]);
  return conversation;
}

/** What a change to the conversation does once saved: say so, and read the conversation again. */
function useConversationSaved(conversationId: string) {
  const trpc = useTRPC();
  const saved = useSaved();
  return (message: MessageKey) =>
    saved({
      message,
      refresh: [{ queryKey: trpc.conversations.byId.queryKey({ id: conversationId }) }],
    });
}

export function useCloseConversation(conversationId: string) {
  const trpc = useTRPC();
  const saved = useConversationSaved(conversationId);
  const close = useMutation(trpc.conversations.close.mutationOptions(saved('inbox.closed')));
  const reopen = useMutation(trpc.conversations.reopen.mutationOptions(saved('inbox.reopened')));
  return { close, reopen };
}

/** The members a conversation may be given to (not couriers, not pending invitations). */
export function useAssignableMembers() {
  const trpc = useTRPC();
  const members = useQuery(trpc.business.members.queryOptions());
  return (members.data ?? []).filter((m) => m.role !== 'courier' && m.status === 'active');
}

export function useAssignConversation(conversationId: string) {
  const trpc = useTRPC();
  const saved = useConversationSaved(conversationId);
  return useMutation(trpc.conversations.assign.mutationOptions(saved('inbox.assigned')));
}

/** The thread's messages, oldest first (the server pages them newest first). */
export function useMessages(conversationId: string) {
  const trpc = useTRPC();
  const messages = useInfiniteQuery(
    trpc.conversations.messages.infiniteQueryOptions(
      { conversationId, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const ordered = useMemo(
    () => (messages.data?.pages.flatMap((page) => page.items) ?? []).slice().reverse(),
    [messages.data],
  );
  return { messages, ordered };
}

/**
 * Sends a message and shows it in the thread at once, even when the live stream is down (the
 * composer, the template picker and an accepted AI draft all send this way).
 */
export function useSendMessage(
  conversationId: string,
  onSent?: (input: Inputs['conversations']['sendMessage']) => void,
) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  return useMutation(
    trpc.conversations.sendMessage.mutationOptions({
      onSuccess: (_message, input) => {
        void queryClient.invalidateQueries({
          queryKey: trpc.conversations.messages.infiniteQueryKey({ conversationId }),
        });
        onSent?.(input);
      },
      onError: toast.error,
    }),
  );
}

export function useTemplates() {
  const trpc = useTRPC();
  return useQuery(trpc.conversations.templates.queryOptions());
}

/** Time left in the 24 h customer-service window, ticking every half minute. */
export function useWindowLeft(endsAt: Date | null | undefined) {
  const now = useNow(30_000);
  if (!endsAt) return 0;
  return Math.max(0, new Date(endsAt).getTime() - now);
}

/** The conversation's latest AI analysis. */
export function useLatestInsight(conversationId: string) {
  const trpc = useTRPC();
  const insights = useQuery({
    ...trpc.ai.insights.queryOptions({ conversationId, limit: 1 }),
  });
  const insight = insights.data?.[0];
  // A conversation's insights are analyses (an email's are triages): the API types the output as
  // either, the panel reads an analysis, and nothing while there is none.
  const output: Partial<StoredAnalysis> =
    insight && 'intent' in insight.output ? insight.output : {};
  return { insights, insight, output };
}

export function useAnalyze() {
  const trpc = useTRPC();
  const saved = useSaved();
  return useMutation(trpc.ai.analyze.mutationOptions(saved({ message: 'ai.queued' })));
}

/**
 * Records what the team did with an AI draft. The AI panel refreshes its own conversation's
 * analysis; the composer (a draft edited then sent) refreshes every analysis it may have shown.
 */
export function useReviewInsight(conversationId?: string) {
  const trpc = useTRPC();
  const saved = useSaved();
  return useMutation(
    trpc.ai.review.mutationOptions(
      saved({
        refresh: [
          conversationId
            ? { queryKey: trpc.ai.insights.queryKey({ conversationId, limit: 1 }) }
            : trpc.ai.insights.pathFilter(),
        ],
      }),
    ),
  );
}

/** The customer's draft order, the one made in this conversation first. */
export function useDraftOrder(conversation: Conversation) {
  const trpc = useTRPC();
  const drafts = useQuery({
    ...trpc.orders.list.queryOptions({
      prospectId: conversation.prospect.id,
      status: ['draft'],
      limit: 5,
    }),
  });
  return (
    drafts.data?.items.find((order) => order.conversationId === conversation.id) ??
    drafts.data?.items[0]
  );
}

export function useConfirmOrder() {
  const trpc = useTRPC();
  const saved = useSaved();
  return useMutation(
    trpc.orders.confirm.mutationOptions(
      saved({
        message: 'order.confirmedToast',
        params: (order) => ({ reference: order.reference }),
        // The customer's card shows the order's status too.
        refresh: [trpc.orders.list.pathFilter(), trpc.prospects.byId.pathFilter()],
      }),
    ),
  );
}

/** The customer's card: the prospect, and the changes made to its status, tags and language. */
export function useProspect(prospectId: string) {
  const trpc = useTRPC();
  const saved = useSaved();
  const prospect = useQuery(trpc.prospects.byId.queryOptions({ id: prospectId }));
  const refresh = [{ queryKey: trpc.prospects.byId.queryKey({ id: prospectId }) }];
  const setStatus = useMutation(
    trpc.prospects.setStatus.mutationOptions(saved({ message: 'prospect.statusSaved', refresh })),
  );
  const setTags = useMutation(trpc.prospects.setTags.mutationOptions(saved({ refresh })));
  const setLocale = useMutation(
    trpc.prospects.update.mutationOptions(saved({ message: 'prospect.localeSaved', refresh })),
  );
  return { prospect, setStatus, setTags, setLocale };
}

/** The team's notes on the conversation, oldest first. */
export function useNotes(conversationId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.conversations.notes.queryOptions({ conversationId }));
}

export function useAddNote(conversationId: string, after?: () => void) {
  const trpc = useTRPC();
  const saved = useSaved();
  return useMutation(
    trpc.conversations.addNote.mutationOptions(
      saved({
        message: 'inbox.noteAdded',
        refresh: [
          { queryKey: trpc.conversations.notes.queryKey({ conversationId }) },
          trpc.prospects.byId.pathFilter(),
        ],
        ...(after ? { after } : {}),
      }),
    ),
  );
}

export function useRemoveNote(conversationId: string) {
  const trpc = useTRPC();
  const saved = useSaved();
  return useMutation(
    trpc.conversations.removeNote.mutationOptions(
      saved({ refresh: [{ queryKey: trpc.conversations.notes.queryKey({ conversationId }) }] }),
    ),
  );
}

/** The saved answers, read once per inbox visit (they change rarely). */
export function useQuickReplies() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.quickReplies.list.queryOptions(), staleTime: 60_000 });
}

export function useLabels() {
  const trpc = useTRPC();
  return useQuery({ ...trpc.labels.list.queryOptions(), staleTime: 60_000 });
}

export function useCreateLabel() {
  const trpc = useTRPC();
  const saved = useSaved();
  return useMutation(
    trpc.labels.create.mutationOptions(saved({ refresh: [trpc.labels.list.pathFilter()] })),
  );
}

export function useSetLabels(conversationId: string) {
  const trpc = useTRPC();
  const saved = useSaved();
  return useMutation(
    trpc.conversations.setLabels.mutationOptions(
      saved({
        refresh: [
          { queryKey: trpc.conversations.byId.queryKey({ id: conversationId }) },
          trpc.conversations.list.pathFilter(),
        ],
      }),
    ),
  );
}

/** The catalog's active products matching what is typed (the composer's product card). */
export function useProductSearch(q: string, enabled: boolean) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.products.list.queryOptions({
      limit: 8,
      active: true,
      sort: 'newest',
      ...(q.trim() ? { q: q.trim() } : {}),
    }),
    enabled,
  });
}
