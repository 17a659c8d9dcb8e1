// A circuit breaker in front of an optional dependency (Redis): after a few failures in a row it
// opens, and calls go straight to their fallback instead of each waiting for a timeout; after a
// cool-down one call probes the dependency again, and closes the circuit if it answers.

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface Circuit {
  readonly state: CircuitState;
  /**
   * Runs `attempt` while the circuit lets it through, else `fallback`. A failed attempt also ends
   * in `fallback` (with its error), so the caller always gets an answer.
   */
  run<T>(attempt: () => Promise<T>, fallback: (error: unknown) => T | Promise<T>): Promise<T>;
}

export interface CircuitOptions {
  /** Failures in a row that open the circuit. */
  failures?: number;
  /** How long it stays open before one call probes again. */
  cooldownMs?: number;
  now?: () => number;
  /** Told of every change of state (to log an outage once, not once per call). */
  onChange?: (state: CircuitState, error: unknown) => void;
}

/** Passed to the fallback when the circuit is open and nothing was tried. */
export class CircuitOpenError extends Error {
  constructor() {
    super('circuit open');
    this.name = 'CircuitOpenError';
  }
}

export function createCircuit(options: CircuitOptions = {}): Circuit {
  const threshold = options.failures ?? 3;
  const cooldownMs = options.cooldownMs ?? 5_000;
  const now = options.now ?? Date.now;
  let state: CircuitState = 'closed';
  let failuresInARow = 0;
  let openedAt = 0;

  const change = (next: CircuitState, error: unknown) => {
    if (next === state) return;
    state = next;
    options.onChange?.(next, error);
  };

  return {
    get state() {
      return state;
    },
    async run(attempt, fallback) {
      let probe = false;
      if (state === 'open' && now() - openedAt >= cooldownMs) {
        // Exactly one caller probes; the others keep using the fallback until it answers.
        change('half-open', null);
        probe = true;
      } else if (state !== 'closed') {
        return fallback(new CircuitOpenError());
      }
      try {
        const result = await attempt();
        failuresInARow = 0;
        // A slow success that started before the circuit opened says little about now: only the
        // probe (or a call while closed) closes it.
        if (probe) change('closed', null);
        return result;
      } catch (error) {
        failuresInARow += 1;
        if (probe || (state === 'closed' && failuresInARow >= threshold)) {
          openedAt = now();
          change('open', error);
        }
        return fallback(error);
      }
    },
  };
}
