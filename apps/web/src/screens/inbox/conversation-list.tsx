// The conversation list: search, filters, and the conversations themselves, virtualized (a busy
// business has thousands) and fetched page by page as the list scrolls. Email threads share it:
// a channel filter (Tous / WhatsApp / Email); in "Tous" both lists are merged by last activity,
// each shown only down to where the other's loaded pages reach, so nothing is out of order.
import { useNavigate } from '@tanstack/react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useEffect, useMemo, useRef } from 'react';
import { cx, Empty, Input, Loading, QueryState } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages/fr';
import { contactLine } from '../../lib/prospect';
import type { InboxSearch } from '../../lib/route-search';
import { useUrlSearchBox } from '../../lib/use-debounced';
import { InboxAlerts } from './alerts';
import { type EmailThreadItem, useEmailThreads } from './email-hooks';
import { type ListItem, useConversations, useLabels } from './hooks';
import { LabelChip } from './labels';

/** A filter's toggle; only the status filters darken on hover, as they always have. */
function FilterChip(props: {
  pressed: boolean;
  hover?: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      aria-pressed={props.pressed}
      onClick={props.onClick}
      className={cx(
        'rounded-full px-2.5 py-1 text-xs',
        props.pressed
          ? 'bg-brand-700 text-white'
          : cx('bg-slate-100 text-slate-700', props.hover && 'hover:bg-slate-200'),
      )}
    >
      {props.children}
    </button>
  );
}

export function ConversationList(props: { search: InboxSearch }) {
  const { t } = useI18n();
  const navigate = useNavigate({ from: '/inbox' });
  const [q, setQ] = useUrlSearchBox(props.search.q, (next) => {
    void navigate({ search: (s) => ({ ...s, q: next }), replace: true });
  });
  const channel = props.search.ch;
  const chats = useConversations(props.search);
  // The WhatsApp-only filters (status, mine, label, search) leave the emails out; "unread" keeps
  // the email threads with unread mail beside the unread chats.
  const chatFilters =
    !!props.search.status || !!props.search.mine || !!props.search.label || !!props.search.q;
  const withEmails = channel === 'email' || (channel === undefined && !chatFilters);
  const emails = useEmailThreads(withEmails, !!props.search.unread);
  const list = channel === 'email' ? emails.list : chats.list;
  const chatsMore = chats.list.hasNextPage;
  const emailsMore = emails.list.hasNextPage;
  const rows = useMemo(
    () =>
      mergeRows(
        channel === 'email' ? null : { items: chats.items, more: chatsMore },
        withEmails ? { items: emails.items, more: emailsMore } : null,
      ),
    [channel, withEmails, chats.items, chatsMore, emails.items, emailsMore],
  );
  const labels = useLabels();
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 72,
    overscan: 8,
  });
  const virtualItems = virtual.getVirtualItems();
  const last = virtualItems.at(-1);
  useEffect(() => {
    if (!last || last.index < rows.length - 10) return;
    for (const source of [
      channel === 'email' ? null : chats.list,
      withEmails ? emails.list : null,
    ]) {
      // A failed page is not asked for again by every render (the list shows its error).
      if (source?.hasNextPage && !source.isFetchingNextPage && !source.isFetchNextPageError) {
        void source.fetchNextPage();
      }
    }
  }, [last, rows.length, channel, withEmails, chats.list, emails.list]);

  const filters: { label: MessageKey; value: InboxSearch['status'] }[] = [
    { label: 'inbox.filter.open', value: 'open' },
    { label: 'inbox.filter.pending', value: 'pending' },
    { label: 'inbox.filter.closed', value: 'closed' },
    { label: 'inbox.filter.all', value: undefined },
  ];
  return (
    <section
      aria-label={t('inbox.conversations')}
      className={cx(
        'flex w-full shrink-0 flex-col border-slate-200 bg-white md:w-80 md:border-r',
        (props.search.c || props.search.e) && 'max-md:hidden',
      )}
    >
      <div className="space-y-2 border-b border-slate-200 p-3">
        <fieldset className="flex gap-1" aria-label={t('inbox.channel')}>
          {channels.map((option) => (
            <FilterChip
              key={option.label}
              pressed={channel === option.value}
              hover
              onClick={() => void navigate({ search: (s) => ({ ...s, ch: option.value }) })}
            >
              {t(option.label)}
            </FilterChip>
          ))}
        </fieldset>
        <Input
          type="search"
          placeholder={t('inbox.search')}
          aria-label={t('inbox.search')}
          value={q}
          onChange={(event) => setQ(event.target.value)}
        />
        <fieldset className="flex flex-wrap gap-1" aria-label={t('inbox.filters')}>
          {/* On the email channel, only "unread" applies. */}
          {(channel === 'email' ? [] : filters).map((filter) => (
            <FilterChip
              key={filter.label}
              pressed={props.search.status === filter.value}
              hover
              onClick={() => void navigate({ search: (s) => ({ ...s, status: filter.value }) })}
            >
              {t(filter.label)}
            </FilterChip>
          ))}
          <FilterChip
            pressed={!!props.search.unread}
            onClick={() =>
              void navigate({ search: (s) => ({ ...s, unread: s.unread ? undefined : true }) })
            }
          >
            {t('inbox.filter.unread')}
          </FilterChip>
          {channel === 'email' ? null : (
            <FilterChip
              pressed={!!props.search.mine}
              onClick={() =>
                void navigate({ search: (s) => ({ ...s, mine: s.mine ? undefined : true }) })
              }
            >
              {t('inbox.filter.mine')}
            </FilterChip>
          )}
          {(channel === 'email' ? [] : (labels.data ?? [])).map((label) => (
            <FilterChip
              key={label.id}
              pressed={props.search.label === label.id}
              onClick={() =>
                void navigate({
                  search: (s) => ({ ...s, label: s.label === label.id ? undefined : label.id }),
                })
              }
            >
              #{label.name}
            </FilterChip>
          ))}
        </fieldset>
        <InboxAlerts />
      </div>
      <QueryState
        query={list}
        empty={rows.length === 0}
        emptyView={
          channel === 'email' ? (
            <Empty title={t('email.none')} hint={t('email.noneHint')} />
          ) : (
            <Empty title={t('inbox.none')} hint={t('inbox.noneHint')} />
          )
        }
      >
        <div
          ref={scroller}
          className="min-h-0 flex-1 overflow-y-auto"
          data-testid="conversation-list"
        >
          <ul className="relative" style={{ height: virtual.getTotalSize() }}>
            {virtualItems.map((row) => {
              const item = rows[row.index];
              if (!item) return null;
              return (
                <li
                  key={`${item.kind}:${item.id}`}
                  className="absolute inset-x-0"
                  style={{ transform: `translateY(${row.start}px)`, height: row.size }}
                >
                  {item.kind === 'chat' ? (
                    <ConversationRow item={item.chat} active={item.id === props.search.c} />
                  ) : (
                    <EmailThreadRow thread={item.thread} active={item.id === props.search.e} />
                  )}
                </li>
              );
            })}
          </ul>
          {chats.list.isFetchingNextPage || emails.list.isFetchingNextPage ? <Loading /> : null}
        </div>
      </QueryState>
    </section>
  );
}

const channels: { label: MessageKey; value: InboxSearch['ch'] }[] = [
  { label: 'inbox.channel.all', value: undefined },
  { label: 'inbox.channel.whatsapp', value: 'whatsapp' },
  { label: 'inbox.channel.email', value: 'email' },
];

type Row =
  | { kind: 'chat'; id: string; at: number; chat: ListItem }
  | { kind: 'email'; id: string; at: number; thread: EmailThreadItem };

interface Source<T> {
  items: T[];
  /** More pages to come. */
  more: boolean;
}

/**
 * Both lists newest first, merged. A source with more pages to come is a cut: rows of the other
 * older than its last loaded row wait until its next page (which may hold rows between them).
 */
export function mergeRows(
  chats: Source<ListItem> | null,
  emails: Source<EmailThreadItem> | null,
): Row[] {
  const chatRows: Row[] = (chats?.items ?? []).map((chat) => ({
    kind: 'chat',
    id: chat.id,
    at: new Date(chat.lastMessageAt ?? chat.createdAt).getTime(),
    chat,
  }));
  const emailRows: Row[] = (emails?.items ?? []).map((thread) => ({
    kind: 'email',
    id: thread.id,
    at: new Date(thread.lastAt).getTime(),
    thread,
  }));
  if (!chats) return emailRows;
  if (!emails) return chatRows;
  const cutOf = (rows: Row[], more: boolean) => (more ? (rows.at(-1)?.at ?? Infinity) : -Infinity);
  const chatCut = cutOf(chatRows, chats.more);
  const emailCut = cutOf(emailRows, emails.more);
  return [
    ...chatRows.filter((row) => row.at >= emailCut),
    ...emailRows.filter((row) => row.at >= chatCut),
  ].sort((a, b) => b.at - a.at);
}

function EmailThreadRow(props: { thread: EmailThreadItem; active: boolean }) {
  const { relative, t } = useI18n();
  const navigate = useNavigate({ from: '/inbox' });
  const { thread } = props;
  return (
    <button
      type="button"
      data-testid="email-thread-row"
      onClick={() => void navigate({ search: (s) => ({ ...s, e: thread.id, c: undefined }) })}
      className={cx(
        'flex h-full w-full flex-col justify-center gap-0.5 border-b border-slate-100 px-3 text-left hover:bg-slate-50',
        props.active && 'bg-brand-50',
      )}
    >
      <span className="flex items-center justify-between gap-2">
        <span
          className={cx(
            'flex min-w-0 items-center gap-1.5 truncate text-sm',
            thread.unreadCount > 0 ? 'font-semibold' : 'font-medium',
          )}
        >
          <span className="shrink-0 rounded bg-sky-100 px-1 text-[10px] font-semibold text-sky-800">
            {t('inbox.channel.email')}
          </span>
          <span className="truncate">{thread.from.name ?? thread.from.address}</span>
        </span>
        <span className="shrink-0 text-xs text-slate-500">{relative(thread.lastAt)}</span>
      </span>
      <span className="flex items-center justify-between gap-2">
        <span className="flex min-w-0 items-center gap-1">
          {thread.triage ? (
            <span className="shrink-0 rounded-full bg-violet-100 px-1.5 text-[10px] font-medium text-violet-800">
              {t(`email.category.${thread.triage.category}` as MessageKey)}
            </span>
          ) : null}
          <span className="truncate text-xs text-slate-500">
            {thread.subject ? `${thread.subject} — ` : ''}
            {thread.snippet ?? ''}
          </span>
        </span>
        <UnreadCount count={thread.unreadCount} />
      </span>
    </button>
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
      onClick={() => void navigate({ search: (s) => ({ ...s, c: item.id, e: undefined }) })}
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
        <span className="flex min-w-0 items-center gap-1">
          {item.labels.slice(0, 2).map((label) => (
            <LabelChip key={label.id} label={label} />
          ))}
          <span className="truncate text-xs text-slate-500">{preview(item.lastMessage, t)}</span>
        </span>
        <UnreadCount count={item.unreadCount} />
      </span>
    </button>
  );
}

/** A row's unread messages (a chat's or an email thread's), or nothing when all are read. */
function UnreadCount(props: { count: number }) {
  const { t } = useI18n();
  if (props.count <= 0) return null;
  return (
    <span
      className="flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full bg-brand-700 px-1.5 text-xs font-medium text-white"
      title={t('inbox.unreadCount', { count: props.count })}
      data-testid="unread-count"
    >
      {props.count}
    </span>
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
