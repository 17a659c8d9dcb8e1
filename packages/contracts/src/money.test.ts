import { describe, expect, it } from 'vitest';
import { currencies } from './enums';
import { currencyExponent, isCurrency, money } from './money';

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
});
