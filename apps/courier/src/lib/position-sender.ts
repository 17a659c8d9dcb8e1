// Sends the courier's fixes: throttled (lib/positions), buffered while the network is down, the
// buffer replayed in one batched request when it returns. Shared by the foreground watch of each
// platform and the background task.
import { onlineManager } from '@tanstack/react-query';
import { api } from '../api/client';
import { buffered, type Fix, shouldSend } from './positions';

export function createPositionSender(businessId: string) {
  let last: Fix | null = null;
  let waiting: Fix[] = [];

  const post = (fix: Fix) =>
    api.courier.updateLocation.mutate({
      businessId,
      lat: fix.lat,
      lng: fix.lng,
      accuracy: fix.accuracy,
      at: new Date(fix.at),
    });

  async function drain() {
    if (waiting.length === 0 || !onlineManager.isOnline()) return;
    const batch = waiting;
    waiting = [];
    // One HTTP request (tRPC batches the calls made in the same tick), oldest first.
    const results = await Promise.allSettled(batch.map(post));
    const lost = batch.filter((_, i) => results[i]?.status === 'rejected');
    for (const fix of lost) waiting = buffered(waiting, fix);
  }

  return {
    async push(fix: Fix, force = false) {
      if (!force && !shouldSend(last, fix)) return;
      last = fix;
      if (!onlineManager.isOnline()) {
        waiting = buffered(waiting, fix);
        return;
      }
      try {
        await drain();
        await post(fix);
      } catch {
        waiting = buffered(waiting, fix);
      }
    },
    drain,
    get waiting() {
      return waiting.length;
    },
  };
}
