// Shared words and colours for the product's states, so every screen names them the same way. The
// colour maps are keyed by the contracts' types: a state added there is a type error here until it
// has a colour (and, through the label keys, a word in each dictionary).
import type {
  DeliveryStatus,
  NotificationStatus,
  OrderStatus,
  ProspectStatus,
} from '@flux/contracts/enums';
import {
  deliveryStatusLabelKey,
  notificationStatusLabelKey,
  orderStatusLabelKey,
  prospectStatusLabelKey,
} from '@flux/contracts/status';
import { useI18n } from '../lib/i18n';
import { Badge, type Tone } from './ui';

const orderTones: Record<OrderStatus, Tone> = {
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

export function OrderStatusBadge(props: { status: OrderStatus }) {
  const { t } = useI18n();
  return <Badge tone={orderTones[props.status]}>{t(orderStatusLabelKey(props.status))}</Badge>;
}

const deliveryTones: Record<DeliveryStatus, Tone> = {
  pending: 'amber',
  offered: 'blue',
  accepted: 'violet',
  picked_up: 'violet',
  delivered: 'green',
  failed: 'red',
  cancelled: 'slate',
};

export function DeliveryStatusBadge(props: { status: DeliveryStatus; flagged?: boolean }) {
  const { t } = useI18n();
  return (
    <Badge tone={props.flagged ? 'red' : deliveryTones[props.status]}>
      {t(deliveryStatusLabelKey(props.status))}
    </Badge>
  );
}

const prospectTones: Record<ProspectStatus, Tone> = {
  new: 'blue',
  contacted: 'amber',
  qualified: 'violet',
  customer: 'green',
  lost: 'slate',
};

export function ProspectStatusBadge(props: { status: ProspectStatus }) {
  const { t } = useI18n();
  return (
    <Badge tone={prospectTones[props.status]}>{t(prospectStatusLabelKey(props.status))}</Badge>
  );
}

const notificationTones: Record<NotificationStatus, Tone> = {
  pending: 'slate',
  sending: 'blue',
  unknown: 'amber',
  sent: 'blue',
  delivered: 'green',
  read: 'green',
  failed: 'amber',
  dead: 'red',
  skipped: 'slate',
};

export function NotificationStatusBadge(props: { status: NotificationStatus }) {
  const { t } = useI18n();
  return (
    <Badge tone={notificationTones[props.status]}>
      {t(notificationStatusLabelKey(props.status))}
    </Badge>
  );
}
