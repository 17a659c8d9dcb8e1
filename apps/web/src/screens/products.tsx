// The catalog: search, sort, create and edit, archive, and stock moves with a reason.
import { type StockReason, stockReasons } from '@flux/contracts/enums';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useToast } from '../components/toast';
import {
  Badge,
  Button,
  Dialog,
  DialogButtons,
  Empty,
  Field,
  Input,
  MoreButton,
  PageHeader,
  QueryState,
  Select,
  TableHead,
  Textarea,
} from '../components/ui';
import { normalizeAmount } from '../lib/amount';
import type { Outputs } from '../lib/api';
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages/fr';
import { useTRPC } from '../lib/trpc';
import { useDebounced } from '../lib/use-debounced';

type Product = Outputs['products']['list']['items'][number];
type Sort = 'newest' | 'name' | 'price_asc' | 'price_desc' | 'stock_asc';

export function ProductsScreen() {
  const trpc = useTRPC();
  const { t, money } = useI18n();
  const [q, setQ] = useState('');
  const [sort, setSort] = useState<Sort>('newest');
  const [showArchived, setShowArchived] = useState(false);
  const search = useDebounced(q.trim());
  const products = useInfiniteQuery(
    trpc.products.list.infiniteQueryOptions(
      {
        limit: 50,
        sort,
        ...(search ? { q: search } : {}),
        ...(showArchived ? {} : { active: true }),
      },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
  );
  const [editing, setEditing] = useState<Product | 'new' | null>(null);
  const [stock, setStock] = useState<Product | null>(null);
  const items = products.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <div>
      <PageHeader
        title={t('products.title')}
        actions={
          <>
            <Input
              type="search"
              className="w-52"
              placeholder={t('products.search')}
              aria-label={t('products.search')}
              value={q}
              onChange={(event) => setQ(event.target.value)}
            />
            <Select
              aria-label={t('products.sort')}
              className="w-44"
              value={sort}
              onChange={(event) => setSort(event.target.value as Sort)}
            >
              {(['newest', 'name', 'price_asc', 'price_desc', 'stock_asc'] as const).map(
                (value) => (
                  <option key={value} value={value}>
                    {t(`products.sort.${value}`)}
                  </option>
                ),
              )}
            </Select>
            <label className="flex items-center gap-1.5 text-sm text-slate-600">
              <input
                type="checkbox"
                checked={showArchived}
                onChange={(event) => setShowArchived(event.target.checked)}
              />
              {t('products.showArchived')}
            </label>
            <Button onClick={() => setEditing('new')}>{t('products.new')}</Button>
          </>
        }
      />
      <div className="p-3 md:p-6">
        <div className="overflow-hidden rounded-lg border border-slate-200 bg-white">
          <QueryState
            query={products}
            empty={items.length === 0}
            emptyView={
              <Empty
                title={t('products.none')}
                hint={t('products.noneHint')}
                action={<Button onClick={() => setEditing('new')}>{t('products.new')}</Button>}
              />
            }
          >
            <table className="table-cards w-full text-sm" data-testid="products-table">
              <TableHead
                page
                columns={[
                  { label: t('products.name') },
                  { label: 'SKU' },
                  { label: t('products.price'), right: true },
                  { label: t('products.stock'), right: true },
                  {},
                ]}
              />
              <tbody className="divide-y divide-slate-100">
                {items.map((product) => (
                  <tr key={product.id} className={product.active ? '' : 'text-slate-500'}>
                    <td className="px-4 py-2 font-medium">
                      {product.name}{' '}
                      {product.active ? null : <Badge>{t('products.archived')}</Badge>}
                    </td>
                    <td className="px-4 py-2 font-mono text-xs" data-label="SKU">
                      {product.sku}
                    </td>
                    <td
                      className="px-4 py-2 text-right tabular-nums"
                      data-label={t('products.price')}
                    >
                      {money(product.price.minor, product.price.currency)}
                    </td>
                    <td
                      className="px-4 py-2 text-right tabular-nums"
                      data-label={t('products.stock')}
                    >
                      {product.stock === 0 ? (
                        <Badge tone="red">{t('products.outOfStock')}</Badge>
                      ) : (
                        product.stock
                      )}
                    </td>
                    <td className="px-4 py-2 text-right whitespace-nowrap">
                      <Button size="sm" variant="ghost" onClick={() => setStock(product)}>
                        {t('products.adjust')}
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => setEditing(product)}>
                        {t('common.edit')}
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </QueryState>
          <MoreButton
            hasMore={!!products.hasNextPage}
            loading={products.isFetchingNextPage}
            onMore={() => void products.fetchNextPage()}
          />
        </div>
      </div>
      {editing ? (
        <ProductDialog
          product={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {stock ? <StockDialog product={stock} onClose={() => setStock(null)} /> : null}
    </div>
  );
}

function ProductDialog(props: { product: Product | null; onClose: () => void }) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const p = props.product;
  const [form, setForm] = useState({
    sku: p?.sku ?? '',
    name: p?.name ?? '',
    price: p ? String(p.price.amount) : '',
    stock: '0',
    description: p?.description ?? '',
    synonyms: (p?.synonyms ?? []).join(', '),
  });
  const done = (message: MessageKey) => () => {
    toast.success(t(message));
    void queryClient.invalidateQueries(trpc.products.list.pathFilter());
    props.onClose();
  };
  const create = useMutation(
    trpc.products.create.mutationOptions({
      onSuccess: done('products.created'),
      onError: toast.error,
    }),
  );
  const update = useMutation(
    trpc.products.update.mutationOptions({
      onSuccess: done('products.saved'),
      onError: toast.error,
    }),
  );
  const archive = useMutation(
    trpc.products.archive.mutationOptions({
      onSuccess: done('products.archivedToast'),
      onError: toast.error,
    }),
  );
  const unarchive = useMutation(
    trpc.products.unarchive.mutationOptions({
      onSuccess: done('products.restored'),
      onError: toast.error,
    }),
  );
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: event.target.value }));
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && props.onClose()}
      title={p ? t('products.edit') : t('products.new')}
    >
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          const description = form.description.trim() || null;
          // The customers' words for it, comma-separated: the AI matches them.
          const synonyms = form.synonyms
            .split(',')
            .map((word) => word.trim())
            .filter(Boolean);
          if (p)
            update.mutate({
              id: p.id,
              sku: form.sku,
              name: form.name,
              price: normalizeAmount(form.price),
              description,
              synonyms,
            });
          else
            create.mutate({
              sku: form.sku,
              name: form.name,
              price: normalizeAmount(form.price),
              stock: Number(form.stock) || 0,
              description,
              synonyms,
            });
        }}
      >
        <div className="grid grid-cols-2 gap-3">
          <Field label={t('products.name')} className="col-span-2">
            <Input required value={form.name} onChange={set('name')} />
          </Field>
          <Field label="SKU">
            <Input required value={form.sku} onChange={set('sku')} />
          </Field>
          <Field label={t('products.price')}>
            <Input required inputMode="decimal" value={form.price} onChange={set('price')} />
          </Field>
          {p ? null : (
            <Field label={t('products.initialStock')}>
              <Input type="number" min={0} value={form.stock} onChange={set('stock')} />
            </Field>
          )}
          <Field label={t('products.description')} className="col-span-2">
            <Textarea rows={3} value={form.description} onChange={set('description')} />
          </Field>
          <Field label={t('products.synonyms')} className="col-span-2">
            <Input
              value={form.synonyms}
              onChange={set('synonyms')}
              placeholder={t('products.synonymsHint')}
            />
          </Field>
        </div>
        <div className="flex justify-between gap-2 pt-2">
          {p ? (
            p.active ? (
              <Button
                variant="ghost"
                busy={archive.isPending}
                onClick={() => archive.mutate({ id: p.id })}
              >
                {t('products.archive')}
              </Button>
            ) : (
              <Button
                variant="ghost"
                busy={unarchive.isPending}
                onClick={() => unarchive.mutate({ id: p.id })}
              >
                {t('products.restore')}
              </Button>
            )
          ) : (
            <span />
          )}
          <div className="flex gap-2">
            <Button variant="secondary" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" busy={create.isPending || update.isPending}>
              {t('common.save')}
            </Button>
          </div>
        </div>
      </form>
    </Dialog>
  );
}

function StockDialog(props: { product: Product; onClose: () => void }) {
  const trpc = useTRPC();
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const [delta, setDelta] = useState('');
  const [reason, setReason] = useState<StockReason>('restock');
  const [note, setNote] = useState('');
  const adjust = useMutation(
    trpc.products.adjustStock.mutationOptions({
      onSuccess: (product) => {
        toast.success(t('products.stockSaved', { stock: product.stock }));
        void queryClient.invalidateQueries(trpc.products.list.pathFilter());
        props.onClose();
      },
      onError: toast.error,
    }),
  );
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && props.onClose()}
      title={t('products.adjustTitle', { name: props.product.name })}
      description={t('products.stockNow', { stock: props.product.stock })}
    >
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          adjust.mutate({
            id: props.product.id,
            delta: Number(delta),
            reason,
            ...(note.trim() ? { note } : {}),
          });
        }}
      >
        <Field label={t('products.delta')} hint={t('products.deltaHint')}>
          <Input
            type="number"
            required
            value={delta}
            onChange={(event) => setDelta(event.target.value)}
          />
        </Field>
        <Field label={t('products.reason')}>
          <Select
            value={reason}
            onChange={(event) => setReason(event.target.value as typeof reason)}
          >
            {stockReasons.map((value) => (
              <option key={value} value={value}>
                {t(`stock.reason.${value}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={t('products.note')}>
          <Input value={note} onChange={(event) => setNote(event.target.value)} />
        </Field>
        <DialogButtons onCancel={props.onClose} busy={adjust.isPending} />
      </form>
    </Dialog>
  );
}
