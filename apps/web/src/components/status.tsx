// Shared words and colours for the product's states, so every screen names them the same way.
import { useI18n } from '../lib/i18n';
import type { MessageKey } from '../lib/messages/fr';
import { Badge, type Tone } from './ui';

const orderTones: Record<string, Tone> = {
  draft: 'slate',
  pending: 'amber',
  confirmed: 'blue',
  preparing: 'blue',
  ready: 'violet',
  out_for_delivery: 'violet',
  delivered: 'green',
  cancelled: 'slate',
  failed: 'red',
  returned: 'red',
};

export function OrderStatusBadge(props: { status: string }) {
  const { t } = useI18n();
  return (
    <Badge tone={orderTones[props.status] ?? 'slate'}>
      {t(`order.status.${props.status}` as MessageKey)}
    </Badge>
  );
}

const deliveryTones: Record<string, Tone> = {
  pending: 'amber',
  offered: 'blue',
  accepted: 'violet',
  picked_up: 'violet',
  delivered: 'green',
  failed: 'red',
  cancelled: 'slate',
};

export function DeliveryStatusBadge(props: { status: string; flagged?: boolean }) {
  const { t } = useI18n();
  return (
    <Badge tone={props.flagged ? 'red' : (deliveryTones[props.status] ?? 'slate')}>
      {t(`delivery.status.${props.status}` as MessageKey)}
    </Badge>
  );
}

const prospectTones: Record<string, Tone> = {
  new: 'blue',
  contacted: 'amber',
  qualified: 'violet',
  customer: 'green',
  lost: 'slate',
};

export function ProspectStatusBadge(props: { status: string }) {
  const { t } = useI18n();
  return (
    <Badge tone={prospectTones[props.status] ?? 'slate'}>
      {t(`prospect.status.${props.status}` as MessageKey)}
    </Badge>
  );
}
