import { describe, expect, it } from 'vitest';
import {
  availabilityOf,
  type CourierState,
  courierReducer,
  currentDeliveries,
  initialCourierState,
  type OfferLike,
  openOffers,
  type TaskLike,
} from './courier-state';
import type { ActionInput, QueuedAction } from './queue';

const cash = { minor: 4500, amount: '4500', formatted: '4 500 F CFA', currency: 'XOF' };
const offer = (id: string): OfferLike => ({
  id,
  pickupAddress: 'Boutique Awa, Plateau',
  dropoffAddress: 'Mermoz',
  distanceM: 3200,
  offerExpiresAt: new Date(Date.now() + 30_000),
  cashDue: cash,
});
const task = (id: string, status: string): TaskLike => ({
  id,
  status,
  orderReference: `CMD-${id}`,
  pickupAddress: 'Boutique Awa',
  dropoffAddress: 'Mermoz',
  cashDue: cash,
});
let n = 0;
const queued = (action: ActionInput): QueuedAction => ({
  ...action,
  id: `a${++n}`,
  label: 'CMD-1',
  queuedAt: 0,
  attempts: 0,
});

const withServer = (offers: OfferLike[], deliveries: TaskLike[]): CourierState => {
  let state = initialCourierState();
  state = courierReducer(state, { type: 'offers', offers });
  return courierReducer(state, { type: 'deliveries', deliveries, at: 1_000 });
};

describe('the courier state', () => {
  it('an offer accepted offline is at once a delivery to pick up, waiting to send', () => {
    const accept = queued({ kind: 'accept', deliveryId: 'o1' });
    const state = courierReducer(withServer([offer('o1'), offer('o2')], []), {
      type: 'queue',
      queue: [accept],
    });
    expect(openOffers(state).map((o) => o.id)).toEqual(['o2']);
    const [view] = currentDeliveries(state);
    expect(view).toMatchObject({ id: 'o1', step: 'to_pickup', task: null, waiting: [accept] });
    expect(view?.offer?.dropoffAddress).toBe('Mermoz');
  });

  it('a declined offer leaves the list and makes no delivery', () => {
    const state = courierReducer(withServer([offer('o1')], []), {
      type: 'queue',
      queue: [queued({ kind: 'decline', deliveryId: 'o1', reason: 'trop loin' })],
    });
    expect(openOffers(state)).toEqual([]);
    expect(currentDeliveries(state)).toEqual([]);
  });

  it('picked up then delivered offline: the delivery shows delivered, both actions waiting', () => {
    const state = courierReducer(withServer([], [task('d1', 'accepted'), task('d2', 'accepted')]), {
      type: 'queue',
      queue: [
        queued({ kind: 'pickUp', deliveryId: 'd1' }),
        queued({ kind: 'deliver', deliveryId: 'd1', otp: '1234', cashCollected: '4500' }),
      ],
    });
    const [d1, d2] = currentDeliveries(state);
    expect(d1).toMatchObject({ id: 'd1', step: 'delivered' });
    expect(d1?.waiting.map((a) => a.kind)).toEqual(['pickUp', 'deliver']);
    expect(d2).toMatchObject({ id: 'd2', step: 'to_pickup', waiting: [] });
  });

  it('the server follows: once sent and gone from its list, the delivery leaves the screen', () => {
    let state = courierReducer(withServer([], [task('d1', 'picked_up')]), {
      type: 'queue',
      queue: [queued({ kind: 'deliver', deliveryId: 'd1', cashCollected: '4500' })],
    });
    state = courierReducer(state, { type: 'queue', queue: [] });
    state = courierReducer(state, { type: 'deliveries', deliveries: [], at: 2_000 });
    expect(currentDeliveries(state)).toEqual([]);
  });

  it('a refused action (reassigned meanwhile) says so and the server state shows again', () => {
    const deliver = queued({ kind: 'deliver', deliveryId: 'd1', cashCollected: '4500' });
    let state = courierReducer(withServer([], [task('d1', 'picked_up')]), {
      type: 'queue',
      queue: [deliver],
    });
    expect(currentDeliveries(state)[0]?.step).toBe('delivered');
    state = courierReducer(state, {
      type: 'rejected',
      action: deliver,
      code: 'CONFLICT',
      message: 'Only a picked-up delivery can be delivered',
    });
    expect(state.notices).toEqual([
      expect.objectContaining({ deliveryId: 'd1', kind: 'deliver', code: 'CONFLICT' }),
    ]);
    // The dispatcher took it back: the server's next list no longer has it.
    state = courierReducer(state, { type: 'deliveries', deliveries: [], at: 2_000 });
    expect(currentDeliveries(state)).toEqual([]);
    state = courierReducer(state, { type: 'dismiss', noticeId: deliver.id });
    expect(state.notices).toEqual([]);
  });

  it('an accepted offer does not step back while the lists are fetched again (or cannot be)', () => {
    const accept = queued({ kind: 'accept', deliveryId: 'o1' });
    let state = courierReducer(withServer([offer('o1')], []), { type: 'queue', queue: [accept] });
    // Sent and taken by the server; the lists' refetch has not come back (the network went).
    state = courierReducer(state, { type: 'sent', action: accept, at: 1_500 });
    state = courierReducer(state, { type: 'queue', queue: [] });
    expect(openOffers(state)).toEqual([]);
    expect(currentDeliveries(state)).toEqual([
      expect.objectContaining({ id: 'o1', step: 'to_pickup', waiting: [] }),
    ]);
    // A list fetched before the action still does not undo it; a newer one replaces it.
    state = courierReducer(state, { type: 'deliveries', deliveries: [], at: 1_200 });
    expect(currentDeliveries(state)).toHaveLength(1);
    state = courierReducer(state, {
      type: 'deliveries',
      deliveries: [task('o1', 'accepted')],
      at: 1_600,
    });
    expect(state.confirmed).toEqual([]);
    expect(currentDeliveries(state)).toEqual([
      expect.objectContaining({ id: 'o1', step: 'to_pickup', waiting: [] }),
    ]);
  });

  it('sign-out forgets everything', () => {
    const state = courierReducer(withServer([offer('o1')], [task('d1', 'accepted')]), {
      type: 'reset',
    });
    expect(state).toEqual(initialCourierState());
  });
});

describe('availability through the queue', () => {
  it('off duty tapped offline is off duty at once, marked waiting, whatever the server last said', () => {
    expect(availabilityOf('available', [])).toEqual({ available: true, waiting: false });
    expect(availabilityOf('busy', [])).toEqual({ available: true, waiting: false });
    const off = queued({ kind: 'availability', status: 'offline' });
    expect(availabilityOf('available', [off])).toEqual({ available: false, waiting: true });
    // Tapped twice in the tunnel: the last tap is what the courier sees.
    const on = queued({ kind: 'availability', status: 'available' });
    expect(availabilityOf('offline', [on, off])).toEqual({ available: false, waiting: true });
    expect(availabilityOf('offline', [off, on])).toEqual({ available: true, waiting: true });
  });

  it('a waiting availability tap lays nothing over the deliveries or offers', () => {
    let state = withServer([offer('o1')], [task('d1', 'accepted')]);
    state = courierReducer(state, {
      type: 'queue',
      queue: [queued({ kind: 'availability', status: 'offline' })],
    });
    expect(openOffers(state).map((o) => o.id)).toEqual(['o1']);
    expect(currentDeliveries(state).map((v) => [v.id, v.step, v.waiting.length])).toEqual([
      ['d1', 'to_pickup', 0],
    ]);
  });

  it('a refused availability or photo is a notice in words without a delivery to point to', () => {
    const tap = queued({ kind: 'availability', status: 'offline' });
    let state = courierReducer(initialCourierState(), { type: 'queue', queue: [tap] });
    state = courierReducer(state, {
      type: 'rejected',
      action: tap,
      code: 'CONFLICT',
      message: 'Finish your deliveries first',
    });
    expect(state.queue).toEqual([]);
    expect(state.notices).toMatchObject([
      { deliveryId: null, kind: 'availability', code: 'CONFLICT' },
    ]);
  });
});
