// Phone normalisation to E.164.
//
// Uses the `max` metadata of libphonenumber-js on purpose: with the default
// (`min`) metadata `isValid()` only checks the number's length and leading
// digits, so e.g. +65 8955 5555 passes; `max` carries the full per-type
// patterns that Google's libphonenumber uses. A phone number becomes a match
// key, so a strict check is worth the ~65 kB. The cost — numbering ranges
// allocated after the bundled metadata are rejected — is acceptable because
// rejected values are kept raw upstream and only miss out on matching.
import { parsePhoneNumberWithError, ParseError, validatePhoneNumberLength } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';

export type { CountryCode };

export type PhoneResult = { value: string; extension?: string } | { invalid: string };

/** `ext`, `ext.`, `extension`, `x`, `#` followed by digits, at the end. */
const EXTENSION = /\s*[,;]?\s*(?:ext(?:ension)?\.?|x|#)\s*[:.]?\s*(\d{1,10})\s*$/i;
/** What a written phone number may contain besides its digits. */
const PHONE_CHARS = /^[\d\s+()./\-\u2010-\u2015]+$/;

const LENGTH_REASONS: Readonly<Record<string, string>> = {
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_LENGTH: 'invalid length',
  INVALID_COUNTRY: 'unknown country calling code',
  NOT_A_NUMBER: 'not a phone number',
};

/**
 * Parse a phone number as written and return it in E.164 (`+14155550134`).
 * National numbers are read in `defaultRegion`; numbers with `+` or an
 * international prefix keep their own country. An extension is returned
 * apart and is never part of the E.164 value.
 */
export function normalisePhone(raw: string, defaultRegion: CountryCode): PhoneResult {
  const text = raw.trim();
  if (text === '') return { invalid: 'empty' };
  const ext = EXTENSION.exec(text);
  const main = ext ? text.slice(0, ext.index) : text;
  // Letters would be silently dropped or read as vanity digits by the parser.
  if (/\p{L}/u.test(main)) return { invalid: 'contains letters' };
  if (!PHONE_CHARS.test(main)) return { invalid: 'contains unexpected characters' };
  if (main.indexOf('+') > 0 || (main.match(/\+/g)?.length ?? 0) > 1) {
    return { invalid: 'misplaced +' };
  }
  if (!/\d/.test(main)) return { invalid: 'not a phone number' };

  let parsed;
  try {
    parsed = parsePhoneNumberWithError(main, { defaultCountry: defaultRegion, extract: false });
  } catch (error) {
    if (error instanceof ParseError) return { invalid: LENGTH_REASONS[error.message] ?? error.message };
    throw error;
  }
  if (!parsed.isValid()) {
    const length = validatePhoneNumberLength(main, defaultRegion);
    if (length) return { invalid: LENGTH_REASONS[length] ?? length };
    // The country is unknown for an invalid number; its calling code is not.
    return { invalid: `not a valid number for +${parsed.countryCallingCode}` };
  }
  return ext ? { value: parsed.number, extension: ext[1]! } : { value: parsed.number };
}

/**
 * A number read in the default region, or, when it is not valid there and written nationally (no `+`
 * or international prefix), in the first other region where it is valid: the countries of the record's
 * own addresses (`07400 123456` on a London address is +447400123456, not an invalid US number).
 * Invalid everywhere, it says why in each region tried, the record's own first: `07700 296341` on a UK
 * record is "not a valid number for +44 (read in GB); too long (read in US)", not just the US reading.
 */
export function normalisePhoneIn(raw: string, defaultRegion: CountryCode, otherRegions: readonly CountryCode[]): PhoneResult {
  const first = normalisePhone(raw, defaultRegion);
  if (!('invalid' in first) || /^\s*(\+|00)/.test(raw)) return first;
  const failures: [CountryCode, string][] = [];
  for (const region of otherRegions) {
    if (region === defaultRegion || failures.some(([tried]) => tried === region)) continue;
    const other = normalisePhone(raw, region);
    if (!('invalid' in other)) return other;
    failures.push([region, other.invalid]);
  }
  if (failures.length === 0) return first;
  failures.push([defaultRegion, first.invalid]);
  return { invalid: readings(failures) };
}

/** "too short (read in GB, US)" or "not a valid number for +44 (read in GB); too long (read in US)". */
function readings(failures: readonly [CountryCode, string][]): string {
  const byReason = new Map<string, CountryCode[]>();
  for (const [region, reason] of failures) byReason.set(reason, [...(byReason.get(reason) ?? []), region]);
  return [...byReason].map(([reason, regions]) => `${reason} (read in ${regions.join(', ')})`).join('; ');
}
