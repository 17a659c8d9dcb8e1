import { describe, expect, it } from 'vitest';
import { type ConnectionHandlers, createReconnector } from './reconnect';

/** A world with a hand-driven clock: timers run when the test says so. */
function world() {
  const opened: ConnectionHandlers[] = [];
  let closed = 0;
  const timers: { ms: number; run: () => void; cancelled: boolean }[] = [];
  const reconnector = createReconnector({
    backoff: { firstMs: 1_000, maxMs: 8_000 },
    random: () => 1, // the jitter at its highest: exact delays
    open(handlers) {
      opened.push(handlers);
      return () => {
        closed += 1;
      };
    },
    schedule(run, ms) {
      const timer = { ms, run, cancelled: false };
      timers.push(timer);
      return () => {
        timer.cancelled = true;
      };
    },
  });
  const fireTimers = () => {
    for (const timer of timers.splice(0)) if (!timer.cancelled) timer.run();
  };
  return { reconnector, opened, timers, fireTimers, closed: () => closed };
}

describe('the live connection reconnector', () => {
  it('waits 1 s, 2 s, 4 s, 8 s, 8 s after failures in a row, and starts over once up', () => {
    const w = world();
    w.reconnector.start();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      w.opened.at(-1)?.down();
      delays.push(w.timers.at(-1)?.ms ?? -1);
      w.fireTimers();
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 8_000]);
    expect(w.opened).toHaveLength(6);
    w.opened.at(-1)?.up();
    expect(w.reconnector.state).toBe('up');
    w.opened.at(-1)?.down();
    expect(w.timers.at(-1)?.ms).toBe(1_000);
  });

  it('the network back opens it at once instead of waiting out the backoff', () => {
    const w = world();
    w.reconnector.start();
    w.opened[0]?.down();
    w.opened[0]?.down(); // a second error of the same connection changes nothing
    expect(w.timers.filter((t) => !t.cancelled)).toHaveLength(1);
    w.reconnector.now();
    expect(w.opened).toHaveLength(2);
    expect(w.timers.every((t) => t.cancelled)).toBe(true);
    // Up already: nothing to do.
    w.opened[1]?.up();
    w.reconnector.now();
    expect(w.opened).toHaveLength(2);
  });

  it('stopped (the app in the background), the connection is closed and a late error opens nothing', () => {
    const w = world();
    w.reconnector.start();
    w.opened[0]?.up();
    w.reconnector.stop();
    expect(w.closed()).toBe(1);
    expect(w.reconnector.state).toBe('off');
    w.opened[0]?.down();
    w.fireTimers();
    expect(w.opened).toHaveLength(1);
  });
});
