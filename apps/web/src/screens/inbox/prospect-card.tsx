// The customer's card beside the thread: contact, pipeline status, the language notifications
// speak to them in, tags and past orders (their statuses follow the live order events); the name
// opens the customer page.
import { nextProspectStatuses, prospectStatusLabelKey } from '@flux/contracts/status';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { OrderStatusBadge, ProspectStatusBadge } from '../../components/status';
import { ErrorState, Loading, Select } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import { contactLine, usernameHandle } from '../../lib/prospect';
import { useProspect } from './hooks';

export function ProspectCard(props: { prospectId: string }) {
  const { t, money, date } = useI18n();
  const { prospect, setStatus, setTags, setLocale } = useProspect(props.prospectId);
  const [tag, setTag] = useState('');
  if (prospect.isPending) return <Loading />;
  if (prospect.isError) return <ErrorState error={prospect.error} />;
  const p = prospect.data;
  return (
    <section aria-label={t('prospect.card')} className="rounded-lg border border-slate-200 p-3">
      <h3 className="text-sm font-semibold">
        <Link
          to="/customers/$prospectId"
          params={{ prospectId: p.id }}
          className="hover:underline"
          data-testid="open-customer"
          title={t('customer.open')}
        >
          {p.name ?? contactLine(p)}
        </Link>
      </h3>
      <p className="text-xs text-slate-500">
        {[p.phone, usernameHandle(p), p.email].filter(Boolean).join(' · ')}
      </p>
      <div className="mt-2 flex items-center gap-2">
        <ProspectStatusBadge status={p.status} />
        <Select
          aria-label={t('prospect.status')}
          className="py-1 text-xs"
          value={p.status}
          onChange={(event) =>
            setStatus.mutate({ id: p.id, status: event.target.value as typeof p.status })
          }
        >
          {[p.status, ...nextProspectStatuses(p.status)].map((status) => (
            <option key={status} value={status}>
              {t(prospectStatusLabelKey(status))}
            </option>
          ))}
        </Select>
      </div>
      <div className="mt-2 flex items-center gap-2 text-xs text-slate-600">
        <span aria-hidden="true">{t('prospect.locale')}</span>
        <Select
          aria-label={t('prospect.locale')}
          className="py-1 text-xs"
          value={p.locale ?? ''}
          onChange={(event) =>
            setLocale.mutate({
              id: p.id,
              locale:
                event.target.value === 'en' || event.target.value === 'fr'
                  ? event.target.value
                  : null,
            })
          }
        >
          <option value="">{t('prospect.localeBusiness')}</option>
          <option value="fr">Français</option>
          <option value="en">English</option>
        </Select>
      </div>
      <div className="mt-2 flex flex-wrap gap-1">
        {p.tags.map((item) => (
          <button
            key={item}
            type="button"
            title={t('prospect.removeTag')}
            onClick={() =>
              setTags.mutate({ id: p.id, tags: p.tags.filter((other) => other !== item) })
            }
            className="rounded-full bg-slate-100 px-2 py-0.5 text-xs hover:bg-red-50"
          >
            #{item} ×
          </button>
        ))}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (tag.trim()) setTags.mutate({ id: p.id, tags: [...p.tags, tag.trim()] });
            setTag('');
          }}
        >
          <input
            aria-label={t('prospect.addTag')}
            placeholder={t('prospect.addTag')}
            className="w-24 rounded border border-dashed border-slate-300 px-2 py-0.5 text-xs"
            value={tag}
            onChange={(event) => setTag(event.target.value)}
          />
        </form>
      </div>
      <h4 className="mt-3 text-xs font-semibold text-slate-600 uppercase">
        {t('prospect.orders')}
      </h4>
      {p.orders.length === 0 ? (
        <p className="text-xs text-slate-500">{t('prospect.noOrders')}</p>
      ) : null}
      <ul className="mt-1 space-y-1">
        {p.orders.map((order) => (
          <li key={order.id} className="flex items-center justify-between gap-2 text-xs">
            <span>{date(order.createdAt)}</span>
            <OrderStatusBadge status={order.status} />
            <span>{money(order.total.minor, order.total.currency)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
