// Live events (SSE) → the query cache. A new message or a status change refetches that
// conversation's thread; the conversation itself is read once and moved to the top of every
// cached inbox list it belongs to, so a 10,000-conversation list never reloads as a whole. An
// order changing status refreshes what shows it (the inbox's customer card, the order lists);
// the unread counters (menu badge, the tab's title: conversations and email threads) are read
// again after the events that move them, at most once a second and a half, with no polling.
import {
  type InfiniteData,
  type QueryClient,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef } from 'react';
import { alertNewMessage } from './alerts';
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
  if (input.labelId && !conversation.labels.some((label) => label.id === input.labelId))
    return false;
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
  const ringAfter = useRef(new Set<string>());
  const started = useRef(0);
  const unreadTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const unread = useQuery({ ...trpc.conversations.unread.queryOptions(), enabled });
  // Conversations and email threads: everything that waits to be read.
  const unreadCount = unread.data?.total ?? 0;
  useEffect(() => {
    document.title = unreadCount > 0 ? `(${unreadCount}) FluxAsync` : 'FluxAsync';
  }, [unreadCount]);

  /** The counters, read again once a burst of events is over (not once per event). */
  const refreshUnread = () => {
    if (unreadTimer.current) return;
    unreadTimer.current = setTimeout(() => {
      unreadTimer.current = null;
      void queryClient.invalidateQueries(trpc.conversations.unread.pathFilter());
      void queryClient.invalidateQueries(trpc.analytics.summary.pathFilter());
    }, 1_500);
  };
  useEffect(
    () => () => {
      if (unreadTimer.current) clearTimeout(unreadTimer.current);
    },
    [],
  );

  const refreshConversation = (conversationId: string, alert?: boolean) => {
    // A burst of events for one conversation: one read at a time, and one more after it if
    // something happened while it was in flight (it may have read the state before that).
    if (pending.current.has(conversationId)) {
      pending.current.set(conversationId, true);
      // The read in flight may predate the customer's message: the next one rings.
      if (alert) ringAfter.current.add(conversationId);
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
        if (alert) {
          const p = conversation.prospect;
          alertNewMessage({
            title: p.name ?? p.phone ?? (p.username ? `@${p.username}` : 'WhatsApp'),
            body: conversation.lastMessage?.body ?? '',
            tag: conversation.id,
          });
        }
      })
      .catch(() => undefined)
      .finally(() => {
        const again = pending.current.get(conversationId);
        pending.current.delete(conversationId);
        if (again) {
          const ring = ringAfter.current.delete(conversationId);
          refreshConversation(conversationId, ring);
        }
      });
  };

  const readAgain = () => {
    void queryClient.invalidateQueries(trpc.conversations.pathFilter());
    void queryClient.invalidateQueries(trpc.ai.insights.pathFilter());
    void queryClient.invalidateQueries(trpc.orders.list.pathFilter());
    void queryClient.invalidateQueries(trpc.email.threads.pathFilter());
    void queryClient.invalidateQueries(trpc.email.thread.pathFilter());
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
        if (event.type === 'order.status') {
          // Confirmed elsewhere (another member, the orders screen): no "Brouillon" left behind.
          void queryClient.invalidateQueries(trpc.orders.pathFilter());
          void queryClient.invalidateQueries(trpc.prospects.byId.pathFilter());
          return;
        }
        if (event.type === 'email.thread') {
          // Mail stored, triaged, sent or read: the email lists and the open thread read again,
          // and the unread counters (an email arrived, or a thread was opened).
          void queryClient.invalidateQueries(trpc.email.threads.pathFilter());
          void queryClient.invalidateQueries(trpc.email.thread.pathFilter());
          refreshUnread();
          return;
        }
        if (event.type === 'conversation.note') {
          void queryClient.invalidateQueries({
            queryKey: trpc.conversations.notes.queryKey({ conversationId: event.conversationId }),
          });
          // The customer page lists the notes too.
          void queryClient.invalidateQueries(trpc.prospects.byId.pathFilter());
          return;
        }
        refreshUnread();
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
        refreshConversation(
          event.conversationId,
          event.type === 'message.created' && event.inbound === true,
        );
      },
    }),
  );
  if (!enabled) return 'off';
  if (subscription.status === 'pending') return 'live';
  if (subscription.status === 'connecting' || subscription.status === 'idle') return 'connecting';
  return 'off';
}
