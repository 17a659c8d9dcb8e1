// The team's bell: unread in-app notifications (a customer who asked for a person, a failed
// delivery, a notification or job that went dead), opened from the sidebar. Each leads to what it
// is about; opening the list does not mark them read, opening one does.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { Popover } from 'radix-ui';
import { useState } from 'react';
import type { Outputs } from '../lib/api';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages/fr';
import { useTRPC } from '../lib/trpc';
import { Icon } from './icons';
import { useToast } from './toast';
import { cx } from './ui';

type BellItem = Outputs['notifications']['bell']['items'][number];

/** Where a notification leads: its order, its conversation, or the failed sends. */
function targetOf(item: BellItem): { to: string; search?: Record<string, string> } | null {
  if (item.orderId) return { to: `/orders/${item.orderId}` };
  const conversationId = item.facts.conversationId;
  if (typeof conversationId === 'string') return { to: '/inbox', search: { c: conversationId } };
  if (item.event === 'notification.dead') return { to: '/notifications' };
  if (item.event === 'email.reconnect_needed') return { to: '/settings' };
  if (item.event === 'webhook.endpoint_disabled') return { to: '/settings' };
  return null;
}

export function NotificationBell() {
  const trpc = useTRPC();
  const { t, relative } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  // Live events refresh it at once (lib/live.ts); the interval is the backstop.
  const bell = useQuery({ ...trpc.notifications.bell.queryOptions(), refetchInterval: 60_000 });
  const markRead = useMutation(
    trpc.notifications.markRead.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.notifications.bell.pathFilter()),
      onError: toast.error,
    }),
  );
  const unread = bell.data?.unread ?? 0;
  const openItem = async (item: BellItem) => {
    if (!item.readAt) markRead.mutate({ id: item.id });
    const target = targetOf(item);
    setOpen(false);
    if (target) await navigate({ to: target.to, search: target.search ?? {} });
  };
  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger
        className="relative flex size-11 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 md:size-9"
        aria-label={t('bell.label', { count: unread })}
        data-testid="notification-bell"
      >
        <Icon name="bell" className="size-5" />
        {unread ? (
          <span
            className="absolute -right-0.5 -top-0.5 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] font-semibold leading-4 text-white tabular-nums"
            data-testid="bell-unread"
          >
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={6}
          className="z-50 w-80 max-w-[calc(100vw-1rem)] rounded-lg border border-slate-200 bg-white shadow-lg"
        >
          <div className="flex items-center justify-between border-b border-slate-100 px-3 py-2">
            <p className="text-sm font-semibold">{t('bell.title')}</p>
            {unread ? (
              <button
                type="button"
                className="text-xs text-brand-700 hover:underline"
                onClick={() => markRead.mutate({ all: true })}
              >
                {t('bell.markAllRead')}
              </button>
            ) : null}
          </div>
          <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto">
            {(bell.data?.items ?? []).map((item) => (
              <li key={item.id}>
                <button
                  type="button"
                  onClick={() => void openItem(item)}
                  className={cx(
                    'block w-full px-3 py-2 text-left text-sm hover:bg-slate-50',
                    !item.readAt && 'bg-brand-50/60',
                  )}
                >
                  <span className="flex items-start gap-2">
                    {!item.readAt ? (
                      <span className="mt-1.5 size-2 shrink-0 rounded-full bg-brand-600" />
                    ) : null}
                    <span className="min-w-0 flex-1">
                      <span className="block font-medium">
                        {item.words?.subject ?? t(`notification.event.${item.event}` as MessageKey)}
                      </span>
                      {item.words ? (
                        <span className="line-clamp-2 block text-slate-600">{item.words.text}</span>
                      ) : null}
                      <span className="block text-xs text-slate-500">
                        {relative(item.createdAt)}
                      </span>
                    </span>
                  </span>
                </button>
              </li>
            ))}
            {bell.data && !bell.data.items.length ? (
              <li className="px-3 py-6 text-center text-sm text-slate-500">{t('bell.empty')}</li>
            ) : null}
          </ul>
          <div className="border-t border-slate-100 px-3 py-2 text-right">
            <Link
              to="/notifications"
              className="text-xs text-brand-700 hover:underline"
              onClick={() => setOpen(false)}
            >
              {t('bell.failedLink')}
            </Link>
          </div>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
