// Input pieces the server's procedures and the apps' forms share: one rule for an email, a password,
// free text, a page or a date, wherever it is checked.
import { z } from 'zod';

export const emailInput = z
  .email({ message: 'Enter a valid email address' })
  .max(254)
  .transform((value) => value.trim().toLowerCase());

export const passwordInput = z
  .string()
  .min(10, 'Use at least 10 characters')
  .max(256, 'Use at most 256 characters');

// NUL and other control characters are refused here: PostgreSQL would reject them with a 500.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Free text from a person: trimmed, bounded, no control characters. */
export const textInput = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((value) => !CONTROL.test(value), 'Control characters are not allowed');

export const nameInput = textInput(120).pipe(z.string().min(1, 'Required'));

export const pageInput = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(50),
});

// A JS Date reaches ±275,760 years; PostgreSQL refuses such a year with an error that is not
// the client's in its words (22009, "time zone displacement out of range"): a 500 before.
const EARLIEST = new Date('1970-01-01T00:00:00.000Z');
const LATEST = new Date('9999-12-31T23:59:59.999Z');
const dateMessage = 'Use a date between 1970 and 9999';

/** A point in time a database column can hold (sent as a Date through superjson). */
export const dateInput = z.date().min(EARLIEST, dateMessage).max(LATEST, dateMessage);

/** The same, also accepted as an ISO string or epoch milliseconds (the courier app's clock). */
export const coercedDateInput = z.coerce.date().min(EARLIEST, dateMessage).max(LATEST, dateMessage);

/** What clients send: a decimal amount in major units, as a string ("12.50") or a number (12.5). */
export const amountInput = z.union([
  z
    .string()
    .trim()
    .regex(/^\d{1,13}(\.\d+)?$/, 'Expected an amount like 2500 or 12.50'),
  z.number().nonnegative().finite(),
]);
export type AmountInput = z.infer<typeof amountInput>;
