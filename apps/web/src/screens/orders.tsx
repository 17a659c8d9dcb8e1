// Orders: search by number, customer name or phone, filters by status and by days, newest first,
// paginated; a phone order from here, the list as CSV (the same filters), and a bulk bar to
// confirm or mark ready the orders ticked.
import { type OrderStatus, orderStatuses } from '@flux/contracts/enums';
import { orderStatusLabelKey } from '@flux/contracts/status';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { OrderStatusBadge } from '../components/status';
import { useToast } from '../components/toast';
import { Button, Empty, Input, MoreButton, PageHeader, QueryState, Select } from '../components/ui';
import { dayRange } from '../lib/day-range';
import { useI18n } from '../lib/i18n';
import { refusalWords, useTRPC } from '../lib/trpc';
import { useUrlSearchBox } from '../lib/use-debounced';

/** The CSV export's address, with the list's filters. */
function exportHref(filters: { status?: string; q?: string; from?: Date; to?: Date }) {
  const query = new URLSearchParams();
  if (filters.status) query.set('status', filters.status);
  if (filters.q) query.set('q', filters.q);
  if (filters.from) query.set('from', filters.from.toISOString());
  if (filters.to) query.set('to', filters.to.toISOString());
  const text = query.toString();
  return `/exports/orders.csv${text ? `?${text}` : ''}`;
}

export function OrdersScreen() {
  const trpc = useTRPC();
  const i18n = useI18n();
  const { t, money, dateTime, timeZone } = i18n;
  const toast = useToast();
  const queryClient = useQueryClient();
  const search = useSearch({ from: '/app/orders' });
  const navigate = useNavigate({ from: '/orders' });
  const [q, setQ] = useUrlSearchBox(search.q, (next) => {
    void navigate({ search: (s) => ({ ...s, q: next }), replace: true });
  });
  const status = orderStatuses.includes(search.status as OrderStatus)
    ? (search.status as OrderStatus)
    : undefined;
  const range = useMemo(
    () => dayRange(search.from, search.to, timeZone),
    [search.from, search.to, timeZone],
  );
  const filters = {
    ...(status ? { status: [status] } : {}),
    ...(search.q ? { q: search.q } : {}),
    ...range,
  };
  const orders = useInfiniteQuery(
    trpc.orders.list.infiniteQueryOptions(
      { limit: 50, ...filters },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const shown = new Set(items.map((order) => order.id));
  // A ticked order filtered out of the list is no longer acted on.
  const ticked = [...selected].filter((id) => shown.has(id));
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const bulk = useMutation(
    trpc.orders.bulkTransition.mutationOptions({
      onSuccess: ({ results }) => {
        const done = results.filter((result) => result.ok).length;
        if (done) toast.success(t('orders.bulkDone', { count: done }));
        for (const result of results) {
          if (result.ok) continue;
          const reference = result.reference ?? '';
          const from = result.details?.from;
          const known = orderStatuses.find((value) => value === from);
          toast.error(
            new Error(
              result.code === 'CONFLICT' && result.details && 'available' in result.details
                ? t('orders.bulkNoStock', { reference })
                : known
                  ? t('orders.bulkWrongState', {
                      reference,
                      status: t(orderStatusLabelKey(known)),
                    })
                  : `${reference} : ${refusalWords(i18n, result.reason, result.params)}`,
            ),
          );
        }
        setSelected(new Set(results.filter((result) => !result.ok).map((result) => result.id)));
        void queryClient.invalidateQueries(trpc.orders.list.pathFilter());
      },
      onError: toast.error,
    }),
  );
  const setDay = (key: 'from' | 'to', value: string) =>
    void navigate({
      search: (s) =>
        key === 'from' ? { ...s, from: value || undefined } : { ...s, to: value || undefined },
    });
  return (
    <div>
      <PageHeader
        title={t('orders.title')}
        actions={
          <>
            <Link
              to="/orders/new"
              className="inline-flex min-h-11 items-center rounded-md bg-brand-700 px-3.5 text-sm font-medium text-white hover:bg-brand-800"
            >
              + {t('orders.new')}
            </Link>
            <a
              href={exportHref({ status, q: search.q, ...range })}
              download
              className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-3.5 text-sm font-medium text-slate-800 hover:bg-slate-50"
            >
              {t('orders.export')}
            </a>
          </>
        }
      />
      <div className="flex flex-wrap items-end gap-2 px-4 pt-4 sm:px-6">
        <Input
          type="search"
          className="min-w-0 flex-1 sm:max-w-64"
          placeholder={t('orders.search')}
          aria-label={t('orders.search')}
          value={q}
          onChange={(event) => setQ(event.target.value)}
        />
        <Select
          aria-label={t('orders.status')}
          className="w-48"
          value={status ?? ''}
          onChange={(event) =>
            void navigate({
              search: (s) => ({ ...s, status: event.target.value || undefined }),
            })
          }
        >
          <option value="">{t('orders.allStatuses')}</option>
          {orderStatuses.map((value) => (
            <option key={value} value={value}>
              {t(orderStatusLabelKey(value))}
            </option>
          ))}
        </Select>
        <div className="flex items-center gap-1 text-sm text-slate-600">
          <span aria-hidden="true">{t('orders.from')}</span>
          <Input
            type="date"
            aria-label={t('orders.from')}
            className="w-40"
            value={search.from ?? ''}
            onChange={(event) => setDay('from', event.target.value)}
          />
        </div>
        <div className="flex items-center gap-1 text-sm text-slate-600">
          <span aria-hidden="true">{t('orders.to')}</span>
          <Input
            type="date"
            aria-label={t('orders.to')}
            className="w-40"
            value={search.to ?? ''}
            onChange={(event) => setDay('to', event.target.value)}
          />
        </div>
      </div>
      {ticked.length > 0 ? (
        <div
          className="sticky top-0 z-10 mx-4 mt-3 flex flex-wrap items-center gap-2 rounded-lg border border-slate-200 bg-brand-50 px-3 py-2 sm:mx-6"
          data-testid="bulk-bar"
        >
          <span className="text-sm font-medium">
            {t('orders.selected', { count: ticked.length })}
          </span>
          <Button
            className="min-h-11"
            busy={bulk.isPending && bulk.variables?.to === 'confirmed'}
            onClick={() => bulk.mutate({ ids: ticked, to: 'confirmed' })}
          >
            {t('orders.bulkConfirm')}
          </Button>
          <Button
            className="min-h-11"
            variant="secondary"
            busy={bulk.isPending && bulk.variables?.to === 'ready'}
            onClick={() => bulk.mutate({ ids: ticked, to: 'ready' })}
          >
            {t('orders.bulkReady')}
          </Button>
          <Button className="min-h-11" variant="ghost" onClick={() => setSelected(new Set())}>
            {t('orders.clearSelection')}
          </Button>
        </div>
      ) : null}
      <div className="p-3 md:p-6">
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <QueryState
            query={orders}
            empty={items.length === 0}
            emptyView={<Empty title={t('orders.none')} hint={t('orders.noneHint')} />}
          >
            <table className="table-cards w-full text-sm" data-testid="orders-table">
              <thead className="bg-slate-50 text-left text-xs text-slate-500 uppercase">
                <tr>
                  <th className="w-12 px-2 py-2">
                    <input
                      type="checkbox"
                      className="size-5 align-middle"
                      aria-label={t('orders.selectAll')}
                      checked={items.length > 0 && ticked.length === items.length}
                      onChange={(event) =>
                        setSelected(
                          event.target.checked
                            ? new Set(items.map((order) => order.id))
                            : new Set(),
                        )
                      }
                    />
                  </th>
                  <th className="px-4 py-2">{t('orders.reference')}</th>
                  <th className="px-4 py-2">{t('orders.customer')}</th>
                  <th className="px-4 py-2">{t('orders.items')}</th>
                  <th className="px-4 py-2">{t('orders.status')}</th>
                  <th className="px-4 py-2 text-right">{t('order.total')}</th>
                  <th className="px-4 py-2">{t('orders.created')}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {items.map((order) => (
                  <tr key={order.id} className="hover:bg-slate-50">
                    <td className="px-2 py-1">
                      <label className="flex size-11 items-center justify-center">
                        <input
                          type="checkbox"
                          className="size-5"
                          aria-label={t('orders.select', { reference: order.reference })}
                          checked={selected.has(order.id)}
                          onChange={() => toggle(order.id)}
                        />
                      </label>
                    </td>
                    <td className="px-4 py-2 font-medium">
                      <Link
                        to="/orders/$orderId"
                        params={{ orderId: order.id }}
                        className="text-brand-700 hover:underline"
                      >
                        {order.reference}
                      </Link>
                    </td>
                    <td className="px-4 py-2">{order.prospect.name ?? order.prospect.phone}</td>
                    <td className="max-w-64 truncate px-4 py-2 text-slate-600">
                      {order.items.map((item) => `${item.quantity} × ${item.name}`).join(', ')}
                    </td>
                    <td className="px-4 py-2">
                      <OrderStatusBadge status={order.status} />
                    </td>
                    <td className="px-4 py-2 text-right tabular-nums" data-testid="order-total">
                      {money(order.total.minor, order.total.currency)}
                    </td>
                    <td className="px-4 py-2 text-slate-600">{dateTime(order.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </QueryState>
          <MoreButton
            hasMore={!!orders.hasNextPage}
            loading={orders.isFetchingNextPage}
            onMore={() => void orders.fetchNextPage()}
          />
        </div>
      </div>
    </div>
  );
}
