// What a search box typed becomes in SQL: names folded to no accents (PostgreSQL's translate()
// over the same letters, no extension needed), phones matched on their digits, LIKE wildcards
// escaped. The orders search uses it; prospects.ts keeps its own copy of the same rules.

export const ACCENTED = 'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿ';
export const foldAccents = (value: string) => value.normalize('NFD').replace(/\p{Diacritic}/gu, '');
export const UNACCENTED = foldAccents(ACCENTED);
const likeEscape = (value: string) => value.replace(/[\\%_]/g, '\\$&');

/** The LIKE patterns of one search text; null where the text gives nothing to match on. */
export interface SearchPatterns {
  /** `%text%` on the folded name (ILIKE: case-insensitive). */
  name: string | null;
  /** `%digits%` on the E.164 phone, when 3 digits or more were typed. */
  phone: string | null;
  /** The same without a national trunk 0 ("0612…" finds +33612…). */
  national: string | null;
}

export function searchPatterns(q: string): SearchPatterns {
  const text = foldAccents(q.trim());
  const digits = q.replace(/\D/g, '');
  const national = digits.replace(/^0+/, '');
  return {
    name: text ? `%${likeEscape(text)}%` : null,
    phone: digits.length >= 3 ? `%${digits}%` : null,
    national: national !== digits && national.length >= 3 ? `%${national}%` : null,
  };
}
