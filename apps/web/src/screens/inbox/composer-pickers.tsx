// What goes into a reply from the composer: a saved answer found by its `/` shortcut (filled in
// with the customer's name and the shop's), or a product of the catalog sent as a card.
import { fillQuickReply } from '@flux/contracts/quick-replies';
import { useEffect, useState } from 'react';
import { cx, ErrorState, Input } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import {
  type Conversation,
  type QuickReply,
  useMe,
  useProductSearch,
  useQuickReplies,
} from './hooks';

/** The saved answers whose shortcut or title holds what follows the `/`, filled in on pick. */
export function QuickReplyPicker(props: {
  query: string;
  conversation: Conversation;
  onPick: (body: string) => void;
}) {
  const { t } = useI18n();
  const replies = useQuickReplies();
  const me = useMe();
  const [active, setActive] = useState(0);
  const q = props.query.toLowerCase();
  const found = (replies.data ?? [])
    .filter((reply) => reply.shortcut.includes(q) || reply.title.toLowerCase().includes(q))
    .slice(0, 8);
  const shopName =
    me.data?.memberships.find((m) => m.businessId === me.data?.currentBusinessId)?.name ?? '';
  const pick = (reply: QuickReply) =>
    props.onPick(
      fillQuickReply(reply.body, {
        name: props.conversation.prospect.name,
        phone: props.conversation.prospect.phone,
        shopName,
      }),
    );
  // Arrows move, Enter or Tab picks: the textarea keeps the focus.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (found.length === 0) return;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        setActive((i) => (i + (event.key === 'ArrowDown' ? 1 : found.length - 1)) % found.length);
      } else if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        const reply = found[Math.min(active, found.length - 1)];
        if (reply) {
          event.preventDefault();
          pick(reply);
        }
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  });
  return (
    <div
      className="absolute inset-x-3 bottom-full mb-1 max-h-64 overflow-y-auto rounded-md border border-slate-200 bg-white shadow-lg"
      data-testid="quick-replies"
    >
      <p className="border-b border-slate-100 px-3 py-1.5 text-xs font-medium text-slate-500">
        {t('inbox.quickReplies')}
      </p>
      {replies.data && found.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-500">{t('inbox.noQuickReplies')}</p>
      ) : null}
      <ul aria-label={t('inbox.quickReplies')}>
        {found.map((reply, index) => (
          <li key={reply.id}>
            <button
              type="button"
              className={cx(
                'block min-h-11 w-full px-3 py-2 text-left text-sm hover:bg-slate-50',
                index === active && 'bg-brand-50',
              )}
              aria-current={index === active || undefined}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => pick(reply)}
            >
              <span className="font-medium">/{reply.shortcut}</span>{' '}
              <span className="text-slate-600">{reply.title}</span>
              <span className="block truncate text-xs text-slate-500">{reply.body}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The catalog's active products, searched by name, each sent as a card on a tap. */
export function ProductPicker(props: { onPick: (productId: string) => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const products = useProductSearch(q, true);
  return (
    <div
      className="mb-2 rounded-md border border-slate-200 bg-white p-2"
      data-testid="product-picker"
    >
      <Input
        type="search"
        autoFocus
        aria-label={t('inbox.productSearch')}
        placeholder={t('inbox.productSearch')}
        value={q}
        onChange={(event) => setQ(event.target.value)}
      />
      {products.isError ? <ErrorState error={products.error} /> : null}
      {products.data && products.data.items.length === 0 ? (
        <p className="px-1 py-2 text-sm text-slate-500">{t('inbox.noProducts')}</p>
      ) : null}
      <ul className="mt-1 max-h-56 overflow-y-auto">
        {products.data?.items.map((product) => (
          <li key={product.id}>
            <button
              type="button"
              className="flex min-h-11 w-full items-center gap-2 px-1 py-1 text-left text-sm hover:bg-slate-50"
              aria-label={t('inbox.sendProduct', { name: product.name })}
              onClick={() => props.onPick(product.id)}
            >
              {product.imageUrl ? (
                <img src={product.imageUrl} alt="" className="size-9 rounded object-cover" />
              ) : (
                <span className="size-9 rounded bg-slate-100" />
              )}
              <span className="min-w-0 flex-1 truncate">{product.name}</span>
              <span className="tabular-nums text-slate-600">{product.price.formatted}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
