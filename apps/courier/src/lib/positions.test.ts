import { describe, expect, it } from 'vitest';
import { buffered, type Fix, metersBetween, shouldSend } from './positions';

const fix = (lat: number, lng: number, at: number): Fix => ({ lat, lng, at });

describe('positions', () => {
  it('the first fix goes; a small move or a quick one waits; two minutes always go', () => {
    const first = fix(14.7, -17.45, 0);
    expect(shouldSend(null, first)).toBe(true);
    // ~110 m north, but 5 s later: too soon.
    expect(shouldSend(first, fix(14.701, -17.45, 5_000))).toBe(false);
    expect(shouldSend(first, fix(14.701, -17.45, 20_000))).toBe(true);
    // Standing still: once every two minutes.
    expect(shouldSend(first, fix(14.7, -17.45, 60_000))).toBe(false);
    expect(shouldSend(first, fix(14.7, -17.45, 120_000))).toBe(true);
  });

  it('distance by haversine', () => {
    expect(metersBetween({ lat: 14.7, lng: -17.45 }, { lat: 14.701, lng: -17.45 })).toBeCloseTo(
      111,
      0,
    );
  });

  it('offline, the newest fixes are kept, in order', () => {
    let buffer: Fix[] = [];
    for (let i = 0; i < 25; i++) buffer = buffered(buffer, fix(14.7, -17.45, i));
    expect(buffer).toHaveLength(20);
    expect(buffer[0]?.at).toBe(5);
    expect(buffer[19]?.at).toBe(24);
  });
});
