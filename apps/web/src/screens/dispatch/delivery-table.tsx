// The deliveries: where they go, their status (with the countdown of a pending offer), their
// courier and the cash due, and the button to (re)assign those not picked up yet. A card per
// delivery on a phone.
import { DeliveryStatusBadge } from '../../components/status';
import { Badge, Button, TableHead } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import { useNow } from '../../lib/use-now';
import type { Delivery } from './hooks';

function OfferCountdown(props: { expiresAt: Date | null }) {
  const now = useNow(1_000);
  if (!props.expiresAt) return null;
  const left = Math.max(0, Math.round((new Date(props.expiresAt).getTime() - now) / 1000));
  return <span className="text-xs tabular-nums text-slate-600">◷ {left}s</span>;
}

export function DeliveryTable(props: {
  deliveries: Delivery[];
  onAssign: (delivery: Delivery) => void;
}) {
  const { t, money, time } = useI18n();
  return (
    <table className="table-cards w-full text-sm" data-testid="deliveries-table">
      <TableHead
        columns={[
          { label: t('orders.reference') },
          { label: t('dispatch.dropoff') },
          { label: t('orders.status') },
          { label: t('dispatch.courier') },
          { label: t('dispatch.cashDue'), right: true },
          {},
        ]}
      />
      <tbody className="divide-y divide-slate-100">
        {props.deliveries.map((delivery) => (
          <tr key={delivery.id}>
            <td className="py-2 font-medium">
              {delivery.orderReference}
              <span className="block text-xs font-normal text-slate-600">
                {time(delivery.createdAt)}
              </span>
            </td>
            <td
              className="max-w-48 truncate py-2 text-slate-600"
              data-label={t('dispatch.dropoff')}
            >
              {delivery.dropoffAddress ?? '—'}
            </td>
            <td className="py-2" data-label={t('orders.status')}>
              <span className="flex flex-wrap items-center gap-1.5">
                <DeliveryStatusBadge status={delivery.status} flagged={delivery.needsDispatcher} />
                {delivery.needsDispatcher ? (
                  <Badge tone="red">{t('dispatch.flagged')}</Badge>
                ) : null}
                {delivery.status === 'offered' ? (
                  <OfferCountdown expiresAt={delivery.offerExpiresAt} />
                ) : null}
              </span>
            </td>
            <td className="py-2" data-label={t('dispatch.courier')}>
              {delivery.courierName ?? '—'}
            </td>
            <td className="py-2 text-right tabular-nums" data-label={t('dispatch.cashDue')}>
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
