import { describe, expect, it } from 'vitest';
import { addMinor, formatMoney, money, multiplyMinor, toMajor, toMinor } from './money';

describe('money', () => {
  it('parses amounts in major units with the currency’s exponent', () => {
    expect(toMinor('2500', 'XOF')).toBe(2500);
    expect(toMinor(2500, 'XOF')).toBe(2500);
    expect(toMinor('12.50', 'EUR')).toBe(1250);
    expect(toMinor(12.5, 'EUR')).toBe(1250);
    expect(toMinor('12', 'EUR')).toBe(1200);
    expect(toMinor('0.10', 'EUR')).toBe(10);
    expect(toMinor('2500.00', 'XOF')).toBe(2500);
  });

  it('refuses decimals a currency does not have, and floats that are not decimals', () => {
    expect(() => toMinor('2500.5', 'XOF')).toThrow(/XOF amounts have no decimals/);
    expect(() => toMinor('1.234', 'EUR')).toThrow(/at most 2 decimals/);
    expect(() => toMinor(0.1 + 0.2, 'EUR')).toThrow(/at most 2 decimals/);
    expect(() => toMinor('-5', 'EUR')).toThrow();
    expect(() => toMinor('1e3', 'EUR')).toThrow();
  });

  it('prints exact decimal strings and French/English formats', () => {
    expect(toMajor(1250, 'EUR')).toBe('12.50');
    expect(toMajor(5, 'EUR')).toBe('0.05');
    expect(toMajor(2500, 'XOF')).toBe('2500');
    expect(formatMoney(250000, 'XOF').replace(/\s/g, ' ')).toBe('250 000 F CFA');
    expect(formatMoney(1250, 'EUR').replace(/\s/g, ' ')).toBe('12,50 €');
    expect(formatMoney(1250, 'EUR', 'en')).toBe('€12.50');
    expect(money(1999, 'EUR')).toMatchObject({ minor: 1999, amount: '19.99', currency: 'EUR' });
  });

  it('adds and multiplies integers only, and refuses overflow', () => {
    expect(addMinor(1250, 1500, 5)).toBe(2755);
    expect(multiplyMinor(7500, 3)).toBe(22500);
    expect(() => multiplyMinor(Number.MAX_SAFE_INTEGER, 2)).toThrow(/out of range/);
    expect(() => multiplyMinor(100, 1.5)).toThrow(/whole number/);
  });
});
