// Dispatch: the map, the courier board (status, load, last seen), deliveries with their offer
// countdown, manual (re)assignment, and the cash each courier holds. Each board and dialog is a
// module in this folder, their data in hooks.ts. On a phone the map and the boards are toggled.
import { useState } from 'react';
import { DispatchMap } from '../../components/map';
import {
  Button,
  Card,
  cx,
  Empty,
  MoreButton,
  PageHeader,
  QueryState,
  Select,
} from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import { AssignDialog } from './assign-dialog';
import { CashBoard } from './cash-board';
import { CourierBoard } from './courier-board';
import { CourierDialog } from './courier-dialog';
import { DeliveryTable } from './delivery-table';
import {
  type Delivery,
  type DeliveryFilter,
  useCouriers,
  useDeliveries,
  useMapPoints,
} from './hooks';

export function DispatchScreen() {
  const { t } = useI18n();
  const couriers = useCouriers();
  const [filter, setFilter] = useState<DeliveryFilter>('active');
  const { deliveries, shown } = useDeliveries(filter);
  const [assigning, setAssigning] = useState<Delivery | null>(null);
  const [addingCourier, setAddingCourier] = useState(false);
  const { points, center } = useMapPoints(couriers.data?.items, shown);
  // On a phone the map and the boards take turns on the screen; a wide screen shows both.
  const [view, setView] = useState<'list' | 'map'>('list');
  return (
    <div>
      <PageHeader
        title={t('dispatch.title')}
        subtitle={t('dispatch.subtitle')}
        actions={
          <fieldset
            className="flex rounded-md border border-slate-300 p-0.5 md:hidden"
            aria-label={t('layout.view')}
            data-testid="dispatch-view"
          >
            {(['list', 'map'] as const).map((option) => (
              <button
                key={option}
                type="button"
                aria-pressed={view === option}
                onClick={() => setView(option)}
                className={cx(
                  'rounded px-4 text-sm',
                  view === option ? 'bg-brand-700 text-white' : 'text-slate-700',
                )}
              >
                {t(option === 'map' ? 'layout.map' : 'layout.list')}
              </button>
            ))}
          </fieldset>
        }
      />
      <div className="grid gap-4 p-3 md:p-6 xl:grid-cols-5">
        <div
          className={cx(
            'h-[calc(100dvh-17rem)] min-h-80 md:h-96 xl:col-span-3',
            view === 'map' ? '' : 'max-md:hidden',
          )}
        >
          <DispatchMap points={points} center={center} />
        </div>
        <Card
          title={t('dispatch.couriers')}
          className={cx('xl:col-span-2', view === 'map' && 'max-md:hidden')}
          actions={
            <Button size="sm" variant="secondary" onClick={() => setAddingCourier(true)}>
              {t('dispatch.newCourier')}
            </Button>
          }
        >
          <CourierBoard couriers={couriers} />
        </Card>
        <Card
          title={t('dispatch.deliveries')}
          className={cx('xl:col-span-3', view === 'map' && 'max-md:hidden')}
          actions={
            <Select
              aria-label={t('dispatch.filter')}
              className="w-44 py-1 text-xs"
              value={filter}
              onChange={(event) => setFilter(event.target.value as typeof filter)}
            >
              <option value="active">{t('dispatch.filter.active')}</option>
              <option value="flagged">{t('dispatch.filter.flagged')}</option>
              <option value="all">{t('dispatch.filter.all')}</option>
            </Select>
          }
        >
          <QueryState
            query={deliveries}
            empty={shown.length === 0 && !deliveries.hasNextPage}
            emptyView={
              <Empty title={t('dispatch.noDeliveries')} hint={t('dispatch.noDeliveriesHint')} />
            }
          >
            <DeliveryTable deliveries={shown} onAssign={setAssigning} />
          </QueryState>
          <MoreButton
            hasMore={!!deliveries.hasNextPage}
            loading={deliveries.isFetchingNextPage}
            onMore={() => void deliveries.fetchNextPage()}
          />
        </Card>
        <Card
          title={t('dispatch.cash')}
          className={cx('xl:col-span-2', view === 'map' && 'max-md:hidden')}
        >
          <CashBoard />
        </Card>
      </div>
      {addingCourier ? <CourierDialog onClose={() => setAddingCourier(false)} /> : null}
      <AssignDialog
        key={assigning?.id ?? 'none'}
        delivery={assigning}
        couriers={couriers.data?.items ?? []}
        onClose={() => setAssigning(null)}
      />
    </div>
  );
}
