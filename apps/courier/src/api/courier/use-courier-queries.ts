// The courier's data, one hook per use, on TanStack Query. Offers and deliveries are read again
// when the live events say so (use-courier-live); the poll is the backstop: slow while the live
// connection is up, faster while it is not. A push brings offers when the app is not in front.
import { useQuery } from '@tanstack/react-query';
import { api } from '../client';
import { useSignedIn } from '../session';

/** The backstop polls, with the live connection up and without it. */
export const POLL_MS = {
  offers: { live: 60_000, notLive: 15_000 },
  deliveries: { live: 120_000, notLive: 30_000 },
};
export const courierKeys = {
  me: ['courier', 'me'] as const,
  offers: ['courier', 'offers'] as const,
  deliveries: ['courier', 'deliveries'] as const,
  today: ['courier', 'today'] as const,
};

export function useMe() {
  const { businessId } = useSignedIn();
  return useQuery({
    queryKey: courierKeys.me,
    queryFn: () => api.courier.me.query({ businessId }),
    refetchInterval: 60_000,
  });
}

export function useOffers(available: boolean, live: boolean) {
  const { businessId } = useSignedIn();
  return useQuery({
    queryKey: courierKeys.offers,
    queryFn: () => api.courier.myOffers.query({ businessId }),
    refetchInterval: available ? POLL_MS.offers[live ? 'live' : 'notLive'] : false,
    enabled: available,
  });
}

/** With when the request started: an action the server took after that is not in the list. */
export function useDeliveries(live: boolean) {
  const { businessId } = useSignedIn();
  return useQuery({
    queryKey: courierKeys.deliveries,
    queryFn: async () => {
      const startedAt = Date.now();
      return { rows: await api.courier.myDeliveries.query({ businessId }), startedAt };
    },
    refetchInterval: POLL_MS.deliveries[live ? 'live' : 'notLive'],
  });
}

export function useToday() {
  const { businessId } = useSignedIn();
  return useQuery({
    queryKey: courierKeys.today,
    queryFn: () => api.courier.today.query({ businessId }),
  });
}
