// Orders: filters by status and number, newest first, paginated.
import { type OrderStatus, orderStatuses } from '@flux/contracts/enums';
import { orderStatusLabelKey } from '@flux/contracts/status';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { OrderStatusBadge } from '../components/status';
import {
  Empty,
  Input,
  MoreButton,
  PageHeader,
  QueryState,
  Select,
  TableHead,
} from '../components/ui';
import { useI18n } from '../lib/i18n';
import { useTRPC } from '../lib/trpc';
import { useUrlSearchBox } from '../lib/use-debounced';

export function OrdersScreen() {
  const trpc = useTRPC();
  const { t, money, dateTime } = useI18n();
  const search = useSearch({ from: '/app/orders' });
  const navigate = useNavigate({ from: '/orders' });
  const [q, setQ] = useUrlSearchBox(search.q, (next) => {
    void navigate({ search: (s) => ({ ...s, q: next }), replace: true });
  });
  const status = orderStatuses.includes(search.status as OrderStatus)
    ? (search.status as OrderStatus)
    : undefined;
  const orders = useInfiniteQuery(
    trpc.orders.list.infiniteQueryOptions(
      { limit: 50, ...(status ? { status: [status] } : {}), ...(search.q ? { q: search.q } : {}) },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const items = orders.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div>
      <PageHeader
        title={t('orders.title')}
        actions={
          <>
            <Input
              type="search"
              className="w-44"
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
          </>
        }
      />
      <div className="p-3 md:p-6">
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <QueryState
            query={orders}
            empty={items.length === 0}
            emptyView={<Empty title={t('orders.none')} hint={t('orders.noneHint')} />}
          >
            <table className="table-cards w-full text-sm" data-testid="orders-table">
              <TableHead
                page
                columns={[
                  { label: t('orders.reference') },
                  { label: t('orders.customer') },
                  { label: t('orders.items') },
                  { label: t('orders.status') },
                  { label: t('order.total'), right: true },
                  { label: t('orders.created') },
                ]}
              />
              <tbody className="divide-y divide-slate-100">
                {items.map((order) => (
                  <tr key={order.id} className="hover:bg-slate-50">
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
                    <td className="px-4 py-2 text-right tabular-nums">
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
