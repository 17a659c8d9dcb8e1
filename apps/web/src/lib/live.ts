// Live events (SSE) → the query cache. A new message or a status change refetches that
// conversation's thread; the conversation itself is read once and moved to the top of every
// cached inbox list it belongs to, so a 10,000-conversation list never reloads as a whole.
import { type InfiniteData, type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useRef } from 'react';
import type { Inputs, Outputs } from './api';
import { useTRPC, useTRPCClient } from './trpc';

type ListPage = Outputs['conversations']['list'];
type ListItem = ListPage['items'][number];
type ListInput = Inputs['conversations']['list'];
type Conversation = Outputs['conversations']['byId'];

export type LiveState = 'connecting' | 'live' | 'off';

function matches(conversation: Conversation, input: ListInput | undefined): boolean {
  if (!input) return true;
  if (input.status && conversation.status !== input.status) return false;
  if (input.unread === true && conversation.unreadCount === 0) return false;
  if (input.unread === false && conversation.unreadCount > 0) return false;
  if (input.assignedUserId === null && conversation.assignedUserId !== null) return false;
  if (input.assignedUserId && conversation.assignedUserId !== input.assignedUserId) return false;
  return true;
}

const activityOf = (row: { lastMessageAt: Date | null; createdAt: Date }) =>
  new Date(row.lastMessageAt ?? row.createdAt).getTime();

export function placeInLists(
  queryClient: QueryClient,
  listKey: readonly unknown[],
  conversation: Conversation,
) {
  const item: ListItem = {
    ...conversation,
    prospect: {
      id: conversation.prospect.id,
      name: conversation.prospect.name,
      phone: conversation.prospect.phone,
      username: conversation.prospect.username,
      status: conversation.prospect.status,
    },
  };
  for (const [key, data] of queryClient.getQueriesData<InfiniteData<ListPage>>({
    queryKey: listKey,
  })) {
    if (!data) continue;
    const input = (key[1] as { input?: ListInput } | undefined)?.input;
    if (input?.q) {
      void queryClient.invalidateQueries({ queryKey: key, exact: true });
      continue;
    }
    const keep = matches(conversation, input);
    const current = data.pages
      .flatMap((page) => page.items)
      .find((row) => row.id === conversation.id);
    // Same activity (read, assigned, closed): changed where it stands, no jump to the top.
    if (current && keep && activityOf(current) === activityOf(item)) {
      const pages = data.pages.map((page) => ({
        ...page,
        items: page.items.map((row) => (row.id === item.id ? item : row)),
      }));
      queryClient.setQueryData<InfiniteData<ListPage>>(key, { ...data, pages });
      continue;
    }
    const pages = data.pages.map((page) => ({
      ...page,
      items: page.items.filter((row) => row.id !== conversation.id),
    }));
    // Newer activity than anything loaded: it goes first. Older: a later page brings it.
    const first = pages[0];
    const newest = first?.items[0];
    if (keep && first && (!newest || activityOf(item) >= activityOf(newest))) {
      pages[0] = { ...first, items: [item, ...first.items] };
    }
    queryClient.setQueryData<InfiniteData<ListPage>>(key, { ...data, pages });
  }
}

export function useLiveEvents(enabled: boolean): LiveState {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const pending = useRef(new Map<string, boolean>());
  const started = useRef(0);

  const refreshConversation = (conversationId: string) => {
    // A burst of events for one conversation: one read at a time, and one more after it if
    // something happened while it was in flight (it may have read the state before that).
    if (pending.current.has(conversationId)) {
      pending.current.set(conversationId, true);
      return;
    }
    pending.current.set(conversationId, false);
    client.conversations.byId
      .query({ id: conversationId })
      .then((conversation) => {
        queryClient.setQueryData(
          trpc.conversations.byId.queryKey({ id: conversationId }),
          conversation,
        );
        placeInLists(queryClient, trpc.conversations.list.infiniteQueryKey(), conversation);
      })
      .catch(() => undefined)
      .finally(() => {
        const again = pending.current.get(conversationId);
        pending.current.delete(conversationId);
        if (again) refreshConversation(conversationId);
      });
  };

  const readAgain = () => {
    void queryClient.invalidateQueries(trpc.conversations.pathFilter());
    void queryClient.invalidateQueries(trpc.ai.insights.pathFilter());
    void queryClient.invalidateQueries(trpc.orders.list.pathFilter());
  };

  const subscription = useSubscription(
    trpc.live.events.subscriptionOptions(undefined, {
      enabled,
      onStarted() {
        // Events are not replayed: after a reconnection, read again what may have changed.
        started.current += 1;
        if (started.current > 1) readAgain();
      },
      onData(event) {
        // The server's own link to the other processes was lost a moment: the same.
        if (event.type === 'resync') {
          readAgain();
          return;
        }
        if (event.type === 'notification.created') {
          void queryClient.invalidateQueries(trpc.notifications.bell.pathFilter());
          return;
        }
        if (event.type === 'delivery.updated') {
          // A courier locked out by wrong codes, or a dispatcher released them: the board shows it.
          void queryClient.invalidateQueries(trpc.deliveries.pathFilter());
          return;
        }
        if (event.type === 'message.created' || event.type === 'message.status') {
          void queryClient.invalidateQueries({
            queryKey: trpc.conversations.messages.infiniteQueryKey({
              conversationId: event.conversationId,
            }),
          });
        } else {
          // A finished analysis announces itself this way: its insight and its draft order.
          // Only the open conversation's panels are mounted, so only they refetch.
          void queryClient.invalidateQueries({
            queryKey: trpc.ai.insights.queryKey({ conversationId: event.conversationId }),
          });
          void queryClient.invalidateQueries({
            ...trpc.orders.list.pathFilter(),
            predicate: (query) =>
              (
                query.queryKey[1] as { input?: { status?: string[] } } | undefined
              )?.input?.status?.includes('draft') === true,
          });
        }
        refreshConversation(event.conversationId);
      },
    }),
  );
  if (!enabled) return 'off';
  if (subscription.status === 'pending') return 'live';
  if (subscription.status === 'connecting' || subscription.status === 'idle') return 'connecting';
  return 'off';
}
