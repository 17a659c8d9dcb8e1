// The couriers at a glance: vehicle, when last seen, load against capacity, and status.
import { Badge, Empty, ErrorState, Loading } from '../../components/ui';
import type { Outputs } from '../../lib/api';
import { useI18n } from '../../lib/i18n';
import type { MessageKey } from '../../lib/messages/fr';
import type { Courier } from './hooks';

export function CourierBoard(props: {
  couriers: {
    isPending: boolean;
    isError: boolean;
    error: unknown;
    data: Outputs['couriers']['list'] | undefined;
    refetch: () => unknown;
  };
}) {
  const { t, relative } = useI18n();
  const { couriers } = props;
  if (couriers.isPending) return <Loading />;
  if (couriers.isError)
    return <ErrorState error={couriers.error} retry={() => void couriers.refetch()} />;
  if (!couriers.data) return null;
  if (couriers.data.items.length === 0)
    return <Empty title={t('dispatch.noCouriers')} hint={t('dispatch.noCouriersHint')} />;
  const tone = { available: 'green', busy: 'amber', offline: 'slate' } as const;
  return (
    <ul
      className="max-h-80 divide-y divide-slate-100 overflow-y-auto"
      data-testid="courier-board"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region, scrolled from the keyboard too
      tabIndex={0}
      aria-label={t('dispatch.couriers')}
    >
      {couriers.data.items.map((courier: Courier) => (
        <li key={courier.id} className="flex items-center justify-between gap-2 py-2 text-sm">
          <span className="min-w-0">
            <span className="block truncate font-medium">{courier.name}</span>
            <span className="block text-xs text-slate-600">
              {t(`vehicle.${courier.vehicle}` as MessageKey)} ·{' '}
              {courier.lastSeenAt
                ? t('dispatch.seen', { when: relative(courier.lastSeenAt) })
                : t('dispatch.neverSeen')}
            </span>
          </span>
          <span className="flex items-center gap-2">
            <span className="text-xs tabular-nums text-slate-600">
              {courier.load}/{courier.capacity}
            </span>
            <Badge tone={tone[courier.status]}>{t(`courier.status.${courier.status}`)}</Badge>
          </span>
        </li>
      ))}
    </ul>
  );
}
