// The values a person record offers the golden profile, each as [key, value]: records whose values share a
// key hold the same value. Invalid values and placeholders are never offered; the record's quality notes say why.
import type { CountryCode } from 'libphonenumber-js';
import { parseStreetLine } from '../identity/engine/normalise-address';
import type { JunkConfig } from '../identity/matching/junk-values';
import { normaliseBirthDate } from '../identity/matching/normalise-date';
import { personEmail, personPhone } from '../identity/matching/person-contact';
import { canonicalCountry, countryCode } from '../shared/country';
import type { PersonAttributes, PostalAddress } from '../sources/record';
import type { NameValue } from './completeness';

export type Keyed<T> = [key: string, value: T];

/** First and last name, else the single full-name field; keyed up to case, accents and spacing. */
export function nameEntry(p: PersonAttributes): Keyed<NameValue> | undefined {
  const full = [p.firstName, p.lastName].filter(Boolean).join(' ') || p.fullName;
  if (!full) return undefined;
  const key = fold(full).replace(/\s+/g, ' ').trim();
  return key ? [key, { first: p.firstName, last: p.lastName, full }] : undefined;
}

export function birthDateEntry(raw: string | undefined): Keyed<string> | undefined {
  if (!raw) return undefined;
  const result = normaliseBirthDate(raw);
  return 'value' in result ? [result.value, result.value] : undefined;
}

export function emailEntry(raw: string, junk: JunkConfig | undefined): Keyed<string> | undefined {
  const result = personEmail(raw, junk);
  return 'value' in result ? [result.value, result.value] : undefined;
}

/** Parsed phones by regions, placeholders and text: parsing is the costliest step of a profile, and numbers repeat. */
const parsedPhones = new Map<string, string | null>();
const PARSED_PHONES_KEPT = 20_000;

export function phoneEntry(raw: string, region: CountryCode, regions: CountryCode[], junk: JunkConfig | undefined): Keyed<string> | undefined {
  const key = `${region}\u0000${regions.join(',')}\u0000${junk?.phones?.join(',') ?? ''}\u0000${raw}`;
  let value = parsedPhones.get(key);
  if (value === undefined) {
    const result = personPhone(raw, region, regions, junk);
    value = 'value' in result ? result.value : null;
    if (parsedPhones.size >= PARSED_PHONES_KEPT) parsedPhones.clear();
    parsedPhones.set(key, value);
  }
  return value === null ? undefined : [value, value];
}

/**
 * Keyed by its parts folded, the street line with its street type written out ("108 Green St" and "108 Green
 * Street" are one address) and its numbers kept (house, flat), the country by its ISO code ("US" and "United
 * States" are one address; a code is upper case, so it never equals a folded unknown name); shown with the
 * country as canonicalCountry has it. The source record keeps the country as written; the provenance names it.
 */
export function addressEntry(a: PostalAddress): Keyed<PostalAddress> | undefined {
  const country = countryCode(a.country) ?? addressPart(a.country ?? '');
  const key = [streetKey(a.line1 ?? ''), addressPart(a.postcode ?? ''), addressPart(a.city ?? ''), country].join('|');
  if (!key.replace(/\|/g, '')) return undefined;
  const shown: PostalAddress = { ...a, country: canonicalCountry(a.country) };
  if (shown.country === undefined) delete shown.country;
  return [key, shown];
}

function streetKey(line: string): string {
  const numbers = line.match(/\d+/g) ?? [];
  const street = addressPart(parseStreetLine(line).street ?? '');
  if (!street && numbers.length === 0) return addressPart(line);
  return `${street}#${[...numbers].sort().join(',')}`;
}

/** Case, accents and punctuation fold; digits stay (house numbers, postcodes). */
function addressPart(text: string): string {
  return fold(text).replace(/ß/g, 'ss').replace(/[^a-z0-9]+/g, '');
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}
