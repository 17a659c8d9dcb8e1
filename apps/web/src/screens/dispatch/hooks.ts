// The dispatch board's data: couriers and deliveries (polled: couriers move without telling the
// page), what the map shows, the cash couriers hold, and the dispatcher's changes.
import { type DeliveryStatus, deliveryStatuses } from '@flux/contracts/enums';
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { MapPoint } from '../../components/map';
import type { Outputs } from '../../lib/api';
import { useTRPC } from '../../lib/trpc';
import { useSaved } from '../../lib/use-saved';

export type Courier = Outputs['couriers']['list']['items'][number];
export type Delivery = Outputs['deliveries']['list']['items'][number];
export type DeliveryFilter = 'active' | 'flagged' | 'all';

/**
 * Which deliveries the "under way" tab shows (filtered by the server, page after page): every
 * state says, so a state added to the contracts is a type error here until it is placed.
 */
const underWay = {
  pending: true,
  offered: true,
  accepted: true,
  picked_up: true,
  delivered: false,
  failed: false,
  cancelled: false,
} satisfies Record<DeliveryStatus, boolean>;
const UNDER_WAY = deliveryStatuses.filter((status) => underWay[status]);

export function useCouriers() {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.couriers.list.queryOptions({ limit: 100 }),
    refetchInterval: 15_000,
  });
}

export function useDeliveries(filter: DeliveryFilter) {
  const trpc = useTRPC();
  const deliveries = useInfiniteQuery({
    ...trpc.deliveries.list.infiniteQueryOptions(
      {
        limit: 50,
        ...(filter === 'flagged' ? { needsDispatcher: true } : {}),
        ...(filter === 'active' ? { status: UNDER_WAY } : {}),
      },
      { getNextPageParam: (page) => page.nextCursor ?? undefined },
    ),
    refetchInterval: 10_000,
  });
  const shown = useMemo(
    () => deliveries.data?.pages.flatMap((page) => page.items) ?? [],
    [deliveries.data],
  );
  return { deliveries, shown };
}

/** The couriers where they were last seen and the deliveries' drop-offs, around the pickup point. */
export function useMapPoints(couriers: Courier[] | undefined, shown: Delivery[]) {
  const trpc = useTRPC();
  const business = useQuery(trpc.business.get.queryOptions());
  const points = useMemo<MapPoint[]>(() => {
    const list: MapPoint[] = [];
    for (const courier of couriers ?? []) {
      if (courier.lastLat !== null && courier.lastLng !== null) {
        list.push({
          id: courier.id,
          lat: courier.lastLat,
          lng: courier.lastLng,
          label: `${courier.name} · ${courier.load}/${courier.capacity}`,
          kind: `courier-${courier.status}` as MapPoint['kind'],
        });
      }
    }
    for (const delivery of shown) {
      if (delivery.dropoffLat !== null && delivery.dropoffLng !== null) {
        list.push({
          id: delivery.id,
          lat: delivery.dropoffLat,
          lng: delivery.dropoffLng,
          label: delivery.orderReference,
          kind: 'dropoff',
        });
      }
    }
    return list;
  }, [couriers, shown]);
  const pickup = business.data?.business.settings.pickup;
  const center = useMemo<[number, number]>(
    () => (pickup ? [pickup.lat, pickup.lng] : [14.6928, -17.4467]),
    [pickup],
  );
  return { points, center };
}

export function useAssignDelivery(onAssigned: () => void) {
  const trpc = useTRPC();
  const saved = useSaved();
  return useMutation(
    trpc.deliveries.assign.mutationOptions(
      saved({
        message: 'dispatch.assigned',
        after: onAssigned,
        refresh: [trpc.deliveries.list.pathFilter(), trpc.couriers.list.pathFilter()],
      }),
    ),
  );
}

export function useCash() {
  const trpc = useTRPC();
  return useQuery(trpc.couriers.cash.queryOptions({}));
}

export function useRecordHandover(onRecorded: () => void) {
  const trpc = useTRPC();
  const saved = useSaved();
  return useMutation(
    trpc.couriers.recordHandover.mutationOptions(
      saved({
        message: 'dispatch.handoverSaved',
        after: onRecorded,
        refresh: [trpc.couriers.cash.pathFilter()],
      }),
    ),
  );
}

export function useCreateCourier(onCreated: () => void) {
  const trpc = useTRPC();
  const saved = useSaved();
  return useMutation(
    trpc.couriers.create.mutationOptions(
      saved({
        message: 'dispatch.courierCreated',
        params: (courier) => ({ name: courier.name }),
        refresh: [trpc.couriers.pathFilter()],
        after: onCreated,
      }),
    ),
  );
}
