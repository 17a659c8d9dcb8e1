// The courier's data, one hook per use, on TanStack Query. Offers are polled every 5 s while the
// courier is available and the app in front (a push brings them when it is not); the rest on
// focus and after each action.
import { useQuery } from '@tanstack/react-query';
import { api } from '../client';
import { useSignedIn } from '../session';

export const OFFER_POLL_MS = 5_000;
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

export function useOffers(available: boolean) {
  const { businessId } = useSignedIn();
  return useQuery({
    queryKey: courierKeys.offers,
    queryFn: () => api.courier.myOffers.query({ businessId }),
    refetchInterval: available ? OFFER_POLL_MS : false,
    enabled: available,
  });
}

/** With when the request started: an action the server took after that is not in the list. */
export function useDeliveries() {
  const { businessId } = useSignedIn();
  return useQuery({
    queryKey: courierKeys.deliveries,
    queryFn: async () => {
      const startedAt = Date.now();
      return { rows: await api.courier.myDeliveries.query({ businessId }), startedAt };
    },
    refetchInterval: 30_000,
  });
}

export function useToday() {
  const { businessId } = useSignedIn();
  return useQuery({
    queryKey: courierKeys.today,
    queryFn: () => api.courier.today.query({ businessId }),
  });
}
