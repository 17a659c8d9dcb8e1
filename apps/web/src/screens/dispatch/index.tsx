// Dispatch: the map, the courier board (status, load, last seen), deliveries with their offer
// countdown, manual (re)assignment, and the cash each courier holds. Each board and dialog is a
// module in this folder, their data in hooks.ts.
import { useState } from 'react';
import { DispatchMap } from '../../components/map';
import {
  Button,
  Card,
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
  return (
    <div>
      <PageHeader title={t('dispatch.title')} subtitle={t('dispatch.subtitle')} />
      <div className="grid gap-4 p-6 xl:grid-cols-5">
        <div className="h-96 xl:col-span-3">
          <DispatchMap points={points} center={center} />
        </div>
        <Card
          title={t('dispatch.couriers')}
          className="xl:col-span-2"
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
          className="xl:col-span-3"
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
        <Card title={t('dispatch.cash')} className="xl:col-span-2">
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
