// Hands a delivery to a courier by hand: offline couriers are left out (unless already holding
// it), full ones shown but not choosable.
import { useState } from 'react';
import { Dialog, DialogButtons, Field, Select } from '../../components/ui';
import { useI18n } from '../../lib/i18n';
import { type Courier, type Delivery, useAssignDelivery } from './hooks';

export function AssignDialog(props: {
  delivery: Delivery | null;
  couriers: Courier[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [courierId, setCourierId] = useState('');
  const assign = useAssignDelivery(props.onClose);
  const choices = props.couriers.filter(
    (c) => c.status !== 'offline' || c.id === props.delivery?.courierId,
  );
  return (
    <Dialog
      open={!!props.delivery}
      onOpenChange={(open) => !open && props.onClose()}
      title={t('dispatch.assignTitle', { reference: props.delivery?.orderReference ?? '' })}
    >
      <form
        className="space-y-3"
        onSubmit={(event) => {
          event.preventDefault();
          if (props.delivery && courierId)
            assign.mutate({ deliveryId: props.delivery.id, courierId });
        }}
      >
        <Field label={t('dispatch.courier')}>
          <Select required value={courierId} onChange={(event) => setCourierId(event.target.value)}>
            <option value="">{t('dispatch.chooseCourier')}</option>
            {choices.map((courier) => (
              <option
                key={courier.id}
                value={courier.id}
                disabled={courier.load >= courier.capacity}
              >
                {courier.name} · {courier.load}/{courier.capacity} ·{' '}
                {t(`courier.status.${courier.status}`)}
              </option>
            ))}
          </Select>
        </Field>
        <DialogButtons
          onCancel={props.onClose}
          busy={assign.isPending}
          disabled={!courierId}
          submit={t('dispatch.assign')}
        />
      </form>
    </Dialog>
  );
}
