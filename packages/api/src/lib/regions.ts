// Where our merchants are: the WAEMU countries (XOF) and the euro countries we serve (EUR).
export const countries = {
  SN: { currency: 'XOF', timezone: 'Africa/Dakar' },
  CI: { currency: 'XOF', timezone: 'Africa/Abidjan' },
  ML: { currency: 'XOF', timezone: 'Africa/Bamako' },
  BF: { currency: 'XOF', timezone: 'Africa/Ouagadougou' },
  BJ: { currency: 'XOF', timezone: 'Africa/Porto-Novo' },
  TG: { currency: 'XOF', timezone: 'Africa/Lome' },
  NE: { currency: 'XOF', timezone: 'Africa/Niamey' },
  GW: { currency: 'XOF', timezone: 'Africa/Bissau' },
  FR: { currency: 'EUR', timezone: 'Europe/Paris' },
  BE: { currency: 'EUR', timezone: 'Europe/Brussels' },
  LU: { currency: 'EUR', timezone: 'Europe/Luxembourg' },
} as const;

export type CountryCode = keyof typeof countries;
export const countryCodes = Object.keys(countries) as [CountryCode, ...CountryCode[]];

const timezones = new Set(Intl.supportedValuesOf('timeZone'));
export const isTimezone = (value: string) => timezones.has(value) || value === 'UTC';

export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
}
