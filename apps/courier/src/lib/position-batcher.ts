// The courier's fixes on their way to the server, whatever the source (the foreground watch, the
// background task's deferred batches): throttled (lib/positions), kept in a small buffer while the
// network is down or a send fails, and the buffer sent as one batch when it returns. Pure: the
// sending and the network's state are given (position-sender binds them to the API).
import { BUFFER_SIZE, buffered, type Fix, shouldSend, type THROTTLE } from './positions';

export interface PositionBatcherOptions {
  /** Sends fixes, oldest first, as one request; rejects when it did not go. */
  post: (fixes: Fix[]) => Promise<void>;
  isOnline: () => boolean;
  throttle?: typeof THROTTLE;
  bufferSize?: number;
}

export function createPositionBatcher(options: PositionBatcherOptions) {
  let last: Fix | null = null;
  let waiting: Fix[] = [];
  let stopped = false;
  const size = options.bufferSize ?? BUFFER_SIZE;

  /** Sends what waits plus `fixes`; keeps them (the newest `size`) when it does not go. */
  async function send(fixes: Fix[]): Promise<void> {
    const batch = [...waiting, ...fixes];
    waiting = [];
    if (batch.length === 0) return;
    if (!options.isOnline()) {
      for (const fix of batch) waiting = buffered(waiting, fix, size);
      return;
    }
    try {
      await options.post(batch);
    } catch {
      if (stopped) return;
      // Older first, then whatever arrived meanwhile.
      const meanwhile = waiting;
      waiting = [];
      for (const fix of [...batch, ...meanwhile]) waiting = buffered(waiting, fix, size);
    }
  }

  return {
    /**
     * Fixes from the phone, oldest first: those worth sending (moved enough, or long enough since
     * the last) go in one request with any that wait. `force`: the first of them goes anyway (the
     * first fix of a shift; each of the OS's background batches, already spaced by the OS).
     */
    async push(fixes: Fix[], force = false): Promise<void> {
      if (stopped) return;
      const kept: Fix[] = [];
      for (const fix of fixes) {
        if ((force && kept.length === 0) || shouldSend(last, fix, options.throttle)) {
          kept.push(fix);
          last = fix;
        }
      }
      if (kept.length === 0 && waiting.length === 0) return;
      await send(kept);
    },
    /** The network is back: what waits goes now. */
    drain: () => (stopped ? Promise.resolve() : send([])),
    /** Off duty or signed out: nothing more is sent, what waits is dropped. */
    stop() {
      stopped = true;
      waiting = [];
    },
    get waiting(): number {
      return waiting.length;
    },
  };
}

export type PositionBatcher = ReturnType<typeof createPositionBatcher>;
