// The sandbox's outbox: what the customers, couriers and team would have received (nothing leaves
// the machine in sandbox mode), as each fake provider got it, with the state of each send.
import { notificationChannelLabelKey } from '@flux/contracts/status';
import { useQuery } from '@tanstack/react-query';
import { NotificationStatusBadge } from '../components/status';
import { Card, Empty, PageHeader, QueryState } from '../components/ui';
import { useI18n } from '../lib/i18n';
import { useTRPC } from '../lib/trpc';

/** Links in a message, clickable (the tracking link opens the customer's page). */
function Linked(props: { text: string }) {
  const parts = props.text.split(/(https?:\/\/\S+)/g);
  return (
    <>
      {parts.map((part, index) =>
        /^https?:\/\//.test(part) ? (
          <a
            // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text
            key={index}
            href={part}
            target="_blank"
            rel="noreferrer"
            className="break-all text-brand-700 underline"
          >
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}

export function OutboxScreen() {
  const trpc = useTRPC();
  const { t, dateTime } = useI18n();
  const outbox = useQuery({ ...trpc.sandbox.outbox.queryOptions(), refetchInterval: 5_000 });
  const items = outbox.data?.items ?? [];
  return (
    <div className="mx-auto max-w-3xl p-4 sm:p-6">
      <PageHeader title={t('outbox.title')} subtitle={t('outbox.subtitle')} />
      <QueryState
        query={outbox}
        empty={!outbox.data?.enabled || !items.length}
        emptyView={
          <Empty
            title={outbox.data?.enabled ? t('outbox.empty') : t('outbox.off')}
            hint={outbox.data?.enabled ? t('outbox.emptyHint') : t('outbox.offHint')}
          />
        }
      >
        <ul className="space-y-3" data-testid="outbox">
          {items.map((item) => (
            <li key={item.id}>
              <Card>
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <NotificationStatusBadge status={item.status} />
                  <span className="font-medium">
                    {t(notificationChannelLabelKey(item.channel))}
                  </span>
                  <span className="text-slate-500">{item.received?.to ?? item.recipient}</span>
                  <span className="ml-auto text-xs text-slate-500">{dateTime(item.createdAt)}</span>
                </div>
                {item.received ? (
                  <p className="mt-2 whitespace-pre-line rounded-lg bg-emerald-50 p-3 text-sm text-slate-800">
                    <Linked text={item.received.text} />
                  </p>
                ) : (
                  <p className="mt-2 text-sm text-slate-500">
                    {item.lastError ?? t('outbox.notReceived')}
                  </p>
                )}
              </Card>
            </li>
          ))}
        </ul>
      </QueryState>
    </div>
  );
}
