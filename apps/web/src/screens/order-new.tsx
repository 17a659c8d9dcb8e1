// A phone order: the merchant has the customer on the line. Find the customer by phone or name (or
// create them), add products from the catalog with their quantities, the address, the payment
// method and the delivery fee (the shop's, changeable), then orders.create; the order page opens.
import { currencyExponent } from '@flux/contracts/money';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { type EditableLine, linesTotal, OrderLinesEditor } from '../components/order-lines-editor';
import { useToast } from '../components/toast';
import {
  Button,
  Card,
  ErrorState,
  Field,
  Input,
  Loading,
  PageHeader,
  Select,
  Textarea,
} from '../components/ui';
import { toMinorUnits } from '../lib/amount';
import type { Outputs } from '../lib/api';
import { useI18n } from '../lib/i18n';
import { errorStatus, fieldErrors, useTRPC } from '../lib/trpc';
import { useDebounced } from '../lib/use-debounced';

type Customer = Outputs['prospects']['list']['items'][number];
const paymentMethods = ['cash_on_delivery', 'mobile_money', 'card'] as const;

export function OrderNewScreen() {
  const trpc = useTRPC();
  const { t, money } = useI18n();
  const toast = useToast();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const business = useQuery(trpc.business.get.queryOptions());
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [lines, setLines] = useState<EditableLine[]>([]);
  const [address, setAddress] = useState('');
  const [payment, setPayment] = useState<(typeof paymentMethods)[number]>('cash_on_delivery');
  const [fee, setFee] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const create = useMutation(
    trpc.orders.create.mutationOptions({
      onSuccess: (order) => {
        toast.success(t('orderNew.created', { reference: order.reference }));
        void queryClient.invalidateQueries(trpc.orders.list.pathFilter());
        void navigate({ to: '/orders/$orderId', params: { orderId: order.id } });
      },
      onError: toast.error,
    }),
  );
  if (business.isPending) return <Loading />;
  if (business.isError) return <ErrorState error={business.error} />;
  const { currency, settings } = business.data.business;
  const digits = currencyExponent[currency];
  const feeText = fee ?? String(settings.deliveryFee / 10 ** digits);
  const feeMinor = toMinorUnits(feeText, digits);
  const subtotal = linesTotal(lines);
  return (
    <div>
      <PageHeader
        title={t('orderNew.title')}
        actions={
          <Link
            to="/orders"
            search={{ status: undefined, q: undefined, from: undefined, to: undefined }}
            className="text-sm text-brand-700 hover:underline"
          >
            ← {t('orders.title')}
          </Link>
        }
      />
      <form
        className="grid gap-4 p-4 sm:p-6 lg:grid-cols-3"
        onSubmit={(event) => {
          event.preventDefault();
          if (!customer) return toast.error(new Error(t('orderNew.pickCustomer')));
          if (lines.length === 0) return toast.error(new Error(t('orderNew.noLines')));
          if (feeMinor === null) return toast.error(new Error(t('orderNew.badFee')));
          create.mutate({
            prospectId: customer.id,
            lines: lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
            paymentMethod: payment,
            deliveryFee: feeMinor,
            ...(address.trim() ? { deliveryAddress: address.trim() } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
          });
        }}
      >
        <div className="space-y-4 lg:col-span-2">
          <Card title={t('orderNew.customer')}>
            <CustomerPicker
              customer={customer}
              onPick={(picked) => {
                setCustomer(picked);
              }}
            />
          </Card>
          <Card title={t('orderNew.products')}>
            <OrderLinesEditor lines={lines} onChange={setLines} />
          </Card>
        </div>
        <div className="space-y-4">
          <Card title={t('order.total')}>
            <div className="space-y-3">
              <Field label={t('orderNew.address')}>
                <Textarea
                  rows={2}
                  value={address}
                  onChange={(event) => setAddress(event.target.value)}
                />
              </Field>
              <Field label={t('orderNew.payment')}>
                <Select
                  value={payment}
                  onChange={(event) =>
                    setPayment(event.target.value as (typeof paymentMethods)[number])
                  }
                >
                  {paymentMethods.map((method) => (
                    <option key={method} value={method}>
                      {t(`order.payment.${method}`)}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label={t('orderNew.fee', { currency })}>
                <Input
                  inputMode="decimal"
                  value={feeText}
                  onChange={(event) => setFee(event.target.value)}
                />
              </Field>
              <Field label={t('orderNew.note')}>
                <Input value={note} onChange={(event) => setNote(event.target.value)} />
              </Field>
              <dl className="grid grid-cols-2 gap-1 text-sm" data-testid="new-order-total">
                <dt className="text-slate-600">{t('order.subtotal')}</dt>
                <dd className="text-right tabular-nums">{money(subtotal, currency)}</dd>
                <dt className="text-slate-600">{t('order.deliveryFee')}</dt>
                <dd className="text-right tabular-nums">{money(feeMinor ?? 0, currency)}</dd>
                <dt className="font-semibold">{t('order.total')}</dt>
                <dd className="text-right font-semibold tabular-nums">
                  {money(subtotal + (feeMinor ?? 0), currency)}
                </dd>
              </dl>
              <Button type="submit" className="min-h-11 w-full" busy={create.isPending}>
                {t('orderNew.submit')}
              </Button>
            </div>
          </Card>
        </div>
      </form>
    </div>
  );
}

/**
 * The customer: searched by phone or name among the business's contacts, or created on the spot
 * with the number the merchant is talking to (a number already known picks that customer).
 */
function CustomerPicker(props: {
  customer: Customer | null;
  onPick: (c: Customer | null) => void;
}) {
  const trpc = useTRPC();
  const i18n = useI18n();
  const { t } = i18n;
  const toast = useToast();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const settled = useDebounced(q.trim());
  const found = useQuery({
    ...trpc.prospects.list.queryOptions({ limit: 6, q: settled }),
    enabled: settled.length >= 2 && !props.customer,
  });
  // What was typed seeds the new customer's fields: digits are a phone, anything else a name.
  useEffect(() => {
    if (!creating) return;
    if (/\d{3}/.test(q)) setPhone((current) => current || q.trim());
    else setName((current) => current || q.trim());
  }, [creating, q]);
  const create = useMutation(
    trpc.prospects.create.mutationOptions({
      onSuccess: (created) => {
        setCreating(false);
        props.onPick(created);
      },
      onError: (error) => {
        // A number already known is that customer: the search finds them.
        if (errorStatus(error) === 409) {
          setCreating(false);
          setQ(phone.trim());
          return;
        }
        // A refused field is said beside it; anything else in a toast.
        if (!Object.keys(fieldErrors(error)).length) toast.error(error);
      },
    }),
  );
  const refused = fieldErrors(create.error, i18n);
  if (props.customer) {
    return (
      <div className="flex items-center gap-3" data-testid="picked-customer">
        <div className="min-w-0 flex-1">
          <p className="font-medium">{props.customer.name ?? props.customer.phone}</p>
          <p className="text-sm text-slate-500">{props.customer.phone}</p>
        </div>
        <Button variant="secondary" className="min-h-11" onClick={() => props.onPick(null)}>
          {t('orderNew.change')}
        </Button>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <Input
        type="search"
        placeholder={t('orderNew.findCustomer')}
        aria-label={t('orderNew.findCustomer')}
        value={q}
        onChange={(event) => setQ(event.target.value)}
      />
      {settled.length >= 2 && found.data ? (
        found.data.items.length ? (
          <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
            {found.data.items.map((prospect) => (
              <li key={prospect.id}>
                <button
                  type="button"
                  className="flex min-h-11 w-full items-center justify-between px-3 text-left text-sm hover:bg-slate-50"
                  onClick={() => props.onPick(prospect)}
                >
                  <span className="font-medium">{prospect.name ?? prospect.phone}</span>
                  <span className="text-slate-500">{prospect.phone}</span>
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">{t('orderNew.noCustomer')}</p>
        )
      ) : null}
      {creating ? (
        <div className="grid gap-2 sm:grid-cols-2">
          <Field label={t('orderNew.customerName')} error={refused.name}>
            <Input value={name} onChange={(event) => setName(event.target.value)} />
          </Field>
          <Field label={t('orderNew.customerPhone')} error={refused.phone}>
            <Input
              type="tel"
              inputMode="tel"
              value={phone}
              onChange={(event) => setPhone(event.target.value)}
            />
          </Field>
          <Button
            className="min-h-11 sm:col-span-2"
            busy={create.isPending}
            onClick={() =>
              create.mutate({
                ...(name.trim() ? { name: name.trim() } : {}),
                phone: phone.trim(),
              })
            }
          >
            {t('orderNew.createCustomer')}
          </Button>
        </div>
      ) : (
        <Button variant="secondary" className="min-h-11" onClick={() => setCreating(true)}>
          {t('orderNew.newCustomer')}
        </Button>
      )}
    </div>
  );
}
