// The customer page, opened from a name anywhere (the inbox, the prospects): what they are worth
// (booked vs collected, cash still due at the door, last order), their orders, conversations and
// the team's notes, and their contact details to correct (name, phone, usual address).
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { OrderStatusBadge, ProspectStatusBadge } from '../components/status';
import { Button, Card, ErrorState, Field, Input, Loading, PageHeader } from '../components/ui';
import type { Outputs } from '../lib/api';
import { useI18n } from '../lib/i18n';
import { contactLine, usernameHandle } from '../lib/prospect';
import { useTRPC } from '../lib/trpc';
import { useSaved } from '../lib/use-saved';

type Customer = Outputs['prospects']['byId'];

export function CustomerScreen() {
  const trpc = useTRPC();
  const { t } = useI18n();
  const { prospectId } = useParams({ from: '/app/customers/$prospectId' });
  // Opened from the inbox's card, whose copy may be older than the last note or order.
  const customer = useQuery({
    ...trpc.prospects.byId.queryOptions({ id: prospectId }),
    refetchOnMount: 'always',
  });
  if (customer.isPending) return <Loading />;
  if (customer.isError) return <ErrorState error={customer.error} retry={customer.refetch} />;
  const c = customer.data;
  return (
    <div className="mx-auto max-w-5xl pb-8" data-testid="customer-page">
      <PageHeader
        title={c.name ?? contactLine(c) ?? c.email ?? t('customer.title')}
        subtitle={[c.phone, usernameHandle(c), c.email].filter(Boolean).join(' · ')}
        actions={<ProspectStatusBadge status={c.status} />}
      />
      <div className="grid grid-cols-1 gap-4 px-3 sm:px-6 lg:grid-cols-3">
        <Totals customer={c} />
        <div className="min-w-0 space-y-4 lg:col-span-2">
          <Orders customer={c} />
          <Conversations customer={c} />
          <Notes customer={c} />
        </div>
        <ContactForm key={c.updatedAt.toString()} customer={c} />
      </div>
    </div>
  );
}

function Totals(props: { customer: Customer }) {
  const { t, date } = useI18n();
  const totals = props.customer.totals;
  // A draft is not an order yet (the totals leave drafts out too).
  const last = props.customer.orders.find((order) => order.status !== 'draft');
  return (
    <Card title={t('customer.title')}>
      <dl className="grid grid-cols-2 gap-3 text-sm" data-testid="customer-totals">
        {totals.length === 0 ? (
          <>
            <Stat label={t('customer.booked')} value={t('customer.none')} />
            <Stat label={t('customer.collected')} value={t('customer.none')} />
          </>
        ) : (
          totals.map((total) => (
            <div key={total.currency} className="contents">
              <Stat
                label={t('customer.booked')}
                hint={t('customer.bookedHint')}
                value={total.booked.formatted}
              />
              <Stat label={t('customer.collected')} value={total.collected.formatted} />
              <Stat label={t('customer.cashDue')} value={total.cashDue.formatted} />
            </div>
          ))
        )}
        <Stat
          label={t('customer.lastOrder')}
          value={last ? `${last.reference} · ${date(last.createdAt)}` : t('customer.none')}
        />
      </dl>
    </Card>
  );
}

function Stat(props: { label: string; value: string; hint?: string }) {
  return (
    <div title={props.hint}>
      <dt className="text-xs text-slate-500">{props.label}</dt>
      <dd className="font-semibold tabular-nums">{props.value}</dd>
    </div>
  );
}

function Orders(props: { customer: Customer }) {
  const { t, date, money } = useI18n();
  return (
    <Card title={t('customer.orders')}>
      {props.customer.orders.length === 0 ? (
        <p className="text-sm text-slate-500">{t('prospect.noOrders')}</p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="customer-orders">
          {props.customer.orders.map((order) => (
            <li key={order.id}>
              <Link
                to="/orders/$orderId"
                params={{ orderId: order.id }}
                className="flex min-h-11 flex-wrap items-center justify-between gap-x-3 gap-y-1 py-2 text-sm hover:bg-slate-50"
              >
                <span className="font-medium">{order.reference}</span>
                <span className="text-slate-500">{date(order.createdAt)}</span>
                <OrderStatusBadge status={order.status} />
                <span className="tabular-nums">
                  {money(order.total.minor, order.total.currency)}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Conversations(props: { customer: Customer }) {
  const { t, relative } = useI18n();
  return (
    <Card title={t('customer.conversations')}>
      <ul className="divide-y divide-slate-100">
        {props.customer.conversations.map((conversation) => (
          <li key={conversation.id}>
            <Link
              to="/inbox"
              search={{ c: conversation.id }}
              className="flex min-h-11 min-w-0 items-center justify-between gap-2 py-2 text-sm hover:bg-slate-50"
            >
              <span className="capitalize">{conversation.channel}</span>
              <span className="min-w-0 flex-1 truncate text-slate-500">
                {conversation.aiSummary ?? ''}
              </span>
              <span className="text-xs text-slate-500">
                {relative(conversation.lastMessageAt ?? conversation.createdAt)}
              </span>
              <span className="text-brand-700">{t('customer.openConversation')}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function Notes(props: { customer: Customer }) {
  const { t, dateTime } = useI18n();
  return (
    <Card title={t('customer.notes')}>
      {props.customer.notes.length === 0 ? (
        <p className="text-sm text-slate-500">{t('customer.noNotes')}</p>
      ) : (
        <ul className="space-y-2">
          {props.customer.notes.map((note) => (
            <li
              key={note.id}
              className="rounded-md border border-dashed border-amber-400 bg-amber-50 p-2 text-sm"
            >
              <p className="text-[11px] text-amber-800">
                {note.author?.name ?? t('common.unknown')} · {dateTime(note.createdAt)}
              </p>
              <p className="whitespace-pre-wrap">{note.body}</p>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** Name, phone and usual delivery address, corrected by the team. */
function ContactForm(props: { customer: Customer }) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const saved = useSaved();
  const c = props.customer;
  const [name, setName] = useState(c.name ?? '');
  const [phone, setPhone] = useState(c.phone ?? '');
  const [address, setAddress] = useState(c.address ?? '');
  const update = useMutation(
    trpc.prospects.update.mutationOptions(
      saved({
        message: 'customer.saved',
        refresh: [
          { queryKey: trpc.prospects.byId.queryKey({ id: c.id }) },
          trpc.conversations.pathFilter(),
        ],
      }),
    ),
  );
  return (
    <Card title={t('customer.contact')}>
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate({
            id: c.id,
            name: name.trim() || null,
            phone: phone.trim() || null,
            address: address.trim() || null,
          });
        }}
      >
        <Field label={t('customer.name')}>
          <Input value={name} onChange={(event) => setName(event.target.value)} />
        </Field>
        <Field label={t('customer.phone')}>
          <Input
            type="tel"
            inputMode="tel"
            value={phone}
            onChange={(event) => setPhone(event.target.value)}
          />
        </Field>
        <Field label={t('customer.address')}>
          <Input value={address} onChange={(event) => setAddress(event.target.value)} />
        </Field>
        <Button type="submit" busy={update.isPending} className="min-h-11 w-full">
          {t('common.save')}
        </Button>
      </form>
    </Card>
  );
}
