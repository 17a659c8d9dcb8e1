// The position batcher (lib/position-batcher) bound to the API and to the network's state: a
// batch is one HTTP request (tRPC batches the calls made in the same tick).
import { onlineManager } from '@tanstack/react-query';
import { api } from '../api/client';
import { createPositionBatcher } from './position-batcher';

export function createPositionSender(businessId: string) {
  return createPositionBatcher({
    isOnline: () => onlineManager.isOnline(),
    async post(fixes) {
      const results = await Promise.allSettled(
        fixes.map((fix) =>
          api.courier.updateLocation.mutate({
            businessId,
            lat: fix.lat,
            lng: fix.lng,
            accuracy: fix.accuracy,
            at: new Date(fix.at),
          }),
        ),
      );
      // One request: if it did not go, none did (a refused fix, e.g. rate-limited, is dropped).
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (lost.length === fixes.length && lost.some((r) => isNetworkFailure(r.reason))) {
        throw new Error('positions not sent');
      }
    },
  });
}

/** No answer from the server (as opposed to a refusal of one fix). */
function isNetworkFailure(reason: unknown): boolean {
  const data = (reason as { data?: { httpStatus?: number } } | null)?.data;
  return !data?.httpStatus || data.httpStatus >= 500;
}
