import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

const backoff = { firstMs: 1_000, maxMs: 60_000 };

describe('retry backoff', () => {
  it('doubles after each failure in a row and stops at the cap', () => {
    const top = () => 1; // the jitter at its highest
    expect([0, 1, 2, 3, 4, 7, 8, 20].map((n) => backoffDelay(n, backoff, top))).toEqual([
      0, 1_000, 2_000, 4_000, 8_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('spreads the retries between half and all of the delay', () => {
    expect(backoffDelay(3, backoff, () => 0)).toBe(2_000);
    expect(backoffDelay(3, backoff, () => 0.5)).toBe(3_000);
    expect(backoffDelay(30, backoff, () => 0)).toBe(30_000);
  });
});
