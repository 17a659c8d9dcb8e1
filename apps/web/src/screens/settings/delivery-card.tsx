// Delivery settings: the fee, the pickup point couriers start from, and the dispatch rules (how
// long an offer waits, how far a courier may be).
import { currencyExponent } from '@flux/contracts/money';
import { useState } from 'react';
import { useToast } from '../../components/toast';
import { Button, Card, Field, Input } from '../../components/ui';
import { toMinorUnits } from '../../lib/amount';
import { useI18n } from '../../lib/i18n';
import { type Business, useSaveBusiness } from './hooks';

export function DeliveryCard(props: { business: Business }) {
  const { t } = useI18n();
  const toast = useToast();
  const save = useSaveBusiness('settings.saved');
  const s = props.business.settings;
  const digits = currencyExponent[props.business.currency];
  const [form, setForm] = useState({
    fee: String(s.deliveryFee / 10 ** digits),
    address: s.pickup?.address ?? '',
    lat: s.pickup ? String(s.pickup.lat) : '',
    lng: s.pickup ? String(s.pickup.lng) : '',
    offerTtlSeconds: String(s.dispatch.offerTtlSeconds),
    maxRadiusKm: String(s.dispatch.maxRadiusKm),
  });
  return (
    <Card title={t('settings.delivery')}>
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          const fee = toMinorUnits(form.fee, digits);
          if (fee === null) {
            toast.error(new Error(t('settings.badFee')));
            return;
          }
          const located = form.address.trim() && form.lat.trim() && form.lng.trim();
          if (!located && (form.address.trim() || form.lat.trim() || form.lng.trim())) {
            toast.error(new Error(t('settings.pickupIncomplete')));
            return;
          }
          const pickup = located
            ? {
                address: form.address.trim(),
                lat: Number(form.lat.trim().replace(',', '.')),
                lng: Number(form.lng.trim().replace(',', '.')),
              }
            : null;
          save.mutate({
            settings: {
              deliveryFee: fee,
              pickup,
              dispatch: {
                offerTtlSeconds: Number(form.offerTtlSeconds),
                maxRadiusKm: Number(form.maxRadiusKm),
              },
            },
          });
        }}
      >
        <Field label={t('settings.deliveryFee', { currency: props.business.currency })}>
          <Input
            inputMode="decimal"
            value={form.fee}
            onChange={(event) => setForm({ ...form, fee: event.target.value })}
          />
        </Field>
        <Field label={t('settings.pickup')}>
          <Input
            value={form.address}
            placeholder={t('settings.pickupPlaceholder')}
            onChange={(event) => setForm({ ...form, address: event.target.value })}
          />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Latitude">
            <Input
              inputMode="decimal"
              value={form.lat}
              onChange={(event) => setForm({ ...form, lat: event.target.value })}
            />
          </Field>
          <Field label="Longitude">
            <Input
              inputMode="decimal"
              value={form.lng}
              onChange={(event) => setForm({ ...form, lng: event.target.value })}
            />
          </Field>
          <Field label={t('settings.offerTtl')}>
            <Input
              type="number"
              min={10}
              value={form.offerTtlSeconds}
              onChange={(event) => setForm({ ...form, offerTtlSeconds: event.target.value })}
            />
          </Field>
          <Field label={t('settings.radius')}>
            <Input
              type="number"
              min={1}
              value={form.maxRadiusKm}
              onChange={(event) => setForm({ ...form, maxRadiusKm: event.target.value })}
            />
          </Field>
        </div>
        <Button type="submit" busy={save.isPending}>
          {t('common.save')}
        </Button>
      </form>
    </Card>
  );
}
