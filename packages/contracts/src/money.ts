// Money as every app shows it: integer minor units with an ISO currency, turned into exact
// decimal strings and formatted for people. No floats ever hold money. Parsing what people type
// into minor units is the server's (packages/api/src/lib/money.ts): it refuses with an AppError.
// No zod here (the amount clients send is `amountInput`, in inputs.ts): the web's first bundle
// imports this module through `@flux/contracts/money` and must not carry a schema library.
import { type Currency, currencies } from './enums';

/** Digits after the decimal point: XOF has no minor unit, EUR has cents. */
export const currencyExponent = { XOF: 0, EUR: 2 } as const satisfies Record<Currency, number>;

export function isCurrency(value: string): value is Currency {
  return (currencies as readonly string[]).includes(value);
}

/** 1250 EUR → "12.50"; 2500 XOF → "2500". Exact: built from digits, not division. */
export function toMajor(minor: number, currency: Currency): string {
  const exponent = currencyExponent[currency];
  if (exponent === 0) return String(minor);
  // The sign apart, so -5 cents is "-0.05" (padding "-5" would give "0.-5").
  const sign = minor < 0 ? '-' : '';
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

const formatters = new Map<string, Intl.NumberFormat>();
/** For people: "2 500 F CFA", "12,50 €" in French; "€12.50" in English. */
export function formatMoney(minor: number, currency: Currency, locale: 'fr' | 'en' = 'fr'): string {
  const key = `${locale}:${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
      style: 'currency',
      currency,
      minimumFractionDigits: currencyExponent[currency],
      maximumFractionDigits: currencyExponent[currency],
    });
    formatters.set(key, formatter);
  }
  // Intl wants a number of major units; exact for any amount below 2^53 minor units and these
  // exponents because the formatter rounds to the same exponent.
  return formatter.format(Number(toMajor(minor, currency)));
}

export interface Money {
  /** Integer minor units. */
  minor: number;
  currency: Currency;
  /** Major units as an exact decimal string ("12.50"). */
  amount: string;
  /** Formatted for the business's locale. */
  formatted: string;
}

/**
 * An amount in a list's answer: minor units and currency, all the apps format from (their own
 * `money(minor, currency)`, in the viewer's locale). A list of 50 orders carries 200 of them; the
 * decimal string and the server's formatting of a full `Money` are for the one-record answers.
 */
export type Amount = Pick<Money, 'minor' | 'currency'>;

/** What the API returns for every amount, but in lists (`Amount`). */
export function money(minor: number, currency: Currency, locale: 'fr' | 'en' = 'fr'): Money {
  return {
    minor,
    currency,
    amount: toMajor(minor, currency),
    formatted: formatMoney(minor, currency, locale),
  };
}
