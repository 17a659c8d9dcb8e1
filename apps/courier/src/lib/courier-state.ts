// What the courier sees is the server's last answer with the actions still waiting to be sent
// laid over it: an offer accepted offline is already a delivery under way, a delivery handed over
// offline already says "delivered — waiting to send". When the server refuses a waiting action
// (the dispatcher reassigned the delivery meanwhile), the overlay goes, the server's state shows
// again, and a notice says in words what happened.
import { isDeliveryAction, type QueuedAction, type Refusal } from './queue';

export interface OfferLike {
  id: string;
  pickupAddress: string | null;
  dropoffAddress: string | null;
  distanceM: number | null;
  offerExpiresAt: Date | string | null;
  cashDue: { minor: number; amount: string; formatted: string; currency: string };
}

export interface TaskLike {
  id: string;
  status: string;
  orderReference?: string;
  pickupAddress: string | null;
  dropoffAddress: string | null;
  cashDue: { minor: number; amount: string; formatted: string; currency: string };
  codeLocked?: boolean;
}

export interface Notice {
  id: string;
  /** Null for going available or off duty. */
  deliveryId: string | null;
  label: string;
  kind: QueuedAction['kind'];
  /**
   * The server's tRPC code: CONFLICT (expired, state changed), NOT_FOUND (reassigned: no longer
   * this courier's), BAD_REQUEST (a wrong code), FORBIDDEN (the code locked), PHOTO_REFUSED (the
   * proof upload said no: too big, photo proof not allowed).
   */
  code: string;
  message: string;
  /** Why, for the courier's language (the server's `message` is English). */
  refusal?: Refusal | undefined;
}

export interface CourierState<O extends OfferLike = OfferLike, T extends TaskLike = TaskLike> {
  offers: O[];
  deliveries: T[];
  /** When the deliveries were fetched (epoch ms): confirmed actions older than this are in them. */
  deliveriesAt: number;
  queue: readonly QueuedAction[];
  /**
   * Actions the server took that the lists do not show yet (their refetch is on its way, or the
   * network went again before it came back): still laid over them, so nothing steps back.
   */
  confirmed: (QueuedAction & { confirmedAt: number })[];
  notices: Notice[];
}

/**
 * `deliveries` carries when the list was fetched, `sent` when the server took an action: an
 * action confirmed after the last fetch stays laid over the list until a newer fetch shows it.
 */
export type CourierEvent<O extends OfferLike = OfferLike, T extends TaskLike = TaskLike> =
  | { type: 'offers'; offers: O[] }
  | { type: 'deliveries'; deliveries: T[]; at: number }
  | { type: 'queue'; queue: readonly QueuedAction[] }
  | { type: 'sent'; action: QueuedAction; at: number }
  | {
      type: 'rejected';
      action: QueuedAction;
      code: string;
      message: string;
      refusal?: Refusal | undefined;
    }
  | { type: 'dismiss'; noticeId: string }
  | { type: 'reset' };

export function initialCourierState<O extends OfferLike, T extends TaskLike>(): CourierState<O, T> {
  return { offers: [], deliveries: [], deliveriesAt: 0, queue: [], confirmed: [], notices: [] };
}

export function courierReducer<O extends OfferLike, T extends TaskLike>(
  state: CourierState<O, T>,
  event: CourierEvent<O, T>,
): CourierState<O, T> {
  switch (event.type) {
    case 'offers':
      return { ...state, offers: event.offers };
    case 'deliveries':
      return {
        ...state,
        deliveries: event.deliveries,
        deliveriesAt: event.at,
        confirmed: state.confirmed.filter((a) => a.confirmedAt >= event.at),
      };
    case 'queue':
      return { ...state, queue: event.queue };
    case 'sent':
      return event.at <= state.deliveriesAt
        ? state
        : { ...state, confirmed: [...state.confirmed, { ...event.action, confirmedAt: event.at }] };
    case 'rejected': {
      const notice: Notice = {
        id: event.action.id,
        deliveryId: isDeliveryAction(event.action) ? event.action.deliveryId : null,
        label: event.action.label,
        kind: event.action.kind,
        code: event.code,
        message: event.message,
        refusal: event.refusal,
      };
      return {
        ...state,
        queue: state.queue.filter((a) => a.id !== event.action.id),
        notices: [...state.notices.filter((n) => n.id !== notice.id), notice],
      };
    }
    case 'dismiss':
      return { ...state, notices: state.notices.filter((n) => n.id !== event.noticeId) };
    case 'reset':
      return initialCourierState();
  }
}

/** The step a delivery is at, as the courier sees it (waiting: not yet confirmed by the server). */
export type Step = 'to_pickup' | 'to_dropoff' | 'delivered' | 'failed';

export type TaskView<T extends TaskLike> = {
  task: T | null;
  /** From the offer when the acceptance has not reached the server yet. */
  offer: OfferLike | null;
  id: string;
  step: Step;
  /** Actions on it waiting to be sent, oldest first. */
  waiting: QueuedAction[];
};

const stepOf = (status: string): Step =>
  status === 'picked_up'
    ? 'to_dropoff'
    : status === 'delivered'
      ? 'delivered'
      : status === 'failed'
        ? 'failed'
        : 'to_pickup';

const STEP_AFTER: Partial<Record<QueuedAction['kind'], Step>> = {
  accept: 'to_pickup',
  pickUp: 'to_dropoff',
  deliver: 'delivered',
  fail: 'failed',
};

/** Offers still to answer: those answered offline are gone; `expired` per the countdown. */
export function openOffers<O extends OfferLike>(state: CourierState<O, TaskLike>): O[] {
  const answered = new Set(
    [...state.confirmed, ...state.queue]
      .filter(isDeliveryAction)
      .filter((a) => a.kind === 'accept' || a.kind === 'decline')
      .map((a) => a.deliveryId),
  );
  return state.offers.filter((offer) => !answered.has(offer.id));
}

/** The deliveries under way with the waiting actions applied, in the order they were taken. */
export function currentDeliveries<T extends TaskLike>(
  state: CourierState<OfferLike, T>,
): TaskView<T>[] {
  const views = new Map<string, TaskView<T>>();
  for (const task of state.deliveries) {
    views.set(task.id, { task, offer: null, id: task.id, step: stepOf(task.status), waiting: [] });
  }
  const confirmed = new Set(state.confirmed.map((a) => a.id));
  for (const action of [...state.confirmed, ...state.queue].filter(isDeliveryAction)) {
    let view = views.get(action.deliveryId);
    if (!view && action.kind === 'accept') {
      const offer = state.offers.find((o) => o.id === action.deliveryId) ?? null;
      view = { task: null, offer, id: action.deliveryId, step: 'to_pickup', waiting: [] };
      views.set(action.deliveryId, view);
    }
    if (!view) continue; // a decline, or an action on a delivery the server no longer gives us
    if (!confirmed.has(action.id)) view.waiting.push(action);
    view.step = STEP_AFTER[action.kind] ?? view.step;
  }
  return [...views.values()];
}

/**
 * Available or off duty as the courier sees it: the last availability tap still waiting to be sent
 * wins over the server's word (off duty tapped in a tunnel is off duty at once: no offers shown,
 * position sharing stopped), marked as waiting until it is sent.
 */
export function availabilityOf(
  serverStatus: string | undefined,
  queue: readonly QueuedAction[],
): { available: boolean; waiting: boolean } {
  const taps = queue.filter((a) => a.kind === 'availability');
  const last = taps[taps.length - 1];
  if (last?.kind === 'availability')
    return { available: last.status === 'available', waiting: true };
  return { available: serverStatus === 'available' || serverStatus === 'busy', waiting: false };
}

/** How many actions wait to be sent (the banner). */
export const waitingCount = (state: CourierState) => state.queue.length;
