// Analytics: revenue and orders over time, orders by status, first-response time, AI acceptance
// and delivery durations, over 7, 30 or 90 days. Figures come from SQL aggregates (analytics router).
import { orderStatusLabelKey } from '@flux/contracts/status';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { Card, cx, Empty, ErrorState, Loading, PageHeader } from '../components/ui';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages/fr';
import { useTRPC } from '../lib/trpc';

function Stat(props: { label: string; value: string; hint?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <p className="text-xs text-slate-500 uppercase">{props.label}</p>
      <p className="mt-1 text-2xl font-semibold tabular-nums">{props.value}</p>
      {props.hint ? <p className="text-xs text-slate-500">{props.hint}</p> : null}
    </div>
  );
}

/** A duration in the user's language: "1,1 h" in French, "1.1 h" in English. */
function minutes(
  seconds: number | null | undefined,
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
  number: (value: number, digits?: number) => string,
) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return t('analytics.seconds', { value: number(Math.round(seconds)) });
  if (seconds < 3600) return t('analytics.minutes', { value: number(Math.round(seconds / 60)) });
  return t('analytics.hours', { value: number(seconds / 3600, 1) });
}

export function AnalyticsScreen() {
  const trpc = useTRPC();
  const { t, money, number, date } = useI18n();
  const { days } = useSearch({ from: '/app/analytics' });
  const navigate = useNavigate({ from: '/analytics' });
  const range = useMemo(() => {
    const to = new Date();
    to.setMinutes(0, 0, 0);
    to.setHours(to.getHours() + 1);
    return { from: new Date(to.getTime() - days * 86_400_000), to };
  }, [days]);
  const revenue = useQuery(
    trpc.analytics.revenue.queryOptions({ ...range, bucket: days > 31 ? 'week' : 'day' }),
  );
  const byStatus = useQuery(trpc.analytics.ordersByStatus.queryOptions(range));
  const response = useQuery(trpc.analytics.firstResponse.queryOptions(range));
  const ai = useQuery(trpc.analytics.aiAcceptance.queryOptions(range));
  const deliveries = useQuery(trpc.analytics.deliveryDurations.queryOptions(range));
  const series = (revenue.data?.buckets ?? []).map((point) => ({
    label: date(point.startsAt),
    // A number to plot (the API's `amount` is a decimal string); the tooltip formats the minor.
    revenue: Number(point.revenue.amount),
    revenueMinor: point.revenue.minor,
    collected: Number(point.collected.amount),
    collectedMinor: point.collected.minor,
    orders: point.orders,
  }));
  return (
    <div>
      <PageHeader
        title={t('analytics.title')}
        actions={
          <fieldset
            className="flex rounded-md border border-slate-300 p-0.5"
            aria-label={t('analytics.period')}
          >
            {[7, 30, 90].map((option) => (
              <button
                key={option}
                type="button"
                aria-pressed={days === option}
                onClick={() => void navigate({ search: { days: option } })}
                className={cx(
                  'rounded px-3 py-1 text-sm',
                  days === option ? 'bg-brand-700 text-white' : 'text-slate-700',
                )}
              >
                {t('analytics.days', { days: option })}
              </button>
            ))}
          </fieldset>
        }
      />
      <div className="space-y-4 p-3 md:p-6">
        <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
          <Stat
            label={t('analytics.revenue')}
            value={
              revenue.data ? money(revenue.data.totals.revenue.minor, revenue.data.currency) : '…'
            }
            hint={
              revenue.data
                ? t('analytics.bookedHint', {
                    count: revenue.data.totals.orders,
                    collected: money(revenue.data.totals.collected.minor, revenue.data.currency),
                  })
                : undefined
            }
          />
          <Stat
            label={t('analytics.firstResponse')}
            value={response.data ? minutes(response.data.medianSeconds, t, number) : '…'}
            hint={
              response.data
                ? t('analytics.p90', { value: minutes(response.data.p90Seconds, t, number) })
                : undefined
            }
          />
          <Stat
            label={t('analytics.aiAcceptance')}
            value={
              ai.data
                ? ai.data.acceptanceRate === null
                  ? '—'
                  : `${number(ai.data.acceptanceRate * 100)} %`
                : '…'
            }
            hint={
              ai.data
                ? t('analytics.aiReviewed', {
                    accepted: ai.data.accepted,
                    edited: ai.data.edited,
                    rejected: ai.data.rejected,
                  })
                : undefined
            }
          />
          <Stat
            label={t('analytics.deliveryTime')}
            value={
              deliveries.data
                ? minutes(
                    deliveries.data.totalMinutes.median === null
                      ? null
                      : deliveries.data.totalMinutes.median * 60,
                    t,
                    number,
                  )
                : '…'
            }
            hint={
              deliveries.data
                ? t('analytics.deliveredFailed', {
                    delivered: deliveries.data.delivered,
                    failed: deliveries.data.failed,
                  })
                : undefined
            }
          />
        </div>
        <div className="grid gap-4 xl:grid-cols-2">
          <Card title={t('analytics.revenueOverTime')}>
            {revenue.isPending ? (
              <Loading />
            ) : revenue.isError ? (
              <ErrorState error={revenue.error} />
            ) : series.length === 0 ? (
              <Empty title={t('analytics.noData')} />
            ) : (
              <div className="h-64" data-testid="revenue-chart">
                <ResponsiveContainer width="100%" height="100%">
                  <LineChart data={series}>
                    <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                    <XAxis dataKey="label" fontSize={11} />
                    <YAxis fontSize={11} width={72} tickFormatter={(value) => number(value)} />
                    <Tooltip
                      formatter={(_value, name, item) => {
                        const point = item.payload as (typeof series)[number];
                        return money(
                          name === t('analytics.collected')
                            ? point.collectedMinor
                            : point.revenueMinor,
                          revenue.data.currency,
                        );
                      }}
                    />
                    <Line
                      isAnimationActive={false}
                      type="monotone"
                      dataKey="revenue"
                      name={t('analytics.revenue')}
                      stroke="#0f766e"
                      strokeWidth={2}
                      dot={false}
                    />
                    <Line
                      isAnimationActive={false}
                      type="monotone"
                      dataKey="collected"
                      name={t('analytics.collected')}
                      stroke="#f59e0b"
                      strokeWidth={2}
                      dot={false}
                    />
                  </LineChart>
                </ResponsiveContainer>
              </div>
            )}
          </Card>
          <Card title={t('analytics.ordersOverTime')}>
            {revenue.isPending ? (
              <Loading />
            ) : revenue.isError ? (
              <ErrorState error={revenue.error} />
            ) : series.length === 0 ? (
              <Empty title={t('analytics.noData')} />
            ) : (
              <div className="h-64">
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={series}>
                    <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                    <XAxis dataKey="label" fontSize={11} />
                    <YAxis
                      allowDecimals={false}
                      fontSize={11}
                      tickFormatter={(value) => number(value)}
                    />
                    <Tooltip />
                    <Bar
                      isAnimationActive={false}
                      dataKey="orders"
                      name={t('analytics.orders')}
                      fill="#14b8a6"
                    />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            )}
          </Card>
          <Card title={t('analytics.byStatus')}>
            {byStatus.isPending ? (
              <Loading />
            ) : byStatus.isError ? (
              <ErrorState error={byStatus.error} />
            ) : byStatus.data.total === 0 ? (
              <Empty title={t('analytics.noData')} />
            ) : (
              <div className="h-64">
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart
                    data={byStatus.data.statuses.map((row) => ({
                      label: t(orderStatusLabelKey(row.status)),
                      count: row.count,
                    }))}
                    layout="vertical"
                  >
                    <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                    <XAxis
                      type="number"
                      allowDecimals={false}
                      fontSize={11}
                      tickFormatter={(value) => number(value)}
                    />
                    <YAxis type="category" dataKey="label" width={110} fontSize={11} />
                    <Tooltip />
                    <Bar
                      isAnimationActive={false}
                      dataKey="count"
                      name={t('analytics.orders')}
                      fill="#7c3aed"
                    />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            )}
          </Card>
          <Card title={t('analytics.service')}>
            <dl className="grid grid-cols-2 gap-3 text-sm">
              <dt className="text-slate-500">{t('analytics.answered')}</dt>
              <dd className="tabular-nums">
                {response.data
                  ? `${response.data.answered} / ${response.data.answered + response.data.unanswered}`
                  : '…'}
              </dd>
              <dt className="text-slate-500">{t('analytics.pickupToDoor')}</dt>
              <dd className="tabular-nums">
                {deliveries.data
                  ? minutes(
                      deliveries.data.rideMinutes.median === null
                        ? null
                        : deliveries.data.rideMinutes.median * 60,
                      t,
                      number,
                    )
                  : '…'}
              </dd>
              <dt className="text-slate-500">{t('analytics.deliveryP90')}</dt>
              <dd className="tabular-nums">
                {deliveries.data
                  ? minutes(
                      deliveries.data.totalMinutes.p90 === null
                        ? null
                        : deliveries.data.totalMinutes.p90 * 60,
                      t,
                      number,
                    )
                  : '…'}
              </dd>
            </dl>
          </Card>
        </div>
      </div>
    </div>
  );
}
