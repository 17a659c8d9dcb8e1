// Money on the server: what people type parsed into integer minor units, and the arithmetic on
// them, refused with a BAD_REQUEST AppError when out of range. The currency list, exact decimal
// strings and formatting are shared with the apps from @flux/contracts; re-exported here so the
// server's code has one money module to import.
import {
  type AmountInput,
  type Currency,
  currencyExponent,
  type Money,
  money,
} from '@flux/contracts';
import { refuse } from './errors';

export {
  type Amount,
  type AmountInput,
  amountInput,
  type Currency,
  currencyExponent,
  formatMoney,
  type Money,
  money,
  toMajor,
} from '@flux/contracts';

function assertSafe(minor: number): number {
  if (!Number.isSafeInteger(minor) || minor < 0) {
    throw refuse('money.out_of_range', 'Amount out of range');
  }
  return minor;
}

/** "12.50" EUR → 1250; "2500" XOF → 2500; "12.5" XOF or "1.234" EUR → BAD_REQUEST. */
export function toMinor(value: AmountInput, currency: Currency, field = 'amount'): number {
  const text = typeof value === 'number' ? String(value) : value;
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw refuse('money.bad_amount', `${field}: expected an amount like 2500 or 12.50`);
  const exponent = currencyExponent[currency];
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > exponent) {
    throw refuse(
      'money.too_many_decimals',
      exponent === 0
        ? `${field}: ${currency} amounts have no decimals`
        : `${field}: ${currency} amounts have at most ${exponent} decimals`,
      { currency },
    );
  }
  const whole = match[1] ?? '0';
  return assertSafe(Number(whole + fraction.padEnd(exponent, '0')));
}

export function addMinor(...amounts: number[]): number {
  return assertSafe(amounts.reduce((sum, amount) => sum + amount, 0));
}

export function multiplyMinor(minor: number, quantity: number): number {
  if (!Number.isSafeInteger(quantity) || quantity < 0) {
    throw refuse('money.quantity_not_whole', 'Quantity must be a whole number');
  }
  return assertSafe(minor * quantity);
}

// A page of products formats the same few prices again and again (Intl formatting is the dear
// part of a Money): each amount is formatted once per locale and currency, then shared by every
// answer that shows it (answers are read, never changed). Keyed by the number itself, one map
// per locale and currency. Bounded: emptied when full.
const sharedMonies = new Map<string, Map<number, Money>>();

/** `money(minor, currency, locale)`, the same object each time for the same amount. */
export function sharedMoney(minor: number, currency: Currency, locale: 'fr' | 'en'): Money {
  const kind = `${locale}${currency}`;
  let amounts = sharedMonies.get(kind);
  if (!amounts) {
    amounts = new Map();
    sharedMonies.set(kind, amounts);
  }
  let found = amounts.get(minor);
  if (!found) {
    if (amounts.size >= 20_000) amounts.clear();
    found = money(minor, currency, locale);
    amounts.set(minor, found);
  }
  return found;
}
