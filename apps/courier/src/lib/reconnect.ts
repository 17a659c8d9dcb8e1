// Keeps one connection open (the live events): a connection that fails or ends is opened again
// after a backoff that grows with each failure in a row and resets once a connection is up;
// `now()` (the network or the app is back) opens it again at once. Callbacks of a connection
// that was replaced or closed are ignored, so a late error cannot start a second one.
import { type Backoff, backoffDelay } from './backoff';

export interface ConnectionHandlers {
  /** The connection is up (the server's first answer). */
  up(): void;
  /** It failed or ended: another is opened after the backoff. */
  down(): void;
}

export type ReconnectState = 'up' | 'connecting' | 'off';

export interface ReconnectorOptions {
  /** Opens a connection; returns how to close it. */
  open(handlers: ConnectionHandlers): () => void;
  backoff: Backoff;
  onState?(state: ReconnectState): void;
  schedule?(run: () => void, ms: number): () => void;
  random?(): number;
}

const defaultSchedule = (run: () => void, ms: number) => {
  const timer = setTimeout(run, ms);
  return () => clearTimeout(timer);
};

export function createReconnector(options: ReconnectorOptions) {
  const schedule = options.schedule ?? defaultSchedule;
  let failures = 0;
  let generation = 0;
  let close: (() => void) | null = null;
  let cancelTimer: (() => void) | null = null;
  let state: ReconnectState = 'off';
  const setState = (next: ReconnectState) => {
    state = next;
    options.onState?.(next);
  };

  const teardown = () => {
    generation += 1;
    cancelTimer?.();
    cancelTimer = null;
    const closing = close;
    close = null;
    closing?.();
  };

  function connect() {
    teardown();
    const mine = generation;
    setState('connecting');
    close = options.open({
      up() {
        if (mine !== generation) return;
        failures = 0;
        setState('up');
      },
      down() {
        if (mine !== generation) return;
        generation += 1; // this connection's later callbacks are stale
        close = null;
        failures += 1;
        setState('connecting');
        cancelTimer = schedule(connect, backoffDelay(failures, options.backoff, options.random));
      },
    });
  }

  return {
    start: connect,
    /** Opens it again at once, forgetting the failures (unless it is up). */
    now() {
      if (state === 'up') return;
      failures = 0;
      connect();
    },
    stop() {
      teardown();
      setState('off');
    },
    get state(): ReconnectState {
      return state;
    },
  };
}
