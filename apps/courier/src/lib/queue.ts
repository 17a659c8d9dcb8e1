// The courier's actions survive bad networks: each is written to a persistent queue first (with
// its client action id, which makes the server's answer to a replay a no-op), shown at once as
// "waiting to send", and sent in order whenever the network is there. An action the server
// refuses for good (the delivery was reassigned meanwhile, a wrong code, a photo too big: see
// lib/refusal) leaves the queue with the server's words; an action that could not reach the server
// (or met a server error) stays, in its place, and is tried again with backoff.
import { type Backoff, backoffDelay } from './backoff';

/** What the queue persists to: AsyncStorage on a phone, localStorage on the web. */
export interface KeyValueStore {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
}

export type FailureReason = 'absent' | 'refused' | 'wrong_address' | 'unreachable' | 'other';

/** A courier action as the API takes it (the business is added when it is sent). */
export type ActionInput =
  /** Going available or off duty: in line with the rest, so a tap in a tunnel is not lost. */
  | { kind: 'availability'; status: 'available' | 'offline' }
  | { kind: 'accept'; deliveryId: string }
  | { kind: 'decline'; deliveryId: string; reason?: string }
  | { kind: 'pickUp'; deliveryId: string }
  | {
      kind: 'deliver';
      deliveryId: string;
      otp?: string;
      /** A proof photo on the phone, uploaded before the action is sent (then `photoUploadId`). */
      photoUri?: string;
      photoUploadId?: string;
      cashCollected: string;
      cashNote?: string;
    }
  | { kind: 'fail'; deliveryId: string; reason: FailureReason; note?: string };

export type QueuedAction = ActionInput & {
  /** The client action id: the same on every replay. */
  id: string;
  /** A label for the courier ("CMD-000012"). */
  label: string;
  queuedAt: number;
  attempts: number;
  lastError?: string;
  /** After a failed try: not tried again by the timer before this (epoch ms). */
  nextTryAt?: number;
};

/** An action on a delivery (every kind but availability). */
export type DeliveryAction = Exclude<QueuedAction, { kind: 'availability' }>;
export const isDeliveryAction = (action: QueuedAction): action is DeliveryAction =>
  action.kind !== 'availability';

/** How one send ended. */
/** Why the server said no (a reason key of @flux/contracts/reasons and its parameters). */
export type Refusal = { reason: string; params: Record<string, unknown> };

export type SendOutcome =
  | { ok: true }
  /** The server answered no: the action is dropped and the courier told why. */
  | { ok: false; rejected: true; code: string; message: string; refusal?: Refusal }
  /** The server could not be reached (or failed): the action stays for the next try. */
  | { ok: false; rejected: false; message: string };

export interface Rejection {
  action: QueuedAction;
  code: string;
  message: string;
  refusal?: Refusal | undefined;
}

export interface QueueOptions {
  store: KeyValueStore;
  send: (action: QueuedAction) => Promise<SendOutcome>;
  key?: string;
  newId?: () => string;
  now?: () => number;
  onRejected?: (rejection: Rejection) => void;
  onSent?: (action: QueuedAction) => void;
  /** Waits between tries of an action that could not be sent (doubling, with jitter). */
  backoff?: Backoff;
  random?: () => number;
}

/** 15 s, 30 s, 1 min … up to 5 min between tries of the same action (the timer ticks every 15 s). */
export const QUEUE_BACKOFF: Backoff = { firstMs: 15_000, maxMs: 300_000 };

const DEFAULT_KEY = 'flux.courier.queue.v1';

/** A client action id: random, long enough for the server's 8–100 characters. */
export function newClientActionId(): string {
  const random = globalThis.crypto?.randomUUID?.();
  if (random) return random;
  return `ca-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

export class ActionQueue {
  private actions: QueuedAction[] = [];
  private listeners = new Set<(actions: readonly QueuedAction[]) => void>();
  private flushing: Promise<number> | null = null;
  private loaded: Promise<void> | null = null;
  private readonly key: string;

  constructor(private readonly options: QueueOptions) {
    this.key = options.key ?? DEFAULT_KEY;
  }

  /** Reads what an earlier run left (the app was killed with actions waiting). */
  load(): Promise<void> {
    this.loaded ??= (async () => {
      const raw = await this.options.store.getItem(this.key);
      if (!raw) return;
      try {
        const parsed: unknown = JSON.parse(raw);
        if (Array.isArray(parsed)) this.actions = parsed as QueuedAction[];
      } catch {
        // A torn write cannot be read back; nothing else can be done with it.
        this.actions = [];
      }
      this.emit();
    })();
    return this.loaded;
  }

  get pending(): readonly QueuedAction[] {
    return this.actions;
  }

  subscribe(listener: (actions: readonly QueuedAction[]) => void): () => void {
    this.listeners.add(listener);
    listener(this.actions);
    return () => this.listeners.delete(listener);
  }

  /** Written to storage before anything is sent: once this resolves, the action is not lost. */
  async enqueue(input: ActionInput, label: string): Promise<QueuedAction> {
    await this.load();
    const action: QueuedAction = {
      ...input,
      id: (this.options.newId ?? newClientActionId)(),
      label,
      queuedAt: (this.options.now ?? Date.now)(),
      attempts: 0,
    };
    this.actions = [...this.actions, action];
    await this.persist();
    return action;
  }

  /** Replaces an action's fields (the photo uploaded: its upload id), keeping its place. */
  async update(id: string, change: { photoUploadId?: string }): Promise<void> {
    this.actions = this.actions.map((a) =>
      a.id === id ? ({ ...a, ...change } as QueuedAction) : a,
    );
    await this.persist();
  }

  /**
   * Sends the waiting actions in order. Stops at the first that cannot reach the server (the
   * next ones depend on it: a delivery is picked up before it is delivered). Resolves with how
   * many left the queue. Concurrent calls share one run. Unless `force` (a new action, the
   * network or the app back, the courier's "retry"), an action that failed waits its backoff.
   */
  flush(options: { force?: boolean } = {}): Promise<number> {
    this.flushing ??= this.run(options.force ?? false).finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async run(force: boolean): Promise<number> {
    await this.load();
    let done = 0;
    const now = this.options.now ?? Date.now;
    for (;;) {
      const action = this.actions[0];
      if (!action) return done;
      if (!force && done === 0 && action.nextTryAt !== undefined && now() < action.nextTryAt) {
        return done;
      }
      const outcome = await this.options.send(action).catch(
        (error: unknown): SendOutcome => ({
          ok: false,
          rejected: false,
          message: error instanceof Error ? error.message : String(error),
        }),
      );
      if (!outcome.ok && !outcome.rejected) {
        const attempts = action.attempts + 1;
        const wait = backoffDelay(
          attempts,
          this.options.backoff ?? QUEUE_BACKOFF,
          this.options.random,
        );
        this.actions = this.actions.map((a) =>
          a.id === action.id
            ? { ...a, attempts, lastError: outcome.message, nextTryAt: now() + wait }
            : a,
        );
        await this.persist();
        return done;
      }
      this.actions = this.actions.filter((a) => a.id !== action.id);
      await this.persist();
      done += 1;
      if (outcome.ok) this.options.onSent?.(action);
      else {
        const { code, message, refusal } = outcome;
        this.options.onRejected?.({ action, code, message, refusal });
      }
    }
  }

  /** Forgets everything (sign-out, after the courier confirmed losing what waits). */
  async clear(): Promise<void> {
    this.actions = [];
    await this.persist();
  }

  private async persist(): Promise<void> {
    await this.options.store.setItem(this.key, JSON.stringify(this.actions));
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.actions);
  }
}
