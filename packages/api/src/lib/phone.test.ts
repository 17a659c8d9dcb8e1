import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phone';

describe('normalizePhone', () => {
  it('reads a national number in the business country', () => {
    expect(normalizePhone('77 123 45 67', 'SN')).toBe('+221771234567');
    expect(normalizePhone('(77) 123-45-67', 'SN')).toBe('+221771234567');
    expect(normalizePhone('0612345678', 'FR')).toBe('+33612345678');
    expect(normalizePhone('07 12 34 56 78', 'CI')).toBe('+2250712345678');
  });

  it('keeps the country of a number written with an international prefix', () => {
    expect(normalizePhone('+33 6 12 34 56 78', 'SN')).toBe('+33612345678');
    expect(normalizePhone('00 33 6 12 34 56 78', 'SN')).toBe('+33612345678');
    expect(normalizePhone('+221 77 123 45 67', 'FR')).toBe('+221771234567');
    expect(normalizePhone('+33612345678', null)).toBe('+33612345678');
  });

  it('returns null for garbage, too-short numbers and impossible ranges', () => {
    for (const raw of [
      'garbage',
      '',
      '   ',
      '12',
      '0000000000',
      '+221 99 999 99 99',
      'x'.repeat(50),
    ]) {
      expect(normalizePhone(raw, 'SN')).toBeNull();
    }
    expect(normalizePhone('0612345678', undefined)).toBeNull();
  });

  it('ignores a country it does not know and still reads international numbers', () => {
    expect(normalizePhone('+221771234567', 'ZZ')).toBe('+221771234567');
    expect(normalizePhone('771234567', 'ZZ')).toBeNull();
  });
});
