// One email or phone of a person record as identity reads it: normalised, or why it is unusable
// (malformed, or a placeholder). Matching and the golden profile both read contact values here,
// so a value the profile shows is exactly one that identity matches on.
import { isSupportedCountry } from 'libphonenumber-js/max';
import type { PersonAttributes } from '../../sources/record';
import { countryCode } from '../../shared/country';
import { isJunkEmail, isJunkPhone, type JunkConfig } from './junk-values';
import { emailCountry } from './normalise-country';
import { normaliseEmail } from './normalise-email';
import { normalisePhoneIn, type CountryCode } from './normalise-phone';

export const BLOCKED = 'blocked placeholder value';

export type ContactResult = { value: string } | { invalid: string };

/** A normalised email address, or `invalid` (malformed, or BLOCKED for a placeholder). */
export function personEmail(raw: string, junk?: JunkConfig): ContactResult {
  const result = normaliseEmail(raw);
  if ('invalid' in result) return result;
  return isJunkEmail(result.value, junk) ? { invalid: BLOCKED } : { value: result.value };
}

/**
 * The regions a record's nationally written phone numbers are read in when they are not valid in the
 * default region: the countries of its addresses, else those of its email domains.
 */
export function phoneRegionsOf(person: Pick<PersonAttributes, 'addresses' | 'emails'>): CountryCode[] {
  const addressCountries = unique(person.addresses.map((a) => phoneRegion(countryCode(a.country))));
  return (addressCountries.length > 0 ? addressCountries : unique(person.emails.map((e) => emailCountry(e) ?? ''))) as CountryCode[];
}

/** A phone number in E.164 (read as normalisePhoneIn does, in `regions` after the default), or `invalid`. */
export function personPhone(raw: string, defaultRegion: CountryCode, regions: readonly CountryCode[], junk?: JunkConfig): ContactResult {
  // Junk first: placeholders like 5555555555 are also invalid numbers, and "placeholder" is the more useful note.
  if (isJunkPhone(raw, junk)) return { invalid: BLOCKED };
  const result = normalisePhoneIn(raw, defaultRegion, regions);
  if ('invalid' in result) return result;
  return isJunkPhone(result.value, junk) ? { invalid: BLOCKED } : { value: result.value };
}

/** A country as a phone numbering region; '' for none (unknown, or a code without numbering of its own, like AQ). */
function phoneRegion(code: string | undefined): string {
  return code !== undefined && isSupportedCountry(code) ? code : '';
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}
