// What a customer's open tracking page must hear, taken from the business's live events (one
// LISTEN per process, shared by every page): no page polls the database.
import { type LiveBus, type LiveEvent, liveEvents } from '../../lib/live';
import { type CoarsePosition, coarsePosition, type TrackingView } from './view';

export type TrackingUpdate =
  /** The order or its delivery changed (or events may have been missed): read the page again. */
  | { kind: 'order' }
  /** The courier moved: their coarse position, computed here from the event (no query). */
  | { kind: 'position'; position: CoarsePosition };

/** The update an event means for the page as it stands; null: none. */
export function trackingUpdateOf(event: LiveEvent, view: TrackingView): TrackingUpdate | null {
  switch (event.type) {
    case 'order.status':
      return event.orderId === view.order.id ? { kind: 'order' } : null;
    case 'resync':
      return { kind: 'order' };
    case 'delivery.updated':
      return event.deliveryId === view.delivery?.id ? { kind: 'order' } : null;
    case 'courier.position': {
      const delivery = view.delivery;
      if (!delivery?.onTheWay || !delivery.dropoff) return null;
      if (!event.deliveryIds.includes(delivery.id)) return null;
      const at = new Date(event.at);
      return {
        kind: 'position',
        position: coarsePosition(
          { lat: event.lat, lng: event.lng, at },
          delivery.dropoff,
          delivery.vehicle,
        ),
      };
    }
    default:
      return null;
  }
}

/**
 * The updates of one page until `signal` aborts. `current` is the page as last sent (it changes
 * as the order moves on), read at each event.
 */
export async function* trackingUpdates(
  bus: LiveBus,
  current: () => TrackingView,
  signal: AbortSignal,
): AsyncGenerator<TrackingUpdate> {
  for await (const event of liveEvents(bus, current().order.businessId, signal)) {
    const update = trackingUpdateOf(event, current());
    if (update) yield update;
  }
}
