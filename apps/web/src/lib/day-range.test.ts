import { describe, expect, it } from 'vitest';
import { dayRange, startOfDay } from './day-range';

describe('days picked as instants of the business’s timezone', () => {
  it('a day starts at the business’s midnight, whatever the browser’s zone', () => {
    expect(startOfDay('2026-11-27', 'Africa/Dakar').toISOString()).toBe('2026-11-27T00:00:00.000Z');
    expect(startOfDay('2026-11-27', 'Europe/Paris').toISOString()).toBe('2026-11-26T23:00:00.000Z');
    expect(startOfDay('2026-07-14', 'Europe/Paris').toISOString()).toBe('2026-07-13T22:00:00.000Z');
    expect(startOfDay('2026-11-27', 'Africa/Lagos').toISOString()).toBe('2026-11-26T23:00:00.000Z');
  });

  it('both days are included: the end is the next day’s start', () => {
    expect(dayRange('2026-11-01', '2026-11-30', 'Europe/Paris')).toEqual({
      from: new Date('2026-10-31T23:00:00.000Z'),
      to: new Date('2026-11-30T23:00:00.000Z'),
    });
    // Across the end of summer time in Paris (25 October 2026).
    expect(dayRange(undefined, '2026-10-24', 'Europe/Paris')).toEqual({
      to: new Date('2026-10-24T22:00:00.000Z'),
    });
    expect(dayRange(undefined, undefined, 'Africa/Dakar')).toEqual({});
  });
});
