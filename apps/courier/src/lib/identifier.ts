// What the courier typed to sign in: an email, or the phone number their shop registered them
// with. A number typed without its international prefix is read in the phone's country, from its
// time zone first (a phone in Dakar set to French from France is still in Senegal), then from its
// language's region, else Senegal.

/** The countries the API reads numbers in (packages/api/src/lib/regions.ts), by time zone. */
const COUNTRY_BY_TIME_ZONE: Record<string, string> = {
  'Africa/Dakar': 'SN',
  'Africa/Abidjan': 'CI',
  'Africa/Bamako': 'ML',
  'Africa/Ouagadougou': 'BF',
  'Africa/Porto-Novo': 'BJ',
  'Africa/Lome': 'TG',
  'Africa/Niamey': 'NE',
  'Africa/Bissau': 'GW',
  'Europe/Paris': 'FR',
  'Europe/Brussels': 'BE',
  'Europe/Luxembourg': 'LU',
};
const COUNTRIES = new Set(Object.values(COUNTRY_BY_TIME_ZONE));
export type Country = 'SN' | 'CI' | 'ML' | 'BF' | 'BJ' | 'TG' | 'NE' | 'GW' | 'FR' | 'BE' | 'LU';

export function deviceCountry(timeZone: string | undefined, locale: string | undefined): Country {
  const byZone = timeZone ? COUNTRY_BY_TIME_ZONE[timeZone] : undefined;
  if (byZone) return byZone as Country;
  const region = locale?.split(/[-_]/)[1]?.toUpperCase();
  if (region && COUNTRIES.has(region)) return region as Country;
  return 'SN';
}

export type SignInIdentifier = { email: string } | { phone: string; country: Country };

/** An email if it has an @, else a phone number (the server checks it is one). */
export function signInIdentifier(typed: string, country: Country): SignInIdentifier {
  const text = typed.trim();
  return text.includes('@') ? { email: text.toLowerCase() } : { phone: text, country };
}
