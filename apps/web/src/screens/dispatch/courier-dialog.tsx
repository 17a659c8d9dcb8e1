// Adds a courier: name, phone (their WhatsApp, where offers are sent), vehicle and capacity.
import { type Vehicle, vehicles } from '@flux/contracts/enums';
import { useState } from 'react';
import { Dialog, DialogButtons, Field, Input, Select } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import { useCreateCourier } from './hooks';

/**
 * The form offers the contract's vehicles in its own order: the motorbike, the usual one and the
 * default, first. Every vehicle has its place, so one added to the contracts fails the typecheck
 * here until it is placed.
 */
const vehicleOrder = {
  motorbike: 0,
  bicycle: 1,
  car: 2,
  van: 3,
  foot: 4,
} satisfies Record<Vehicle, number>;
const vehicleChoices = [...vehicles].sort((a, b) => vehicleOrder[a] - vehicleOrder[b]);

export function CourierDialog(props: { onClose: () => void }) {
  const { t } = useI18n();
  const [form, setForm] = useState({
    name: '',
    phone: '',
    vehicle: 'motorbike' as Vehicle,
    capacity: '2',
  });
  const create = useCreateCourier(props.onClose);
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && props.onClose()}
      title={t('dispatch.newCourier')}
      description={t('dispatch.newCourierHint')}
    >
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate({
            name: form.name,
            phone: form.phone,
            vehicle: form.vehicle,
            capacity: Number(form.capacity) || 1,
          });
        }}
      >
        <Field label={t('dispatch.courierName')}>
          <Input
            required
            value={form.name}
            onChange={(event) => setForm({ ...form, name: event.target.value })}
          />
        </Field>
        <Field label={t('dispatch.courierPhone')}>
          <Input
            required
            type="tel"
            placeholder="77 123 45 67"
            value={form.phone}
            onChange={(event) => setForm({ ...form, phone: event.target.value })}
          />
        </Field>
        <div className="grid grid-cols-2 gap-3">
          <Field label={t('dispatch.vehicle')}>
            <Select
              value={form.vehicle}
              onChange={(event) => setForm({ ...form, vehicle: event.target.value as Vehicle })}
            >
              {vehicleChoices.map((value) => (
                <option key={value} value={value}>
                  {t(`vehicle.${value}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={t('dispatch.capacity')}>
            <Input
              type="number"
              min={1}
              max={20}
              value={form.capacity}
              onChange={(event) => setForm({ ...form, capacity: event.target.value })}
            />
          </Field>
        </div>
        <DialogButtons onCancel={props.onClose} busy={create.isPending} />
      </form>
    </Dialog>
  );
}
