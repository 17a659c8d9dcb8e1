// The customer's draft order (what the AI or the team noted from the chat), confirmed in one click.
import { Button } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import { type Conversation, useConfirmOrder, useDraftOrder } from './hooks';

export function DraftOrder(props: { conversation: Conversation }) {
  const { t, money } = useI18n();
  const draft = useDraftOrder(props.conversation);
  const confirm = useConfirmOrder();
  if (!draft) return null;
  return (
    <section
      aria-label={t('order.draft')}
      className="rounded-lg border border-amber-200 bg-amber-50/50 p-3"
      data-testid="draft-order"
    >
      <h3 className="mb-2 flex items-center justify-between text-sm font-semibold">
        {t('order.draft')}{' '}
        <span className="text-xs font-normal text-slate-500">{draft.reference}</span>
      </h3>
      <ul className="space-y-1 text-sm">
        {draft.items.map((item, index) => (
          // Keyed by position: the list's lines carry no id (orders.list answers only what the
          // screens show), and they always come in the same order (created_at, id).
          <li key={index} className="flex justify-between gap-2">
            <span>
              {item.quantity} × {item.name}
            </span>
            <span className="text-slate-600">
              {money(item.lineTotal.minor, item.lineTotal.currency)}
            </span>
          </li>
        ))}
      </ul>
      <p className="mt-2 flex justify-between border-t border-amber-200 pt-2 text-sm font-semibold">
        {t('order.total')} <span>{money(draft.total.minor, draft.total.currency)}</span>
      </p>
      {draft.deliveryAddress ? (
        <p className="mt-1 text-xs text-slate-600">{draft.deliveryAddress}</p>
      ) : null}
      <Button
        className="mt-3 w-full"
        busy={confirm.isPending}
        onClick={() => confirm.mutate({ id: draft.id })}
        data-testid="confirm-draft"
      >
        {t('order.confirmDraft')}
      </Button>
    </section>
  );
}
