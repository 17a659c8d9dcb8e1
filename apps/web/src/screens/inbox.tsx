// The inbox: conversations (virtualized, live), the thread with its composer, and beside it the
// AI panel and the customer's card. Everything the team does all day, in one page.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Icon } from '../components/icons';
import { OrderStatusBadge, ProspectStatusBadge } from '../components/status';
import { useToast } from '../components/toast';
import {
  Badge,
  Button,
  cx,
  Empty,
  ErrorState,
  Input,
  Loading,
  QueryState,
  Select,
  Spinner,
  Textarea,
} from '../components/ui';
import type { Inputs, Outputs } from '../lib/api';
import { type AiAnalysis, nextProspectStatuses } from '../lib/contracts';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages/fr';
import { contactLine, usernameHandle } from '../lib/prospect';
import type { InboxSearch } from '../lib/route-search';
import { useTRPC } from '../lib/trpc';
import { useUrlSearchBox } from '../lib/use-debounced';

type ListItem = Outputs['conversations']['list']['items'][number];
type Message = Outputs['conversations']['messages']['items'][number];
type Conversation = Outputs['conversations']['byId'];

export function InboxScreen() {
  const search = useSearch({ from: '/app/inbox' });
  return (
    <div className="flex h-full min-h-0">
      <ConversationList search={search} />
      {search.c ? (
        <Thread key={search.c} conversationId={search.c} />
      ) : (
        <div className="flex flex-1 items-center justify-center bg-slate-50">
          <InboxEmptyThread />
        </div>
      )}
    </div>
  );
}

function InboxEmptyThread() {
  const { t } = useI18n();
  return <Empty title={t('inbox.pick')} hint={t('inbox.pickHint')} />;
}

function ConversationList(props: { search: InboxSearch }) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const navigate = useNavigate({ from: '/inbox' });
  const me = useQuery(trpc.auth.me.queryOptions());
  const [q, setQ] = useUrlSearchBox(props.search.q, (next) => {
    void navigate({ search: (s) => ({ ...s, q: next }), replace: true });
  });
  const input = {
    limit: 50,
    ...(props.search.status ? { status: props.search.status } : {}),
    ...(props.search.unread ? { unread: true } : {}),
    ...(props.search.mine && me.data ? { assignedUserId: me.data.user.id } : {}),
    ...(props.search.q ? { q: props.search.q } : {}),
  };
  const list = useInfiniteQuery(
    trpc.conversations.list.infiniteQueryOptions(input, {
      getNextPageParam: (page) => page.nextCursor ?? undefined,
    }),
  );
  const items = useMemo(() => list.data?.pages.flatMap((page) => page.items) ?? [], [list.data]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 72,
    overscan: 8,
  });
  const virtualItems = virtual.getVirtualItems();
  const last = virtualItems.at(-1);
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = list;
  useEffect(() => {
    // A failed page is not asked for again by every render (the list shows its error).
    if (
      last &&
      last.index >= items.length - 10 &&
      hasNextPage &&
      !isFetchingNextPage &&
      !isFetchNextPageError
    ) {
      void fetchNextPage();
    }
  }, [last, items.length, hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage]);

  const filters: { label: MessageKey; value: InboxSearch['status'] }[] = [
    { label: 'inbox.filter.open', value: 'open' },
    { label: 'inbox.filter.pending', value: 'pending' },
    { label: 'inbox.filter.closed', value: 'closed' },
    { label: 'inbox.filter.all', value: undefined },
  ];
  return (
    <section
      aria-label={t('inbox.conversations')}
      className="flex w-80 shrink-0 flex-col border-r border-slate-200 bg-white"
    >
      <div className="space-y-2 border-b border-slate-200 p-3">
        <Input
          type="search"
          placeholder={t('inbox.search')}
          aria-label={t('inbox.search')}
          value={q}
          onChange={(event) => setQ(event.target.value)}
        />
        <fieldset className="flex flex-wrap gap-1" aria-label={t('inbox.filters')}>
          {filters.map((filter) => (
            <button
              key={filter.label}
              type="button"
              aria-pressed={props.search.status === filter.value}
              onClick={() => void navigate({ search: (s) => ({ ...s, status: filter.value }) })}
              className={cx(
                'rounded-full px-2.5 py-1 text-xs',
                props.search.status === filter.value
                  ? 'bg-brand-700 text-white'
                  : 'bg-slate-100 text-slate-700 hover:bg-slate-200',
              )}
            >
              {t(filter.label)}
            </button>
          ))}
          <button
            type="button"
            aria-pressed={!!props.search.unread}
            onClick={() =>
              void navigate({ search: (s) => ({ ...s, unread: s.unread ? undefined : true }) })
            }
            className={cx(
              'rounded-full px-2.5 py-1 text-xs',
              props.search.unread ? 'bg-brand-700 text-white' : 'bg-slate-100 text-slate-700',
            )}
          >
            {t('inbox.filter.unread')}
          </button>
          <button
            type="button"
            aria-pressed={!!props.search.mine}
            onClick={() =>
              void navigate({ search: (s) => ({ ...s, mine: s.mine ? undefined : true }) })
            }
            className={cx(
              'rounded-full px-2.5 py-1 text-xs',
              props.search.mine ? 'bg-brand-700 text-white' : 'bg-slate-100 text-slate-700',
            )}
          >
            {t('inbox.filter.mine')}
          </button>
        </fieldset>
      </div>
      <QueryState
        query={list}
        empty={items.length === 0}
        emptyView={<Empty title={t('inbox.none')} hint={t('inbox.noneHint')} />}
      >
        <div
          ref={scroller}
          className="min-h-0 flex-1 overflow-y-auto"
          data-testid="conversation-list"
        >
          <ul className="relative" style={{ height: virtual.getTotalSize() }}>
            {virtualItems.map((row) => {
              const item = items[row.index];
              if (!item) return null;
              return (
                <li
                  key={item.id}
                  className="absolute inset-x-0"
                  style={{ transform: `translateY(${row.start}px)`, height: row.size }}
                >
                  <ConversationRow item={item} active={item.id === props.search.c} />
                </li>
              );
            })}
          </ul>
          {list.isFetchingNextPage ? <Loading /> : null}
        </div>
      </QueryState>
    </section>
  );
}

function ConversationRow(props: { item: ListItem; active: boolean }) {
  const { relative, t } = useI18n();
  const navigate = useNavigate({ from: '/inbox' });
  const { item } = props;
  const at = item.lastMessageAt ?? item.createdAt;
  return (
    <button
      type="button"
      data-testid="conversation-row"
      onClick={() => void navigate({ search: (s) => ({ ...s, c: item.id }) })}
      className={cx(
        'flex h-full w-full flex-col justify-center gap-0.5 border-b border-slate-100 px-3 text-left hover:bg-slate-50',
        props.active && 'bg-brand-50',
      )}
    >
      <span className="flex items-center justify-between gap-2">
        <span
          className={cx('truncate text-sm', item.unreadCount > 0 ? 'font-semibold' : 'font-medium')}
        >
          {item.prospect.name ?? contactLine(item.prospect) ?? t('common.unknown')}
        </span>
        <span className="shrink-0 text-xs text-slate-500">{relative(at)}</span>
      </span>
      <span className="flex items-center justify-between gap-2">
        <span className="truncate text-xs text-slate-500">{preview(item.lastMessage, t)}</span>
        {item.unreadCount > 0 ? (
          <span
            className="flex h-5 min-w-5 items-center justify-center rounded-full bg-brand-600 px-1.5 text-xs font-medium text-white"
            title={t('inbox.unreadCount', { count: item.unreadCount })}
          >
            {item.unreadCount}
          </span>
        ) : null}
      </span>
    </button>
  );
}

function preview(
  last: ListItem['lastMessage'],
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
): string {
  if (!last) return '';
  if (last.type === 'template') return `${t('message.type.template')} · ${last.body ?? ''}`;
  if (last.body) return last.body;
  const key = `message.type.${last.type}` as MessageKey;
  const word = t(key);
  return word === key ? t('message.unsupported') : word;
}

/** Time left in the 24 h customer-service window, ticking each minute. */
function useWindowLeft(endsAt: Date | null | undefined) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!endsAt) return 0;
  return Math.max(0, new Date(endsAt).getTime() - now);
}

function Thread(props: { conversationId: string }) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const conversation = useQuery(trpc.conversations.byId.queryOptions({ id: props.conversationId }));
  const markRead = useMutation(trpc.conversations.markRead.mutationOptions());
  const unread = conversation.data?.unreadCount ?? 0;
  // Opening a conversation (or a new message arriving in the open one) reads it.
  useEffect(() => {
    if (unread > 0) markRead.mutate({ id: props.conversationId });
  }, [unread, props.conversationId, markRead.mutate]);
  const [composerText, setComposerText] = useState<{
    text: string;
    insightId: string;
    draft: string;
  } | null>(null);

  const close = useMutation(
    trpc.conversations.close.mutationOptions({
      onSuccess: () => {
        toast.success(t('inbox.closed'));
        void queryClient.invalidateQueries({
          queryKey: trpc.conversations.byId.queryKey({ id: props.conversationId }),
        });
      },
      onError: toast.error,
    }),
  );
  const reopen = useMutation(
    trpc.conversations.reopen.mutationOptions({
      onSuccess: () => {
        toast.success(t('inbox.reopened'));
        void queryClient.invalidateQueries({
          queryKey: trpc.conversations.byId.queryKey({ id: props.conversationId }),
        });
      },
      onError: toast.error,
    }),
  );

  if (conversation.isPending)
    return (
      <div className="flex-1">
        <Loading />
      </div>
    );
  if (conversation.isError)
    return (
      <div className="flex-1">
        <ErrorState error={conversation.error} retry={() => void conversation.refetch()} />
      </div>
    );
  const c = conversation.data;
  return (
    <div className="flex min-w-0 flex-1">
      <section aria-label={t('inbox.thread')} className="flex min-w-0 flex-1 flex-col bg-slate-50">
        <header className="flex items-center justify-between gap-3 border-b border-slate-200 bg-white px-4 py-3">
          <div className="min-w-0">
            <h2 className="truncate font-semibold" data-testid="thread-title">
              {c.prospect.name ?? contactLine(c.prospect)}
            </h2>
            <p className="text-xs text-slate-500">{contactLine(c.prospect)}</p>
          </div>
          <div className="flex items-center gap-2">
            <WindowBadge conversation={c} />
            <Assignee conversation={c} />
            {c.status === 'closed' ? (
              <Button
                size="sm"
                variant="secondary"
                busy={reopen.isPending}
                onClick={() => reopen.mutate({ id: c.id })}
              >
                {t('inbox.reopen')}
              </Button>
            ) : (
              <Button
                size="sm"
                variant="secondary"
                busy={close.isPending}
                onClick={() => close.mutate({ id: c.id })}
              >
                {t('inbox.close')}
              </Button>
            )}
          </div>
        </header>
        <Messages conversationId={c.id} />
        <Composer
          conversation={c}
          prefill={composerText}
          onPrefillUsed={() => setComposerText(null)}
        />
      </section>
      <aside className="flex w-80 shrink-0 flex-col gap-3 overflow-y-auto border-l border-slate-200 bg-white p-3">
        <AiPanel
          conversation={c}
          onEdit={(insightId, draft) => setComposerText({ text: draft, draft, insightId })}
        />
        <DraftOrder conversation={c} />
        <ProspectPanel prospectId={c.prospect.id} />
      </aside>
    </div>
  );
}

function WindowBadge(props: { conversation: Conversation }) {
  const { t } = useI18n();
  const left = useWindowLeft(props.conversation.serviceWindowEndsAt);
  if (left <= 0) return <Badge tone="red">{t('inbox.windowClosed')}</Badge>;
  const hours = Math.floor(left / 3_600_000);
  const minutes = Math.floor((left % 3_600_000) / 60_000);
  return (
    <Badge tone={hours < 2 ? 'amber' : 'green'}>
      <span data-testid="window-left">
        {t('inbox.windowLeft', { hours, minutes: String(minutes).padStart(2, '0') })}
      </span>
    </Badge>
  );
}

function Assignee(props: { conversation: Conversation }) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const members = useQuery(trpc.business.members.queryOptions());
  const assign = useMutation(
    trpc.conversations.assign.mutationOptions({
      onSuccess: () => {
        toast.success(t('inbox.assigned'));
        void queryClient.invalidateQueries({
          queryKey: trpc.conversations.byId.queryKey({ id: props.conversation.id }),
        });
      },
      onError: toast.error,
    }),
  );
  const assignable = (members.data ?? []).filter(
    (m) => m.role !== 'courier' && m.status === 'active',
  );
  return (
    <Select
      aria-label={t('inbox.assignee')}
      className="w-40 py-1 text-xs"
      value={props.conversation.assignedUserId ?? ''}
      onChange={(event) =>
        assign.mutate({ id: props.conversation.id, userId: event.target.value || null })
      }
    >
      <option value="">{t('inbox.unassigned')}</option>
      {assignable.map((member) => (
        <option key={member.userId} value={member.userId}>
          {member.name}
        </option>
      ))}
    </Select>
  );
}

function Messages(props: { conversationId: string }) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const messages = useInfiniteQuery(
    trpc.conversations.messages.infiniteQueryOptions(
      { conversationId: props.conversationId, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const ordered = useMemo(
    () => (messages.data?.pages.flatMap((page) => page.items) ?? []).slice().reverse(),
    [messages.data],
  );
  const bottom = useRef<HTMLDivElement>(null);
  const newest = ordered.at(-1)?.id;
  useEffect(() => {
    if (newest) bottom.current?.scrollIntoView({ block: 'end' });
  }, [newest]);
  if (messages.isPending)
    return (
      <div className="flex-1">
        <Loading />
      </div>
    );
  if (messages.isError)
    return (
      <div className="flex-1">
        <ErrorState error={messages.error} retry={() => void messages.refetch()} />
      </div>
    );
  return (
    <div className="min-h-0 flex-1 overflow-y-auto px-4 py-3" data-testid="messages">
      {messages.hasNextPage ? (
        <div className="mb-2 flex justify-center">
          <Button
            size="sm"
            variant="ghost"
            busy={messages.isFetchingNextPage}
            onClick={() => void messages.fetchNextPage()}
          >
            {t('inbox.older')}
          </Button>
        </div>
      ) : null}
      {ordered.length === 0 ? <Empty title={t('inbox.noMessages')} /> : null}
      <ol className="space-y-2">
        {ordered.map((message) => (
          <Bubble key={message.id} message={message} />
        ))}
      </ol>
      <div ref={bottom} />
    </div>
  );
}

function Ticks(props: { message: Message }) {
  const { t } = useI18n();
  const { status } = props.message;
  if (status === 'queued' || status === 'sending')
    return (
      <span role="img" title={t(`tick.${status}`)} aria-label={t(`tick.${status}`)}>
        ◷
      </span>
    );
  if (status === 'unknown') return <span className="text-amber-700">? {t('tick.unknown')}</span>;
  if (status === 'sent')
    return (
      <span role="img" title={t('tick.sent')} aria-label={t('tick.sent')}>
        ✓
      </span>
    );
  if (status === 'delivered')
    return (
      <span role="img" title={t('tick.delivered')} aria-label={t('tick.delivered')}>
        ✓✓
      </span>
    );
  if (status === 'read')
    return (
      <span className="text-sky-500" role="img" title={t('tick.read')} aria-label={t('tick.read')}>
        ✓✓
      </span>
    );
  if (status === 'failed') return <span className="text-red-600">⚠ {t('tick.failed')}</span>;
  return null;
}

function MediaLine(props: { message: Message }) {
  const { t } = useI18n();
  const media = props.message.media as {
    mimeType?: string;
    filename?: string;
    caption?: string;
    latitude?: number;
    longitude?: number;
    name?: string;
  } | null;
  const icon: Record<string, true> = {
    image: true,
    audio: true,
    video: true,
    document: true,
    sticker: true,
    location: true,
    contacts: true,
    order: true,
    reaction: true,
  };
  const type = props.message.type;
  if (!icon[type]) return null;
  return (
    <span className="flex items-center gap-1 text-xs opacity-80">
      <Icon name={type === 'location' ? 'pin' : 'attachment'} className="size-3.5" />
      {t(`message.type.${type}` as MessageKey)}
      {media?.filename ? ` · ${media.filename}` : ''}
      {type === 'location' && media?.latitude !== undefined
        ? ` · ${media.latitude.toFixed(4)}, ${media.longitude?.toFixed(4)}`
        : ''}
    </span>
  );
}

function Bubble(props: { message: Message }) {
  const { time, t } = useI18n();
  const { message } = props;
  const out = message.direction === 'out';
  if (message.type === 'system') {
    return <li className="text-center text-xs text-slate-500">{message.body}</li>;
  }
  return (
    <li
      className={cx('flex', out ? 'justify-end' : 'justify-start')}
      data-testid="message"
      data-direction={message.direction}
    >
      <div
        className={cx(
          'max-w-[75%] rounded-lg px-3 py-2 text-sm shadow-xs',
          out ? 'bg-brand-100 text-slate-900' : 'bg-white text-slate-900',
          message.status === 'failed' && 'ring-1 ring-red-300',
          message.status === 'unknown' && 'ring-1 ring-amber-300',
        )}
      >
        <MediaLine message={message} />
        {message.type === 'template' ? (
          <Badge tone="blue">{t('message.type.template')}</Badge>
        ) : null}
        {message.body ? <p className="whitespace-pre-wrap break-words">{message.body}</p> : null}
        {message.type === 'unsupported' ? (
          <p className="text-xs italic text-slate-500">{t('message.unsupported')}</p>
        ) : null}
        <p className="mt-1 flex items-center justify-end gap-1.5 text-[11px] text-slate-500">
          {message.authorType === 'ai' ? <Badge tone="violet">{t('message.byAi')}</Badge> : null}
          {time(message.createdAt)}
          {out ? <Ticks message={message} /> : null}
        </p>
        {message.status === 'failed' && (message.errorTitle || message.errorCode) ? (
          <p className="mt-1 text-xs text-red-700" data-testid="failure-reason">
            {message.errorTitle ?? ''} {message.errorCode ? `(${message.errorCode})` : ''}
          </p>
        ) : null}
        {message.status === 'unknown' ? (
          <p className="mt-1 text-xs text-amber-800" data-testid="unknown-reason">
            {t('message.unknownExplained')}
          </p>
        ) : null}
      </div>
    </li>
  );
}

function newClientId() {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

function Composer(props: {
  conversation: Conversation;
  prefill: { text: string; insightId: string; draft: string } | null;
  onPrefillUsed: () => void;
}) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const toast = useToast();
  const [text, setText] = useState('');
  const [editing, setEditing] = useState<{ insightId: string; draft: string } | null>(null);
  // One id per message being written: a retried click (or a double click) on the same text
  // reuses it, so the server stores and sends one message; changed text is a new message.
  const attempt = useRef<{ id: string; text: string } | null>(null);
  const windowOpen = useWindowLeft(props.conversation.serviceWindowEndsAt) > 0;
  useEffect(() => {
    if (props.prefill) {
      setText(props.prefill.text);
      setEditing({ insightId: props.prefill.insightId, draft: props.prefill.draft });
      props.onPrefillUsed();
    }
  }, [props.prefill, props.onPrefillUsed]);
  const queryClient = useQueryClient();
  const review = useMutation(
    trpc.ai.review.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries(trpc.ai.insights.pathFilter()),
      onError: toast.error,
    }),
  );
  const send = useSendMessage(props.conversation.id, (input) => {
    attempt.current = null;
    setText('');
    if (editing && input.text !== undefined) {
      const unchanged = input.text.trim() === editing.draft.trim();
      review.mutate(
        unchanged
          ? { insightId: editing.insightId, decision: 'accepted' }
          : {
              insightId: editing.insightId,
              decision: 'edited',
              text: input.text.slice(0, 1_000),
            },
      );
      setEditing(null);
    }
  });
  const submit = () => {
    if (!text.trim() || send.isPending) return;
    if (attempt.current?.text !== text) attempt.current = { id: newClientId(), text };
    send.mutate({
      conversationId: props.conversation.id,
      clientMessageId: attempt.current.id,
      text,
    });
  };
  if (!windowOpen) return <TemplatePicker conversation={props.conversation} />;
  return (
    <form
      className="border-t border-slate-200 bg-white p-3"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      {editing ? <p className="mb-1 text-xs text-violet-700">{t('ai.editing')}</p> : null}
      <div className="flex items-end gap-2">
        <Textarea
          aria-label={t('inbox.reply')}
          placeholder={t('inbox.replyPlaceholder')}
          rows={2}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey) {
              event.preventDefault();
              submit();
            }
          }}
        />
        <Button type="submit" busy={send.isPending} disabled={!text.trim()} data-testid="send">
          {t('inbox.send')}
        </Button>
      </div>
    </form>
  );
}

/**
 * Sends a message and shows it in the thread at once, even when the live stream is down (the
 * composer, the template picker and an accepted AI draft all send this way).
 */
function useSendMessage(
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

function TemplatePicker(props: { conversation: Conversation }) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const toast = useToast();
  const templates = useQuery(trpc.conversations.templates.queryOptions());
  const [name, setName] = useState('');
  const [params, setParams] = useState<string[]>([]);
  const attempt = useRef<{ id: string; what: string } | null>(null);
  const chosen = templates.data?.find(
    (template) => `${template.name}:${template.language}` === name,
  );
  const send = useSendMessage(props.conversation.id, () => {
    attempt.current = null;
    toast.success(t('inbox.templateSent'));
    setName('');
    setParams([]);
  });
  return (
    <div className="border-t border-slate-200 bg-white p-3">
      <p className="mb-2 text-xs text-slate-600">{t('inbox.windowClosedHint')}</p>
      {templates.isError ? <ErrorState error={templates.error} /> : null}
      {templates.data && templates.data.length === 0 ? (
        <p className="text-sm text-slate-500">{t('inbox.noTemplates')}</p>
      ) : (
        <div className="flex flex-wrap items-end gap-2">
          <Select
            aria-label={t('inbox.template')}
            className="w-56"
            value={name}
            onChange={(event) => {
              setName(event.target.value);
              const next = templates.data?.find(
                (template) => `${template.name}:${template.language}` === event.target.value,
              );
              setParams(Array.from({ length: next?.parameterCount ?? 0 }, () => ''));
            }}
          >
            <option value="">{t('inbox.chooseTemplate')}</option>
            {templates.data?.map((template) => (
              <option
                key={`${template.name}:${template.language}`}
                value={`${template.name}:${template.language}`}
              >
                {template.name} ({template.language})
              </option>
            ))}
          </Select>
          {params.map((value, index) => (
            <Input
              key={index}
              className="w-36"
              aria-label={`{{${index + 1}}}`}
              placeholder={`{{${index + 1}}}`}
              value={value}
              onChange={(event) =>
                setParams((list) =>
                  list.map((item, i) => (i === index ? event.target.value : item)),
                )
              }
            />
          ))}
          <Button
            disabled={!chosen || params.some((value) => !value.trim())}
            busy={send.isPending}
            onClick={() => {
              if (!chosen) return;
              const what = JSON.stringify([chosen.name, chosen.language, params]);
              if (attempt.current?.what !== what) attempt.current = { id: newClientId(), what };
              send.mutate({
                conversationId: props.conversation.id,
                clientMessageId: attempt.current.id,
                template: { name: chosen.name, language: chosen.language, parameters: params },
              });
            }}
          >
            {t('inbox.sendTemplate')}
          </Button>
        </div>
      )}
      {chosen ? (
        <p className="mt-2 rounded bg-slate-50 p-2 text-xs text-slate-600">{chosen.body}</p>
      ) : null}
    </div>
  );
}

function AiPanel(props: {
  conversation: Conversation;
  onEdit: (insightId: string, draft: string) => void;
}) {
  const trpc = useTRPC();
  const { t, number } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const insights = useQuery({
    ...trpc.ai.insights.queryOptions({ conversationId: props.conversation.id, limit: 1 }),
  });
  const insightsKey = trpc.ai.insights.queryKey({
    conversationId: props.conversation.id,
    limit: 1,
  });
  const analyze = useMutation(
    trpc.ai.analyze.mutationOptions({
      onSuccess: () => toast.success(t('ai.queued')),
      onError: toast.error,
    }),
  );
  const review = useMutation(
    trpc.ai.review.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: insightsKey }),
      onError: toast.error,
    }),
  );
  const send = useSendMessage(props.conversation.id);
  const insight = insights.data?.[0];
  const output = (insight?.output ?? {}) as AiAnalysis;
  const windowOpen = useWindowLeft(props.conversation.serviceWindowEndsAt) > 0;
  const accept = async () => {
    if (!insight || !output.replyDraft) return;
    await send.mutateAsync({
      conversationId: props.conversation.id,
      // One message per draft, whoever clicks and however often.
      clientMessageId: `ai-draft-${insight.id}`,
      text: output.replyDraft,
    });
    await review.mutateAsync({ insightId: insight.id, decision: 'accepted' });
    toast.success(t('ai.accepted'));
  };
  return (
    <section
      aria-label={t('ai.title')}
      className="rounded-lg border border-violet-200 bg-violet-50/40 p-3"
      data-testid="ai-panel"
    >
      <header className="mb-2 flex items-center justify-between">
        <h3 className="flex items-center gap-1 text-sm font-semibold text-violet-900">
          <Icon name="spark" /> {t('ai.title')}
        </h3>
        <Button
          size="sm"
          variant="ghost"
          busy={analyze.isPending}
          onClick={() => analyze.mutate({ conversationId: props.conversation.id })}
        >
          {t('ai.analyze')}
        </Button>
      </header>
      {insights.isPending ? <Spinner small /> : null}
      {insights.isError ? <ErrorState error={insights.error} /> : null}
      {insights.data && !insight ? <p className="text-xs text-slate-500">{t('ai.none')}</p> : null}
      {insight ? (
        <div className="space-y-2 text-sm">
          <div className="flex flex-wrap gap-1">
            {output.intent ? (
              <Badge tone="violet">{t(`ai.intent.${output.intent}` as MessageKey)}</Badge>
            ) : null}
            {output.sentiment ? (
              <Badge>{t(`ai.sentiment.${output.sentiment}` as MessageKey)}</Badge>
            ) : null}
            {typeof output.confidence === 'number' ? (
              <Badge tone="blue">{number(output.confidence * 100)} %</Badge>
            ) : null}
          </div>
          {output.summary ? (
            <p className="text-slate-700" data-testid="ai-summary">
              {output.summary}
            </p>
          ) : null}
          {output.replyDraft ? (
            <div className="rounded-md border border-violet-200 bg-white p-2">
              <p className="mb-1 text-xs font-medium text-violet-800">{t('ai.draft')}</p>
              <p className="whitespace-pre-wrap text-slate-800" data-testid="ai-draft">
                {output.replyDraft}
              </p>
              {insight.reviewState === 'pending' ? (
                <div className="mt-2 flex gap-1.5">
                  <Button
                    size="sm"
                    busy={send.isPending || review.isPending}
                    disabled={!windowOpen}
                    onClick={() => void accept().catch(() => undefined)}
                    data-testid="ai-accept"
                  >
                    {t('ai.accept')}
                  </Button>
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={!windowOpen}
                    onClick={() => props.onEdit(insight.id, output.replyDraft ?? '')}
                  >
                    {t('ai.edit')}
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => review.mutate({ insightId: insight.id, decision: 'rejected' })}
                  >
                    {t('ai.reject')}
                  </Button>
                </div>
              ) : (
                <p className="mt-1 text-xs text-slate-500" data-testid="ai-review-state">
                  {t(`ai.review.${insight.reviewState}` as MessageKey)}
                </p>
              )}
            </div>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function DraftOrder(props: { conversation: Conversation }) {
  const trpc = useTRPC();
  const { t, money } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const drafts = useQuery({
    ...trpc.orders.list.queryOptions({
      prospectId: props.conversation.prospect.id,
      status: ['draft'],
      limit: 5,
    }),
  });
  const confirm = useMutation(
    trpc.orders.confirm.mutationOptions({
      onSuccess: (order) => {
        toast.success(t('order.confirmedToast', { reference: order.reference }));
        void queryClient.invalidateQueries(trpc.orders.list.pathFilter());
      },
      onError: toast.error,
    }),
  );
  const draft =
    drafts.data?.items.find((order) => order.conversationId === props.conversation.id) ??
    drafts.data?.items[0];
  if (!draft) return null;
  return (
    <section
      aria-label={t('order.draft')}
      className="rounded-lg border border-amber-200 bg-amber-50/50 p-3"
      data-testid="draft-order"
    >
      <h3 className="mb-2 flex items-center justify-between text-sm font-semibold">
        {t('order.draft')}{' '}
        <span className="text-xs font-normal text-slate-500">{draft.reference}</span>
      </h3>
      <ul className="space-y-1 text-sm">
        {draft.items.map((item) => (
          <li key={item.id} className="flex justify-between gap-2">
            <span>
              {item.quantity} × {item.name}
            </span>
            <span className="text-slate-600">
              {money(item.lineTotal.minor, item.lineTotal.currency)}
            </span>
          </li>
        ))}
      </ul>
      <p className="mt-2 flex justify-between border-t border-amber-200 pt-2 text-sm font-semibold">
        {t('order.total')} <span>{money(draft.total.minor, draft.total.currency)}</span>
      </p>
      {draft.deliveryAddress ? (
        <p className="mt-1 text-xs text-slate-600">{draft.deliveryAddress}</p>
      ) : null}
      <Button
        className="mt-3 w-full"
        busy={confirm.isPending}
        onClick={() => confirm.mutate({ id: draft.id })}
        data-testid="confirm-draft"
      >
        {t('order.confirmDraft')}
      </Button>
    </section>
  );
}

function ProspectPanel(props: { prospectId: string }) {
  const trpc = useTRPC();
  const { t, money, date } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const prospect = useQuery(trpc.prospects.byId.queryOptions({ id: props.prospectId }));
  const key = trpc.prospects.byId.queryKey({ id: props.prospectId });
  const setStatus = useMutation(
    trpc.prospects.setStatus.mutationOptions({
      onSuccess: () => {
        toast.success(t('prospect.statusSaved'));
        void queryClient.invalidateQueries({ queryKey: key });
      },
      onError: toast.error,
    }),
  );
  const setTags = useMutation(
    trpc.prospects.setTags.mutationOptions({
      onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
      onError: toast.error,
    }),
  );
  const [tag, setTag] = useState('');
  if (prospect.isPending) return <Loading />;
  if (prospect.isError) return <ErrorState error={prospect.error} />;
  const p = prospect.data;
  return (
    <section aria-label={t('prospect.card')} className="rounded-lg border border-slate-200 p-3">
      <h3 className="text-sm font-semibold">{p.name ?? contactLine(p)}</h3>
      <p className="text-xs text-slate-500">
        {[p.phone, usernameHandle(p), p.email].filter(Boolean).join(' · ')}
      </p>
      <div className="mt-2 flex items-center gap-2">
        <ProspectStatusBadge status={p.status} />
        <Select
          aria-label={t('prospect.status')}
          className="py-1 text-xs"
          value={p.status}
          onChange={(event) =>
            setStatus.mutate({ id: p.id, status: event.target.value as typeof p.status })
          }
        >
          {[p.status, ...nextProspectStatuses(p.status)].map((status) => (
            <option key={status} value={status}>
              {t(`prospect.status.${status}`)}
            </option>
          ))}
        </Select>
      </div>
      <div className="mt-2 flex flex-wrap gap-1">
        {p.tags.map((item) => (
          <button
            key={item}
            type="button"
            title={t('prospect.removeTag')}
            onClick={() =>
              setTags.mutate({ id: p.id, tags: p.tags.filter((other) => other !== item) })
            }
            className="rounded-full bg-slate-100 px-2 py-0.5 text-xs hover:bg-red-50"
          >
            #{item} ×
          </button>
        ))}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (tag.trim()) setTags.mutate({ id: p.id, tags: [...p.tags, tag.trim()] });
            setTag('');
          }}
        >
          <input
            aria-label={t('prospect.addTag')}
            placeholder={t('prospect.addTag')}
            className="w-24 rounded border border-dashed border-slate-300 px-2 py-0.5 text-xs"
            value={tag}
            onChange={(event) => setTag(event.target.value)}
          />
        </form>
      </div>
      <h4 className="mt-3 text-xs font-semibold text-slate-600 uppercase">
        {t('prospect.orders')}
      </h4>
      {p.orders.length === 0 ? (
        <p className="text-xs text-slate-500">{t('prospect.noOrders')}</p>
      ) : null}
      <ul className="mt-1 space-y-1">
        {p.orders.map((order) => (
          <li key={order.id} className="flex items-center justify-between gap-2 text-xs">
            <span>{date(order.createdAt)}</span>
            <OrderStatusBadge status={order.status} />
            <span>{money(order.total.minor, order.total.currency)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
