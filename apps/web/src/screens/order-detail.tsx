// One order: lines and totals (editable while the order is a draft or pending), its delivery
// address, the actions its current state allows (no others are offered), its receipt to print or
// send (order-receipt.tsx), and its timeline from the audit log.
import { type OrderStatus, orderStatuses } from '@flux/contracts/enums';
import { orderStatusLabelKey } from '@flux/contracts/status';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { NotificationRows } from '../components/notification-list';
import { type EditableLine, OrderLinesEditor } from '../components/order-lines-editor';
import { OrderStatusBadge } from '../components/status';
import { useToast } from '../components/toast';
import {
  Button,
  Card,
  Dialog,
  DialogButtons,
  ErrorState,
  Field,
  Input,
  Loading,
  PageHeader,
} from '../components/ui';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages/fr';
import { useTRPC } from '../lib/trpc';
import { ReceiptButton } from './order-receipt';

/**
 * The moves the dialog asks a reason for. The server requires one for `cancelled` and `failed`
 * only (packages/api/src/services/orders.ts); the dashboard asks for `returned` too.
 */
const needsReason: ReadonlySet<OrderStatus> = new Set<OrderStatus>([
  'cancelled',
  'failed',
  'returned',
]);

export function OrderDetailScreen() {
  const trpc = useTRPC();
  const { t, money, dateTime } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const { orderId } = useParams({ from: '/app/orders/$orderId' });
  const order = useQuery(trpc.orders.byId.queryOptions({ id: orderId }));
  const [asking, setAsking] = useState<OrderStatus | null>(null);
  const [reason, setReason] = useState('');
  const transition = useMutation(
    trpc.orders.transition.mutationOptions({
      onSuccess: (updated) => {
        toast.success(t('order.moved', { status: t(orderStatusLabelKey(updated.status)) }));
        setAsking(null);
        setReason('');
        // The new state and its actions at once; the timeline follows with the refetch.
        const key = trpc.orders.byId.queryKey({ id: orderId });
        queryClient.setQueryData(key, (old) =>
          old
            ? { ...old, ...updated, items: old.items, prospect: old.prospect, history: old.history }
            : old,
        );
        void queryClient.invalidateQueries({ queryKey: key });
        void queryClient.invalidateQueries(trpc.orders.list.pathFilter());
      },
      onError: toast.error,
    }),
  );
  const [editing, setEditing] = useState<EditableLine[] | null>(null);
  const updateLines = useMutation(
    trpc.orders.updateLines.mutationOptions({
      onSuccess: () => {
        toast.success(t('order.linesSaved'));
        setEditing(null);
        void queryClient.invalidateQueries({
          queryKey: trpc.orders.byId.queryKey({ id: orderId }),
        });
        void queryClient.invalidateQueries(trpc.orders.list.pathFilter());
      },
      onError: toast.error,
    }),
  );
  if (order.isPending) return <Loading />;
  if (order.isError) return <ErrorState error={order.error} retry={() => void order.refetch()} />;
  const o = order.data;
  const editable = o.status === 'draft' || o.status === 'pending';
  const move = (to: OrderStatus) => {
    if (needsReason.has(to)) setAsking(to);
    else transition.mutate({ id: o.id, to });
  };
  return (
    <div>
      <PageHeader
        title={`${t('order.title')} ${o.reference}`}
        subtitle={dateTime(o.createdAt)}
        actions={
          <div className="flex items-center gap-3">
            <ReceiptButton orderId={o.id} reference={o.reference} />
            <Link
              to="/orders"
              search={{ status: undefined, q: undefined, from: undefined, to: undefined }}
              className="text-sm text-brand-700 hover:underline max-md:flex max-md:min-h-11 max-md:items-center"
            >
              ← {t('orders.title')}
            </Link>
          </div>
        }
      />
      <div className="grid gap-4 p-3 md:p-6 lg:grid-cols-3">
        <div className="min-w-0 space-y-4 lg:col-span-2">
          <Card
            title={
              <span className="flex items-center gap-2">
                {t('order.state')} <OrderStatusBadge status={o.status} />
              </span>
            }
          >
            {o.allowedTransitions.length === 0 ? (
              <p className="text-sm text-slate-500">{t('order.final')}</p>
            ) : (
              <div className="flex flex-wrap gap-2" data-testid="order-actions">
                {o.allowedTransitions.map((to) => (
                  <Button
                    key={to}
                    variant={needsReason.has(to) ? 'secondary' : 'primary'}
                    busy={transition.isPending && transition.variables?.to === to}
                    onClick={() => move(to)}
                  >
                    {t(`order.action.${to}` as MessageKey)}
                  </Button>
                ))}
              </div>
            )}
          </Card>
          <Card
            title={t('orders.items')}
            actions={
              editable && !editing ? (
                <Button
                  variant="secondary"
                  size="sm"
                  className="min-h-11"
                  onClick={() =>
                    setEditing(
                      o.items.map((item) => ({
                        productId: item.productId,
                        name: item.name,
                        unitPrice: item.unitPrice.minor,
                        currency: item.unitPrice.currency,
                        quantity: item.quantity,
                      })),
                    )
                  }
                >
                  {t('order.editLines')}
                </Button>
              ) : null
            }
          >
            {editing ? (
              <div className="space-y-3">
                <OrderLinesEditor lines={editing} onChange={setEditing} />
                <div className="flex justify-end gap-2">
                  <Button variant="secondary" className="min-h-11" onClick={() => setEditing(null)}>
                    {t('common.cancel')}
                  </Button>
                  <Button
                    className="min-h-11"
                    disabled={editing.length === 0}
                    busy={updateLines.isPending}
                    onClick={() =>
                      updateLines.mutate({
                        id: o.id,
                        lines: editing.map((line) => ({
                          productId: line.productId,
                          quantity: line.quantity,
                        })),
                      })
                    }
                  >
                    {t('order.saveLines')}
                  </Button>
                </div>
              </div>
            ) : (
              <table className="w-full text-sm">
                <tbody className="divide-y divide-slate-100">
                  {o.items.map((item) => (
                    <tr key={item.id}>
                      <td className="py-2">{item.name}</td>
                      <td className="py-2 text-slate-600">
                        {item.quantity} × {money(item.unitPrice.minor, item.unitPrice.currency)}
                      </td>
                      <td className="py-2 text-right tabular-nums">
                        {money(item.lineTotal.minor, item.lineTotal.currency)}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot className="text-sm">
                  <tr>
                    <td colSpan={2} className="pt-3 text-slate-600">
                      {t('order.subtotal')}
                    </td>
                    <td className="pt-3 text-right tabular-nums">
                      {money(o.subtotal.minor, o.subtotal.currency)}
                    </td>
                  </tr>
                  <tr>
                    <td colSpan={2} className="text-slate-600">
                      {t('order.deliveryFee')}
                    </td>
                    <td className="text-right tabular-nums">
                      {money(o.deliveryFee.minor, o.deliveryFee.currency)}
                    </td>
                  </tr>
                  <tr className="font-semibold">
                    <td colSpan={2} className="pt-1">
                      {t('order.total')}
                    </td>
                    <td className="pt-1 text-right tabular-nums">
                      {money(o.total.minor, o.total.currency)}
                    </td>
                  </tr>
                </tfoot>
              </table>
            )}
          </Card>
        </div>
        <div className="min-w-0 space-y-4">
          <Card title={t('orders.customer')}>
            <p className="font-medium">{o.prospect.name ?? o.prospect.phone}</p>
            <p className="text-sm text-slate-500">{o.prospect.phone}</p>
            {o.deliveryAddress ? <p className="mt-2 text-sm">{o.deliveryAddress}</p> : null}
            <p className="mt-2 text-sm text-slate-600">
              {t(`order.payment.${o.paymentMethod}` as MessageKey)} ·{' '}
              {t(`order.paymentStatus.${o.paymentStatus}` as MessageKey)}
            </p>
            {o.conversationId ? (
              <Link
                to="/inbox"
                search={{ c: o.conversationId }}
                className="mt-2 inline-flex items-center text-sm text-brand-700 hover:underline max-md:min-h-11"
              >
                {t('order.openConversation')}
              </Link>
            ) : null}
          </Card>
          <Card title={t('order.timeline')}>
            <ol className="space-y-3 border-l border-slate-200 pl-4" data-testid="order-timeline">
              {o.history.map((entry, index) => (
                <li key={index} className="relative text-sm">
                  <span className="absolute top-1.5 -left-[21px] size-2 rounded-full bg-brand-600" />
                  <p className="font-medium">{describe(t, entry.action, entry.changes)}</p>
                  <p className="text-xs text-slate-500">
                    {dateTime(entry.at)} ·{' '}
                    {entry.actor.kind === 'ai'
                      ? t('timeline.actor.ai')
                      : (entry.actor.name ?? t('common.system'))}
                  </p>
                </li>
              ))}
            </ol>
          </Card>
          <OrderNotifications orderId={o.id} />
        </div>
      </div>
      <Dialog
        open={asking !== null}
        onOpenChange={(open) => !open && setAsking(null)}
        title={asking ? t(`order.action.${asking}` as MessageKey) : ''}
        description={t('order.reasonHint')}
      >
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (asking) transition.mutate({ id: o.id, to: asking, reason });
          }}
        >
          <Field label={t('order.reason')}>
            <Input required value={reason} onChange={(event) => setReason(event.target.value)} />
          </Field>
          <DialogButtons
            onCancel={() => setAsking(null)}
            busy={transition.isPending}
            variant="danger"
            submit={t('common.confirm')}
          />
        </form>
      </Dialog>
    </div>
  );
}

function describe(
  t: (key: MessageKey, params?: Record<string, string | number>) => string,
  action: string,
  changes: unknown,
): string {
  const c = (changes ?? {}) as { from?: string; to?: string; reason?: string };
  // The audit log's changes are untyped jsonb: a state the contracts do not know is shown as is.
  const label = (value: string) => {
    const status = orderStatuses.find((known) => known === value);
    return status ? t(orderStatusLabelKey(status)) : value;
  };
  if (action === 'order.transition' && c.to) {
    const text = t('timeline.moved', { from: c.from ? label(c.from) : '—', to: label(c.to) });
    return c.reason ? `${text} (${c.reason})` : text;
  }
  const known = `timeline.${action}` as MessageKey;
  const text = t(known);
  return text === known ? action : text;
}

/** What was sent about this order, to whom and how it went; "send again" on each. */
function OrderNotifications(props: { orderId: string }) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const sent = useQuery(trpc.notifications.forOrder.queryOptions({ orderId: props.orderId }));
  const sandbox = useQuery(trpc.sandbox.outbox.queryOptions());
  return (
    <Card
      title={t('order.notifications')}
      actions={
        sandbox.data?.enabled ? (
          <Link
            to="/outbox"
            className="text-xs text-brand-700 hover:underline max-md:flex max-md:min-h-11 max-md:items-center"
          >
            {t('outbox.link')}
          </Link>
        ) : null
      }
    >
      {sent.data?.items.length ? (
        <NotificationRows items={sent.data.items} />
      ) : (
        <p className="text-sm text-slate-500">
          {sent.isPending ? '…' : t('order.noNotifications')}
        </p>
      )}
    </Card>
  );
}
