// A refusal in the courier's language: the server's reason and parameters worded with the shared
// texts (@flux/contracts/reason-texts), numbers and amounts in the locale's format. The server's
// English never reaches the screen; an unknown reason gets the generic words of its code.
import { formatMoney, isCurrency } from '@flux/contracts/money';
import { wordRefusal } from '@flux/contracts/reason-texts';
import { genericReason } from '@flux/contracts/reasons';
import { TRPCClientError } from '@trpc/client';
import type { Locale } from './i18n';
import type { Refusal } from './queue';
import { refusalOf } from './refusal';

export function refusalWords(locale: Locale, refusal: Refusal | undefined, code?: string): string {
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
  return wordRefusal(
    locale,
    refusal?.reason ?? genericReason(code),
    refusal?.params,
    {
      number: (value) => new Intl.NumberFormat(tag, { maximumFractionDigits: 2 }).format(value),
      money: (minor, currency) =>
        isCurrency(currency) ? formatMoney(minor, currency, locale) : String(minor),
    },
    genericReason(code),
  );
}

/** Any failure of a call (a query, the sign-in) in the courier's words. */
export function errorWords(locale: Locale, error: unknown): string {
  const code =
    error instanceof TRPCClientError
      ? (error.data as { code?: string } | undefined)?.code
      : undefined;
  return refusalWords(locale, refusalOf(error), code);
}
