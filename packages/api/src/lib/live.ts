// Live events for the dashboard: published after a change commits, delivered to every subscriber
// of that business in every server process (Redis pub/sub), or in this process without Redis.
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

export type LiveEvent =
  | { type: 'message.created'; conversationId: string; messageId: string }
  | { type: 'message.status'; conversationId: string; messageId: string; status: string }
  | { type: 'conversation.updated'; conversationId: string };

export interface LiveBus {
  readonly kind: 'redis' | 'memory';
  publish(businessId: string, event: LiveEvent): Promise<void>;
  subscribe(businessId: string, listener: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
}

export function createMemoryBus(): LiveBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    kind: 'memory',
    async publish(businessId, event) {
      emitter.emit(businessId, event);
    },
    subscribe(businessId, listener) {
      emitter.on(businessId, listener);
      return () => emitter.off(businessId, listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}

const CHANNEL = 'flux:live:';

/**
 * One publisher and one subscriber connection per process; a business channel is subscribed while
 * someone in this process listens to it. If Redis fails, events still reach this process's
 * subscribers.
 */
export function createRedisBus(url: string, onError: (error: unknown) => void = () => {}): LiveBus {
  const local = createMemoryBus();
  const options = { maxRetriesPerRequest: 1, enableOfflineQueue: false };
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, { ...options, enableOfflineQueue: true });
  publisher.on('error', onError);
  subscriber.on('error', onError);
  const listeners = new Map<string, number>();
  subscriber.on('message', (channel: string, message: string) => {
    if (!channel.startsWith(CHANNEL)) return;
    try {
      void local.publish(channel.slice(CHANNEL.length), JSON.parse(message) as LiveEvent);
    } catch (error) {
      onError(error);
    }
  });
  return {
    kind: 'redis',
    async publish(businessId, event) {
      try {
        await publisher.publish(CHANNEL + businessId, JSON.stringify(event));
      } catch (error) {
        onError(error);
        await local.publish(businessId, event);
      }
    },
    subscribe(businessId, listener) {
      const count = listeners.get(businessId) ?? 0;
      listeners.set(businessId, count + 1);
      if (count === 0) subscriber.subscribe(CHANNEL + businessId).catch(onError);
      const off = local.subscribe(businessId, listener);
      return () => {
        off();
        const left = (listeners.get(businessId) ?? 1) - 1;
        listeners.set(businessId, left);
        if (left === 0) {
          listeners.delete(businessId);
          subscriber.unsubscribe(CHANNEL + businessId).catch(onError);
        }
      };
    },
    async close() {
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
      await local.close();
    },
  };
}

/** Turns bus events into an async iterator that ends when `signal` aborts. */
export async function* liveEvents(bus: LiveBus, businessId: string, signal?: AbortSignal) {
  const queue: LiveEvent[] = [];
  let wake: (() => void) | null = null;
  const unsubscribe = bus.subscribe(businessId, (event) => {
    queue.push(event);
    wake?.();
  });
  const aborted = new Promise<void>((resolve) =>
    signal?.addEventListener('abort', () => resolve(), { once: true }),
  );
  try {
    while (!signal?.aborted) {
      const event = queue.shift();
      if (event) {
        yield event;
        continue;
      }
      await Promise.race([new Promise<void>((resolve) => (wake = resolve)), aborted]);
      wake = null;
    }
  } finally {
    unsubscribe();
  }
}
