// The rules of the product's states that every app applies the same way: where an order may go
// next (the buttons a screen offers; the server refuses the rest), how a prospect moves along the
// funnel, and the i18n keys the apps name each state with.
import type {
  DeliveryStatus,
  NotificationChannel,
  NotificationStatus,
  OrderStatus,
  ProspectStatus,
} from './enums';
import { prospectStatuses } from './enums';

/**
 * Where an order may go from each state. Cancelling is possible until the order leaves with a
 * courier; a failed delivery comes back as `returned`. Delivered, cancelled and returned are final.
 */
export const orderTransitions: Record<OrderStatus, readonly OrderStatus[]> = {
  draft: ['pending', 'confirmed', 'cancelled'],
  pending: ['confirmed', 'cancelled'],
  confirmed: ['preparing', 'cancelled'],
  preparing: ['ready', 'cancelled'],
  ready: ['out_for_delivery', 'cancelled'],
  out_for_delivery: ['delivered', 'failed'],
  delivered: [],
  cancelled: [],
  failed: ['returned'],
  returned: [],
};

const FUNNEL: readonly ProspectStatus[] = ['new', 'contacted', 'qualified', 'customer'];

/**
 * The moves a person may make. Forward along the funnel, skipping steps if they like (a walk-in
 * buyer is a customer at once); never backward, so the funnel's numbers stay honest. `lost` from
 * any state, and a lost prospect comes back only as `contacted`: they were talked to again.
 */
export function prospectMoveAllowed(from: ProspectStatus, to: ProspectStatus): boolean {
  if (from === to) return true;
  if (to === 'lost') return true;
  if (from === 'lost') return to === 'contacted';
  return FUNNEL.indexOf(to) > FUNNEL.indexOf(from);
}

/** The states a prospect may be moved to from `status` (the choices a screen offers). */
export function nextProspectStatuses(status: ProspectStatus): ProspectStatus[] {
  return prospectStatuses.filter((to) => to !== status && prospectMoveAllowed(status, to));
}

/** The i18n key naming a state (`order.status.ready`): the apps' dictionaries hold one per state. */
export const orderStatusLabelKey = (status: OrderStatus) => `order.status.${status}` as const;
export const deliveryStatusLabelKey = (status: DeliveryStatus) =>
  `delivery.status.${status}` as const;
export const prospectStatusLabelKey = (status: ProspectStatus) =>
  `prospect.status.${status}` as const;
export const notificationStatusLabelKey = (status: NotificationStatus) =>
  `notification.status.${status}` as const;
export const notificationChannelLabelKey = (channel: NotificationChannel) =>
  `notification.channel.${channel}` as const;
