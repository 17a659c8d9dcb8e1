// The cash each courier collected and still holds, and the record of a handover to the business.
import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogButtons,
  Empty,
  ErrorState,
  Field,
  Input,
  Loading,
  TableHead,
} from '../../components/ui';
import { normalizeAmount } from '../../lib/amount';
import { useI18n } from '../../lib/i18n';
import { useCash, useRecordHandover } from './hooks';

export function CashBoard() {
  const { t, money } = useI18n();
  const cash = useCash();
  const [handover, setHandover] = useState<{ courierId: string; name: string } | null>(null);
  const [amount, setAmount] = useState('');
  const record = useRecordHandover(() => {
    setHandover(null);
    setAmount('');
  });
  if (cash.isPending) return <Loading />;
  if (cash.isError) return <ErrorState error={cash.error} retry={() => void cash.refetch()} />;
  if (cash.data.length === 0) return <Empty title={t('dispatch.noCouriers')} />;
  return (
    <>
      <table className="table-cards w-full text-sm" data-testid="cash-table">
        <TableHead
          columns={[
            { label: t('dispatch.courier') },
            { label: t('dispatch.collected'), right: true },
            { label: t('dispatch.held'), right: true },
            {},
          ]}
        />
        <tbody className="divide-y divide-slate-100">
          {cash.data.map((row) => (
            <tr key={row.courierId}>
              <td className="py-2">{row.name}</td>
              <td className="py-2 text-right tabular-nums" data-label={t('dispatch.collected')}>
                {money(row.collected.minor, row.collected.currency)}
              </td>
              <td
                className="py-2 text-right font-medium tabular-nums"
                data-label={t('dispatch.held')}
              >
                {money(row.held.minor, row.held.currency)}
              </td>
              <td className="py-2 text-right">
                {row.held.minor > 0 ? (
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => setHandover({ courierId: row.courierId, name: row.name })}
                  >
                    {t('dispatch.handover')}
                  </Button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Dialog
        open={!!handover}
        onOpenChange={(open) => !open && setHandover(null)}
        title={t('dispatch.handoverTitle', { name: handover?.name ?? '' })}
      >
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (handover)
              record.mutate({ courierId: handover.courierId, amount: normalizeAmount(amount) });
          }}
        >
          <Field label={t('dispatch.amount')}>
            <Input
              inputMode="decimal"
              required
              value={amount}
              onChange={(event) => setAmount(event.target.value)}
            />
          </Field>
          <DialogButtons onCancel={() => setHandover(null)} busy={record.isPending} />
        </form>
      </Dialog>
    </>
  );
}
