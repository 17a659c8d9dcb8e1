// Notifications as rows: what was said, to whom, on which channel, how it went (attempts, the
// provider's last error), with "send again" where a person may. Used by an order's page and by the
// failed sends page.
import { notificationChannelLabelKey } from '@flux/contracts/status';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Outputs } from '../lib/api';
import { useI18n } from '../lib/i18n';
import { useTRPC } from '../lib/trpc';
import { NotificationStatusBadge } from './status';
import { useToast } from './toast';
import { Button } from './ui';

export type NotificationItem = Outputs['notifications']['forOrder']['items'][number];

/** Statuses a person may send again (resendNotification): the others are on their way or skipped. */
const RESENDABLE = new Set(['unknown', 'dead', 'sent', 'delivered']);

export function NotificationRows(props: { items: NotificationItem[]; onChanged?: () => void }) {
  const trpc = useTRPC();
  const { t, dateTime } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const refresh = async () => {
    await queryClient.invalidateQueries(trpc.notifications.pathFilter());
    props.onChanged?.();
  };
  const resend = useMutation(
    trpc.notifications.resend.mutationOptions({
      onSuccess: async () => {
        toast.success(t('notification.resent'));
        await refresh();
      },
      onError: toast.error,
    }),
  );
  const retry = useMutation(
    trpc.notifications.retry.mutationOptions({
      onSuccess: async () => {
        toast.success(t('notification.retried'));
        await refresh();
      },
      onError: toast.error,
    }),
  );
  return (
    <ul className="divide-y divide-slate-100" data-testid="notification-rows">
      {props.items.map((item) => (
        <li key={item.id} className="py-2 text-sm" data-status={item.status}>
          <div className="flex flex-wrap items-center gap-2">
            <NotificationStatusBadge status={item.status} />
            <span className="font-medium">{t(notificationChannelLabelKey(item.channel))}</span>
            <span className="text-slate-500">
              {t(`notification.recipient.${item.recipientType}`)} · {item.recipient}
            </span>
            <span className="ml-auto text-xs text-slate-500">{dateTime(item.createdAt)}</span>
          </div>
          {item.words ? (
            <p className="mt-1 line-clamp-3 whitespace-pre-line text-slate-700">
              {item.words.text}
            </p>
          ) : null}
          {item.lastError && item.status !== 'sent' && item.status !== 'delivered' ? (
            <p className="mt-1 text-xs text-red-700">
              {t('notification.attempts', { count: item.attempts })} · {item.lastError}
            </p>
          ) : null}
          {item.status === 'unknown' ? (
            <p className="mt-1 text-xs text-amber-800">{t('notification.unknownHint')}</p>
          ) : null}
          <div className="mt-1 flex gap-2">
            {item.status === 'dead' ? (
              <Button
                variant="secondary"
                size="sm"
                busy={retry.isPending && retry.variables?.ids.includes(item.id)}
                onClick={() => retry.mutate({ ids: [item.id] })}
              >
                {t('notification.retry')}
              </Button>
            ) : null}
            {RESENDABLE.has(item.status) && item.channel !== 'in_app' ? (
              <Button
                variant="ghost"
                size="sm"
                busy={resend.isPending && resend.variables?.id === item.id}
                onClick={() => resend.mutate({ id: item.id })}
              >
                {t('notification.resend')}
              </Button>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}
