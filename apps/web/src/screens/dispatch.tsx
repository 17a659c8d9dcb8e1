// Dispatch: the map, the courier board (status, load, last seen), deliveries with their offer
// countdown, manual (re)assignment, and the cash each courier holds.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { DispatchMap, type MapPoint } from '../components/map';
import { DeliveryStatusBadge } from '../components/status';
import { useToast } from '../components/toast';
import {
  Badge,
  Button,
  Card,
  Dialog,
  Empty,
  ErrorState,
  Field,
  Input,
  Loading,
  MoreButton,
  PageHeader,
  QueryState,
  Select,
} from '../components/ui';
import { normalizeAmount } from '../lib/amount';
import type { Outputs } from '../lib/api';
import { type Vehicle, vehicles } from '../lib/contracts';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages/fr';
import { useTRPC } from '../lib/trpc';

type Courier = Outputs['couriers']['list']['items'][number];
type Delivery = Outputs['deliveries']['list']['items'][number];

/** The deliveries the "under way" tab shows (filtered by the server, page after page). */
const UNDER_WAY = ['pending', 'offered', 'accepted', 'picked_up'] as const;

function useNow(ms: number) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

export function DispatchScreen() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const couriers = useQuery({
    ...trpc.couriers.list.queryOptions({ limit: 100 }),
    refetchInterval: 15_000,
  });
  const [filter, setFilter] = useState<'active' | 'flagged' | 'all'>('active');
  const deliveries = useInfiniteQuery({
    ...trpc.deliveries.list.infiniteQueryOptions(
      {
        limit: 50,
        ...(filter === 'flagged' ? { needsDispatcher: true } : {}),
        ...(filter === 'active' ? { status: [...UNDER_WAY] } : {}),
      },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
    refetchInterval: 10_000,
  });
  const business = useQuery(trpc.business.get.queryOptions());
  const shown = useMemo(
    () => deliveries.data?.pages.flatMap((page) => page.items) ?? [],
    [deliveries.data],
  );
  const [assigning, setAssigning] = useState<Delivery | null>(null);
  const [addingCourier, setAddingCourier] = useState(false);
  const points = useMemo<MapPoint[]>(() => {
    const list: MapPoint[] = [];
    for (const courier of couriers.data?.items ?? []) {
      if (courier.lastLat !== null && courier.lastLng !== null) {
        list.push({
          id: courier.id,
          lat: courier.lastLat,
          lng: courier.lastLng,
          label: `${courier.name} · ${courier.load}/${courier.capacity}`,
          kind: `courier-${courier.status}` as MapPoint['kind'],
        });
      }
    }
    for (const delivery of shown) {
      if (delivery.dropoffLat !== null && delivery.dropoffLng !== null) {
        list.push({
          id: delivery.id,
          lat: delivery.dropoffLat,
          lng: delivery.dropoffLng,
          label: delivery.orderReference,
          kind: 'dropoff',
        });
      }
    }
    return list;
  }, [couriers.data, shown]);
  const pickup = business.data?.business.settings.pickup;
  const center = useMemo<[number, number]>(
    () => (pickup ? [pickup.lat, pickup.lng] : [14.6928, -17.4467]),
    [pickup],
  );
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

function CourierBoard(props: {
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
    <ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto" data-testid="courier-board">
      {couriers.data.items.map((courier: Courier) => (
        <li key={courier.id} className="flex items-center justify-between gap-2 py-2 text-sm">
          <span className="min-w-0">
            <span className="block truncate font-medium">{courier.name}</span>
            <span className="block text-xs text-slate-500">
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
            <Badge tone={tone[courier.status]}>
              {t(`courier.status.${courier.status}` as MessageKey)}
            </Badge>
          </span>
        </li>
      ))}
    </ul>
  );
}

function OfferCountdown(props: { expiresAt: Date | null }) {
  const now = useNow(1_000);
  if (!props.expiresAt) return null;
  const left = Math.max(0, Math.round((new Date(props.expiresAt).getTime() - now) / 1000));
  return <span className="text-xs tabular-nums text-slate-500">◷ {left}s</span>;
}

function DeliveryTable(props: { deliveries: Delivery[]; onAssign: (delivery: Delivery) => void }) {
  const { t, money, time } = useI18n();
  return (
    <table className="w-full text-sm" data-testid="deliveries-table">
      <thead className="text-left text-xs text-slate-500 uppercase">
        <tr>
          <th className="py-1">{t('orders.reference')}</th>
          <th className="py-1">{t('dispatch.dropoff')}</th>
          <th className="py-1">{t('orders.status')}</th>
          <th className="py-1">{t('dispatch.courier')}</th>
          <th className="py-1 text-right">{t('dispatch.cashDue')}</th>
          <th />
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {props.deliveries.map((delivery) => (
          <tr key={delivery.id}>
            <td className="py-2 font-medium">
              {delivery.orderReference}
              <span className="block text-xs font-normal text-slate-500">
                {time(delivery.createdAt)}
              </span>
            </td>
            <td className="max-w-48 truncate py-2 text-slate-600">
              {delivery.dropoffAddress ?? '—'}
            </td>
            <td className="py-2">
              <span className="flex items-center gap-1.5">
                <DeliveryStatusBadge status={delivery.status} flagged={delivery.needsDispatcher} />
                {delivery.needsDispatcher ? (
                  <Badge tone="red">{t('dispatch.flagged')}</Badge>
                ) : null}
                {delivery.status === 'offered' ? (
                  <OfferCountdown expiresAt={delivery.offerExpiresAt} />
                ) : null}
              </span>
            </td>
            <td className="py-2">{delivery.courierName ?? '—'}</td>
            <td className="py-2 text-right tabular-nums">
              {money(delivery.cashDue.minor, delivery.cashDue.currency)}
            </td>
            <td className="py-2 text-right">
              {['pending', 'offered', 'accepted'].includes(delivery.status) ? (
                <Button size="sm" variant="secondary" onClick={() => props.onAssign(delivery)}>
                  {delivery.courierId ? t('dispatch.reassign') : t('dispatch.assign')}
                </Button>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AssignDialog(props: {
  delivery: Delivery | null;
  couriers: Courier[];
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [courierId, setCourierId] = useState('');
  const assign = useMutation(
    trpc.deliveries.assign.mutationOptions({
      onSuccess: () => {
        toast.success(t('dispatch.assigned'));
        props.onClose();
        void queryClient.invalidateQueries(trpc.deliveries.list.pathFilter());
        void queryClient.invalidateQueries(trpc.couriers.list.pathFilter());
      },
      onError: toast.error,
    }),
  );
  const choices = props.couriers.filter(
    (c) => c.status !== 'offline' || c.id === props.delivery?.courierId,
  );
  return (
    <Dialog
      open={!!props.delivery}
      onOpenChange={(open) => !open && props.onClose()}
      title={t('dispatch.assignTitle', { reference: props.delivery?.orderReference ?? '' })}
    >
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          if (props.delivery && courierId)
            assign.mutate({ deliveryId: props.delivery.id, courierId });
        }}
      >
        <Field label={t('dispatch.courier')}>
          <Select required value={courierId} onChange={(event) => setCourierId(event.target.value)}>
            <option value="">{t('dispatch.chooseCourier')}</option>
            {choices.map((courier) => (
              <option
                key={courier.id}
                value={courier.id}
                disabled={courier.load >= courier.capacity}
              >
                {courier.name} · {courier.load}/{courier.capacity} ·{' '}
                {t(`courier.status.${courier.status}` as MessageKey)}
              </option>
            ))}
          </Select>
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" busy={assign.isPending} disabled={!courierId}>
            {t('dispatch.assign')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function CashBoard() {
  const trpc = useTRPC();
  const { t, money } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const cash = useQuery(trpc.couriers.cash.queryOptions({}));
  const [handover, setHandover] = useState<{ courierId: string; name: string } | null>(null);
  const [amount, setAmount] = useState('');
  const record = useMutation(
    trpc.couriers.recordHandover.mutationOptions({
      onSuccess: () => {
        toast.success(t('dispatch.handoverSaved'));
        setHandover(null);
        setAmount('');
        void queryClient.invalidateQueries(trpc.couriers.cash.pathFilter());
      },
      onError: toast.error,
    }),
  );
  if (cash.isPending) return <Loading />;
  if (cash.isError) return <ErrorState error={cash.error} retry={() => void cash.refetch()} />;
  if (cash.data.length === 0) return <Empty title={t('dispatch.noCouriers')} />;
  return (
    <>
      <table className="w-full text-sm">
        <thead className="text-left text-xs text-slate-500 uppercase">
          <tr>
            <th className="py-1">{t('dispatch.courier')}</th>
            <th className="py-1 text-right">{t('dispatch.collected')}</th>
            <th className="py-1 text-right">{t('dispatch.held')}</th>
            <th />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {cash.data.map((row) => (
            <tr key={row.courierId}>
              <td className="py-2">{row.name}</td>
              <td className="py-2 text-right tabular-nums">
                {money(row.collected.minor, row.collected.currency)}
              </td>
              <td className="py-2 text-right font-medium tabular-nums">
                {money(row.held.minor, row.held.currency)}
              </td>
              <td className="py-2 text-right">
                {row.held.minor > 0 ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => setHandover({ courierId: row.courierId, name: row.name })}
                  >
                    {t('dispatch.handover')}
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Dialog
        open={!!handover}
        onOpenChange={(open) => !open && setHandover(null)}
        title={t('dispatch.handoverTitle', { name: handover?.name ?? '' })}
      >
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (handover)
              record.mutate({ courierId: handover.courierId, amount: normalizeAmount(amount) });
          }}
        >
          <Field label={t('dispatch.amount')}>
            <Input
              inputMode="decimal"
              required
              value={amount}
              onChange={(event) => setAmount(event.target.value)}
            />
          </Field>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setHandover(null)}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" busy={record.isPending}>
              {t('common.save')}
            </Button>
          </div>
        </form>
      </Dialog>
    </>
  );
}

function CourierDialog(props: { onClose: () => void }) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    name: '',
    phone: '',
    vehicle: 'motorbike' as Vehicle,
    capacity: '2',
  });
  const create = useMutation(
    trpc.couriers.create.mutationOptions({
      onSuccess: (courier) => {
        toast.success(t('dispatch.courierCreated', { name: courier.name }));
        void queryClient.invalidateQueries(trpc.couriers.pathFilter());
        props.onClose();
      },
      onError: toast.error,
    }),
  );
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && props.onClose()}
      title={t('dispatch.newCourier')}
      description={t('dispatch.newCourierHint')}
    >
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({
            name: form.name,
            phone: form.phone,
            vehicle: form.vehicle,
            capacity: Number(form.capacity) || 1,
          });
        }}
      >
        <Field label={t('dispatch.courierName')}>
          <Input
            required
            value={form.name}
            onChange={(event) => setForm({ ...form, name: event.target.value })}
          />
        </Field>
        <Field label={t('dispatch.courierPhone')}>
          <Input
            required
            type="tel"
            placeholder="77 123 45 67"
            value={form.phone}
            onChange={(event) => setForm({ ...form, phone: event.target.value })}
          />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label={t('dispatch.vehicle')}>
            <Select
              value={form.vehicle}
              onChange={(event) => setForm({ ...form, vehicle: event.target.value as Vehicle })}
            >
              {vehicles.map((value) => (
                <option key={value} value={value}>
                  {t(`vehicle.${value}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('dispatch.capacity')}>
            <Input
              type="number"
              min={1}
              max={20}
              value={form.capacity}
              onChange={(event) => setForm({ ...form, capacity: event.target.value })}
            />
          </Field>
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={props.onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" busy={create.isPending}>
            {t('common.save')}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
