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
    const pages = data.pages.map((page) => ({
      ...page,
      items: page.items.filter((row) => row.id !== conversation.id),
    }));
    if (matches(conversation, input) && pages[0]) {
      pages[0] = { ...pages[0], items: [item, ...pages[0].items] };
    }
    queryClient.setQueryData<InfiniteData<ListPage>>(key, { ...data, pages });
  }
}

export function useLiveEvents(enabled: boolean): LiveState {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const pending = useRef(new Map<string, Promise<void>>());

  const refreshConversation = (conversationId: string) => {
    // Several events for one conversation in a burst: one read.
    if (pending.current.has(conversationId)) return;
    const work = client.conversations.byId
      .query({ id: conversationId })
      .then((conversation) => {
        queryClient.setQueryData(
          trpc.conversations.byId.queryKey({ id: conversationId }),
          conversation,
        );
        placeInLists(queryClient, trpc.conversations.list.infiniteQueryKey(), conversation);
      })
      .catch(() => undefined)
      .finally(() => pending.current.delete(conversationId));
    pending.current.set(conversationId, work);
  };

  const subscription = useSubscription(
    trpc.live.events.subscriptionOptions(undefined, {
      enabled,
      onData(event) {
        if (event.type === 'message.created' || event.type === 'message.status') {
          void queryClient.invalidateQueries({
            queryKey: trpc.conversations.messages.infiniteQueryKey({
              conversationId: event.conversationId,
            }),
          });
          void queryClient.invalidateQueries({
            queryKey: trpc.ai.insights.queryKey({ conversationId: event.conversationId }),
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
