// Live events for the dashboard and the customers' tracking pages: published after a change commits, delivered to every subscriber
// of that business in every process (PostgreSQL LISTEN/NOTIFY), or in this process only (tests).
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Database } from '@flux/db';
import { sql } from 'drizzle-orm';
import { listenPersistently } from './listen';

export type LiveEvent =
  /** `inbound`: the customer's (the dashboards ring for those, not for the team's own replies). */
  | { type: 'message.created'; conversationId: string; messageId: string; inbound?: boolean }
  | { type: 'message.status'; conversationId: string; messageId: string; status: string }
  | { type: 'conversation.updated'; conversationId: string }
  /** Mail stored, triaged or sent in one of the business's mailboxes: the inbox reads it again. */
  | { type: 'email.thread'; accountId: string }
  /** A note was added to (or removed from) a conversation: its open threads read the notes again. */
  | { type: 'conversation.note'; conversationId: string }
  /**
   * Events from other processes may have been missed (this process's LISTEN connection was lost
   * and is back): a dashboard reads again what it shows.
   */
  | { type: 'resync' }
  /** A delivery the dispatcher must look at (the courier's code locked) or that they released. */
  | {
      type: 'delivery.updated';
      deliveryId: string;
      reason: 'code_locked' | 'code_unlocked' | 'code_waived';
    }
  /** An in-app notification reached a member's bell: the dashboards read the bell again. */
  | { type: 'notification.created'; userId: string }
  /** An order changed status (published by the order.status-changed job): tracking pages read it again. */
  | { type: 'order.status'; orderId: string; status: string }
  /**
   * A courier carrying deliveries moved (exact, as stored): tracking pages of those deliveries
   * coarsen it before it leaves the server. Not sent to the dashboard (live.events drops it).
   */
  | {
      type: 'courier.position';
      courierId: string;
      deliveryIds: string[];
      lat: number;
      lng: number;
      at: string;
    }
  /**
   * A courier's offers or deliveries changed (an offer reached them, the dispatcher gave them a
   * delivery or took one away): their app reads its lists again. Heard only by that courier
   * (courier.live); neither the dashboard nor the tracking pages get it.
   */
  | { type: 'courier.tasks'; courierId: string; deliveryId: string };

/**
 * Events only the tracking pages listen to; the dashboard's stream leaves them out. An order's
 * status is both's: the inbox's customer card follows it too.
 */
export type TrackingOnlyEvent = Extract<LiveEvent, { type: 'courier.position' }>;
export const isTrackingOnly = (event: LiveEvent): event is TrackingOnlyEvent =>
  event.type === 'courier.position';

/** What one courier's app hears (courier.live): its own lists changed, or events may be missed. */
export type CourierLiveEvent = { type: 'tasks'; deliveryId: string } | { type: 'resync' };

/** The event as `courierId`'s app hears it; null: not theirs (another courier's, the staff's). */
export function courierLiveEventOf(event: LiveEvent, courierId: string): CourierLiveEvent | null {
  if (event.type === 'resync') return { type: 'resync' };
  if (event.type === 'courier.tasks' && event.courierId === courierId) {
    return { type: 'tasks', deliveryId: event.deliveryId };
  }
  return null;
}

export interface LiveBus {
  readonly kind: 'postgres' | 'memory';
  /** Resolves once events from other processes are heard (the first LISTEN is in place). */
  ready(): Promise<void>;
  publish(businessId: string, event: LiveEvent): Promise<void>;
  subscribe(businessId: string, listener: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
}

export interface MemoryBus extends LiveBus {
  /** Tells every subscriber of every business in this process. */
  broadcast(event: LiveEvent): void;
}

export function createMemoryBus(): MemoryBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    kind: 'memory',
    broadcast(event) {
      for (const businessId of emitter.eventNames()) emitter.emit(businessId, event);
    },
    ready: async () => {},
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

// One channel per database: every process hears every business's events and hands them to its own
// subscribers of that business. A channel per business would spare processes events nobody there
// listens to, at the price of LISTEN/UNLISTEN bookkeeping and replays after each reconnect; at the
// event rates of this product (a few per second per busy shop) one channel is cheaper.
export const LIVE_CHANNEL = 'flux_live';
// NOTIFY refuses payloads of 8000 bytes or more; events are ids, a few hundred bytes.
const MAX_PAYLOAD_BYTES = 7_900;

interface Notice {
  /** The publishing bus: a process already handed its own events to its subscribers. */
  o: string;
  /** Makes two identical events in one batch two notifications (PostgreSQL folds duplicates). */
  n: number;
  b: string;
  e: LiveEvent;
}

function parseNotice(payload: string | undefined): Notice | null {
  try {
    const notice = JSON.parse(payload ?? '') as Partial<Notice> | null;
    if (
      typeof notice?.o === 'string' &&
      typeof notice.b === 'string' &&
      typeof notice.e?.type === 'string'
    ) {
      return notice as Notice;
    }
  } catch {
    // Not ours: reported by the caller.
  }
  return null;
}

/**
 * Fan-out through PostgreSQL LISTEN/NOTIFY, which every deployment has (Redis is optional, and a
 * separate worker process publishes what the API processes' browsers wait for).
 *
 * Each event reaches each subscriber once: this process's subscribers get it at once, in memory;
 * other processes get it through one NOTIFY, and a process ignores the notifications it sent
 * itself. Publishes made while a NOTIFY is in flight are sent together in the next one. One
 * dedicated connection per process LISTENs, and reconnects with backoff if it is lost. Events
 * other processes publish while it is down do not reach this process's subscribers: once it is
 * back, each of them hears `resync`, and a dashboard reads again what it shows.
 */
export function createPostgresBus(params: {
  db: Database;
  /** The database's connection string, for the dedicated LISTEN connection. */
  url: string;
  onError?: (error: unknown) => void;
  /** Reconnection delays of the LISTEN connection: doubling from the first to the last. */
  reconnectMs?: { first: number; max: number };
}): LiveBus {
  const onError = params.onError ?? (() => {});
  const reconnect = params.reconnectMs ?? { first: 100, max: 5_000 };
  const local = createMemoryBus();
  const origin = randomUUID();
  let sequence = 0;

  // Each publisher waits for its own batch only, not for the batches that come after it.
  type Batch = { payloads: string[]; sent: Promise<void>; done: () => void };
  const newBatch = (): Batch => {
    let done = () => {};
    const sent = new Promise<void>((resolve) => (done = resolve));
    return { payloads: [], sent, done };
  };
  let pending: Batch | null = null;
  let flushing: Promise<void> | null = null;
  const flush = async () => {
    while (pending) {
      const batch = pending;
      pending = null;
      try {
        await params.db.execute(
          sql`select pg_notify(${LIVE_CHANNEL}, payload) from json_array_elements_text(${JSON.stringify(batch.payloads)}::json) as payload`,
        );
      } catch (error) {
        onError(error);
      }
      batch.done();
    }
    // In the same step as the last emptiness check: a publish from now on starts a new flush.
    flushing = null;
  };

  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const listener = listenPersistently({
    url: params.url,
    channel: LIVE_CHANNEL,
    reconnectMs: reconnect,
    onError,
    onNotification(payload) {
      const notice = parseNotice(payload);
      if (!notice) return onError(new Error(`live: unreadable notification ${payload}`));
      if (notice.o !== origin) void local.publish(notice.b, notice.e);
    },
    onListening(again) {
      // Back after a loss: what other processes published meanwhile never arrived here.
      if (again) local.broadcast({ type: 'resync' });
      markReady();
    },
  });

  return {
    kind: 'postgres',
    ready: () => ready,
    async publish(businessId, event) {
      await local.publish(businessId, event);
      const payload = JSON.stringify({ o: origin, n: ++sequence, b: businessId, e: event });
      const bytes = Buffer.byteLength(payload);
      if (bytes > MAX_PAYLOAD_BYTES) {
        onError(new Error(`live: event of ${bytes} bytes not sent to other processes`));
        return;
      }
      pending ??= newBatch();
      pending.payloads.push(payload);
      const { sent } = pending;
      flushing ??= flush();
      await sent;
    },
    subscribe: (businessId, listener) => local.subscribe(businessId, listener),
    async close() {
      await listener.close();
      await flushing;
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
