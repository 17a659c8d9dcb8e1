// Phone numbers in, E.164 out. People type numbers the way they say them ("77 123 45 67",
// "06 12 34 56 78", "00221…"); the business's country says which country a national number is in.
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * The E.164 form of `raw` ("+221771234567"), or null when it is not a valid number.
 * `defaultCountry` (ISO 3166 alpha-2, the business country) applies to numbers written without
 * an international prefix; a number with one ("+33…", "00 33…") keeps its own country.
 *
 * Validation uses the package's default ("min") metadata: lengths and leading digits per
 * country. It refuses typos and garbage without refusing a real customer whose number sits in
 * a range allocated after the metadata was built.
 */
export function normalizePhone(raw: string, defaultCountry?: string | null): string | null {
  const text = raw.trim();
  if (!text || text.length > 40 || !/\d/.test(text)) return null;
  const region = defaultCountry && isSupportedCountry(defaultCountry) ? defaultCountry : undefined;
  const parsed = parsePhoneNumberFromString(text, region);
  if (!parsed?.isValid()) return null;
  return parsed.number;
}

/** A run of digits, spaces, dots, dashes and brackets that may be a phone number. */
const PHONE_LIKE = /(?:\+|00)?[\d(][\d ().-]{6,20}\d/g;

/**
 * The phone numbers (E.164) in an email's signature: its last lines, where people put them
 * ("Tél : 77 123 45 67", "+33 6 12 34 56 78"). A quoted earlier message is not the sender's.
 */
export function phonesInSignature(text: string, defaultCountry?: string | null): string[] {
  const own = text.split(/\n(?:>|On .+ wrote:|Le .+ a écrit ?:)/)[0] ?? '';
  const tail = own.split('\n').slice(-12).join('\n');
  const found = new Set<string>();
  for (const match of tail.matchAll(PHONE_LIKE)) {
    const phone = normalizePhone(match[0], defaultCountry);
    if (phone) found.add(phone);
  }
  return [...found];
}
