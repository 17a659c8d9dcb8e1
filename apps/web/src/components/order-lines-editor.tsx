// An order's lines as the merchant edits them: the catalog searched by name or SKU, a product
// added with one tap, quantities changed with − / + (44 px targets for a thumb) or typed, a line
// removed. Used by the phone order screen and by the order page before confirmation; the server
// prices the lines again (the totals shown here are a preview).
import type { Currency } from '@flux/contracts/enums';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useI18n } from '../lib/i18n';
import { useTRPC } from '../lib/trpc';
import { useDebounced } from '../lib/use-debounced';
import { Button, Input } from './ui';

export interface EditableLine {
  productId: string;
  name: string;
  /** Minor units: the snapshot for a line already ordered, the catalog price for a new one. */
  unitPrice: number;
  currency: Currency;
  quantity: number;
}

export const linesTotal = (lines: EditableLine[]) =>
  lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);

export function OrderLinesEditor(props: {
  lines: EditableLine[];
  onChange: (lines: EditableLine[]) => void;
}) {
  const { t, money } = useI18n();
  const { lines, onChange } = props;
  const set = (productId: string, quantity: number) =>
    onChange(
      quantity <= 0
        ? lines.filter((line) => line.productId !== productId)
        : lines.map((line) =>
            line.productId === productId
              ? { ...line, quantity: Math.min(10_000, Math.floor(quantity)) }
              : line,
          ),
    );
  return (
    <div className="space-y-3">
      <ul className="divide-y divide-slate-100" data-testid="line-editor">
        {lines.map((line) => (
          <li key={line.productId} className="flex flex-wrap items-center gap-x-2 gap-y-1 py-2">
            {/* On a phone the name takes its own row, the controls the next one. */}
            <div className="min-w-0 basis-full sm:basis-0 sm:flex-1">
              <p className="truncate text-sm font-medium">{line.name}</p>
              <p className="text-xs text-slate-500 tabular-nums">
                {money(line.unitPrice, line.currency)}
              </p>
            </div>
            <div className="flex items-center gap-1">
              <Button
                variant="secondary"
                className="size-11"
                aria-label={t('lines.less', { name: line.name })}
                onClick={() => set(line.productId, line.quantity - 1)}
              >
                −
              </Button>
              <Input
                type="number"
                inputMode="numeric"
                min={1}
                max={10_000}
                className="h-11 w-16 text-center"
                aria-label={t('lines.quantity', { name: line.name })}
                value={line.quantity}
                onChange={(event) => {
                  const value = Number(event.target.value);
                  if (Number.isFinite(value) && value >= 1) set(line.productId, value);
                }}
              />
              <Button
                variant="secondary"
                className="size-11"
                aria-label={t('lines.more', { name: line.name })}
                onClick={() => set(line.productId, line.quantity + 1)}
              >
                +
              </Button>
              <Button
                variant="ghost"
                className="h-11"
                aria-label={t('lines.remove', { name: line.name })}
                onClick={() => set(line.productId, 0)}
              >
                ✕
              </Button>
            </div>
            <p className="ml-auto text-right text-sm tabular-nums">
              {money(line.unitPrice * line.quantity, line.currency)}
            </p>
          </li>
        ))}
      </ul>
      <ProductSearch
        onPick={(product) => {
          const existing = lines.find((line) => line.productId === product.productId);
          if (existing) set(product.productId, existing.quantity + 1);
          else onChange([...lines, product]);
        }}
      />
    </div>
  );
}

/** The catalog's active products matching what is typed, each with an "Add" button. */
function ProductSearch(props: { onPick: (line: EditableLine) => void }) {
  const trpc = useTRPC();
  const { t, money } = useI18n();
  const [q, setQ] = useState('');
  const settled = useDebounced(q.trim());
  const products = useQuery(
    trpc.products.list.queryOptions({
      limit: 8,
      active: true,
      sort: 'name',
      ...(settled ? { q: settled } : {}),
    }),
  );
  return (
    <div className="space-y-2">
      <Input
        type="search"
        placeholder={t('orderNew.findProduct')}
        aria-label={t('orderNew.findProduct')}
        value={q}
        onChange={(event) => setQ(event.target.value)}
      />
      {products.data?.items.length ? (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
          {products.data.items.map((product) => (
            <li key={product.id} className="flex items-center gap-2 px-3 py-1.5">
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm">{product.name}</p>
                <p className="text-xs text-slate-500">
                  {money(product.price.minor, product.currency)} ·{' '}
                  {t('orderNew.stock', { count: product.stock })}
                </p>
              </div>
              <Button
                variant="secondary"
                className="h-11"
                aria-label={`${t('orderNew.add')} ${product.name}`}
                onClick={() =>
                  props.onPick({
                    productId: product.id,
                    name: product.name,
                    unitPrice: product.price.minor,
                    currency: product.currency,
                    quantity: 1,
                  })
                }
              >
                {t('orderNew.add')}
              </Button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
