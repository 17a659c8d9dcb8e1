import { describe, expect, it } from 'vitest';
import { currencies } from './enums';
import { currencyExponent, isCurrency, money, toMajor } from './money';

describe('shared money', () => {
  it('knows the exponent of every currency the product bills in', () => {
    for (const currency of currencies) expect(currencyExponent[currency]).toBeGreaterThanOrEqual(0);
  });

  it('tells a currency it bills in from any other code', () => {
    expect(isCurrency('XOF')).toBe(true);
    expect(isCurrency('EUR')).toBe(true);
    expect(isCurrency('USD')).toBe(false);
    expect(isCurrency('toString')).toBe(false);
  });

  it('gives an amount as minor units, an exact decimal and a formatted text', () => {
    expect(money(1250, 'EUR', 'en')).toEqual({
      minor: 1250,
      currency: 'EUR',
      amount: '12.50',
      formatted: '€12.50',
    });
  });

  it('keeps the sign of a negative amount (a refund, a shortfall in the cash)', () => {
    expect(toMajor(-5, 'EUR')).toBe('-0.05');
    expect(toMajor(-1250, 'EUR')).toBe('-12.50');
    expect(toMajor(-2500, 'XOF')).toBe('-2500');
    expect(money(-5, 'EUR', 'en').formatted).toBe('-€0.05');
  });
});
