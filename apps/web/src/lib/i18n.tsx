// One i18n layer for every word on screen: French first, English second. The locale is the
// signed-in user's (auth.me), remembered on this device for the sign-in page. Amounts follow the
// currency's rules (XOF has no minor unit) and dates are shown in the business's timezone.
import type { Currency, Locale } from '@flux/contracts/enums';
import { currencyExponent } from '@flux/contracts/money';
import { createContext, type ReactNode, useContext, useEffect, useMemo } from 'react';
import { en } from './messages/en';
import { fr, type MessageKey } from './messages/fr';

const dictionaries: Record<Locale, Record<MessageKey, string>> = { fr, en };
const LOCALE_KEY = 'flux.locale';

export function storedLocale(): Locale {
  try {
    return localStorage.getItem(LOCALE_KEY) === 'en' ? 'en' : 'fr';
  } catch {
    return 'fr';
  }
}

export function rememberLocale(locale: Locale) {
  try {
    localStorage.setItem(LOCALE_KEY, locale);
  } catch {
    // Private mode: the account's locale still applies after sign-in.
  }
}

export type Params = Record<string, string | number>;

export interface I18n {
  locale: Locale;
  timeZone: string;
  t(key: MessageKey, params?: Params): string;
  money(minor: number, currency: Currency): string;
  number(value: number, digits?: number): string;
  date(value: Date | string | number): string;
  dateTime(value: Date | string | number): string;
  time(value: Date | string | number): string;
  relative(value: Date | string | number): string;
}

export function createI18n(locale: Locale, timeZone: string): I18n {
  const tag = locale === 'fr' ? 'fr-FR' : 'en-GB';
  const dictionary = dictionaries[locale];
  const moneyFormats = new Map<string, Intl.NumberFormat>();
  const dates = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone });
  const dateTimes = new Intl.DateTimeFormat(tag, {
    dateStyle: 'short',
    timeStyle: 'short',
    timeZone,
  });
  const times = new Intl.DateTimeFormat(tag, { timeStyle: 'short', timeZone });
  const relative = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  const plurals = new Intl.PluralRules(tag);
  const toDate = (value: Date | string | number) =>
    value instanceof Date ? value : new Date(value);
  return {
    locale,
    timeZone,
    t(key, params) {
      let text = dictionary[key] ?? fr[key] ?? key;
      if (!params) return text;
      // "one|other" forms, chosen by the locale's plural rules for {count}.
      if (typeof params.count === 'number' && text.includes('|')) {
        const [one = text, other = text] = text.split('|');
        text = plurals.select(params.count) === 'one' ? one : other;
      }
      return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
        name in params ? String(params[name]) : whole,
      );
    },
    money(minor, currency) {
      const digits = currencyExponent[currency];
      let format = moneyFormats.get(currency);
      if (!format) {
        format = new Intl.NumberFormat(tag, {
          style: 'currency',
          currency,
          minimumFractionDigits: digits,
          maximumFractionDigits: digits,
        });
        moneyFormats.set(currency, format);
      }
      return format.format(minor / 10 ** digits);
    },
    number(value, digits = 0) {
      return new Intl.NumberFormat(tag, { maximumFractionDigits: digits }).format(value);
    },
    date: (value) => dates.format(toDate(value)),
    dateTime: (value) => dateTimes.format(toDate(value)),
    time: (value) => times.format(toDate(value)),
    relative(value) {
      const seconds = (toDate(value).getTime() - Date.now()) / 1000;
      const abs = Math.abs(seconds);
      if (abs < 60) return relative.format(Math.round(seconds), 'second');
      if (abs < 3600) return relative.format(Math.round(seconds / 60), 'minute');
      if (abs < 86_400) return relative.format(Math.round(seconds / 3600), 'hour');
      return relative.format(Math.round(seconds / 86_400), 'day');
    },
  };
}

const I18nContext = createContext<I18n>(createI18n('fr', 'Africa/Dakar'));

export function I18nProvider(props: { locale: Locale; timeZone: string; children: ReactNode }) {
  useEffect(() => {
    document.documentElement.lang = props.locale;
  }, [props.locale]);
  const value = useMemo(
    () => createI18n(props.locale, props.timeZone),
    [props.locale, props.timeZone],
  );
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
