import { describe, expect, it } from 'vitest';
import { normalizeAmount, toMinorUnits } from './amount';

describe('amounts as typed', () => {
  it('accepts French commas and thousands spaces', () => {
    expect(normalizeAmount('12,50')).toBe('12.50');
    expect(normalizeAmount('2 500')).toBe('2500');
    expect(normalizeAmount('2\u202f500 F')).toBe('2500');
  });

  it('gives minor units with the currency’s digits, or null', () => {
    expect(toMinorUnits('1 500', 0)).toBe(1500);
    expect(toMinorUnits('2,5', 2)).toBe(250);
    expect(toMinorUnits('12.50', 2)).toBe(1250);
    expect(toMinorUnits('12.5', 0)).toBeNull();
    expect(toMinorUnits('', 0)).toBeNull();
    expect(toMinorUnits('abc', 2)).toBeNull();
  });
});
