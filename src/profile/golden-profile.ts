import type { CountryCode } from 'libphonenumber-js';
import type { JunkConfig } from '../identity/matching/junk-values';
import { normaliseBirthDate } from '../identity/matching/normalise-date';
import { personEmail, personPhone, phoneRegionsOf } from '../identity/matching/person-contact';
import { canonicalCountry, countryCode } from '../shared/country';
import type { PersonAttributes, PostalAddress } from '../sources/record';
import { changedAt, type RecordRow } from './records';

/** Where a golden value came from and which survivorship rule chose it. */
export interface Provenance {
  recordId: string;
  source: string;
  entity: string;
  externalId: string;
  changedAt: Date;
  rule: SurvivorshipRule;
}

export type SurvivorshipRule = 'most_recent' | 'all_distinct';

export interface GoldenValue<T> {
  value: T;
  provenance: Provenance[];
}

export interface GoldenProfile {
  name: GoldenValue<{ first?: string; last?: string; full: string }> | null;
  emails: GoldenValue<string>[];
  phones: GoldenValue<string>[];
  addresses: GoldenValue<PostalAddress>[];
  birthDate: GoldenValue<string> | null;
}

/**
 * Survivorship for the foundation: single-valued attributes take the most recently changed record
 * that has a usable value; multi-valued ones keep every distinct normalised value, newest first,
 * each with every record that holds it. Emails and phones are read as identity reads them (a national
 * number in the record's own country too); invalid values and placeholders never reach the golden record,
 * their record's quality notes say why. `junk`: the placeholders configured beside the built-in ones.
 */
export function buildGoldenProfile(records: RecordRow[], region: CountryCode, junk?: JunkConfig): GoldenProfile {
  const persons = records.filter((r) => r.person).sort((a, b) => changedAt(b).getTime() - changedAt(a).getTime());
  const attrs = (r: RecordRow) => r.person as unknown as PersonAttributes;
  return {
    name: mostRecent(persons, (r) => nameOf(attrs(r))),
    emails: allDistinct(persons, (r) => attrs(r).emails.map((e) => validEmail(e, junk))),
    phones: allDistinct(persons, (r) => {
      if (attrs(r).phones.length === 0) return [];
      const regions = phoneRegionsOf(attrs(r));
      return attrs(r).phones.map((p) => validPhone(p, region, regions, junk));
    }),
    addresses: allDistinct(persons, (r) => attrs(r).addresses.map(addressEntry)),
    birthDate: mostRecent(persons, (r) => fullBirthDate(attrs(r).birthDate)),
  };
}

function provenance(r: RecordRow, rule: SurvivorshipRule): Provenance {
  return { recordId: r.id, source: r.source, entity: r.entity, externalId: r.externalId, changedAt: changedAt(r), rule };
}

function mostRecent<T>(newestFirst: RecordRow[], pick: (r: RecordRow) => T | undefined): GoldenValue<T> | null {
  for (const r of newestFirst) {
    const value = pick(r);
    if (value !== undefined) return { value, provenance: [provenance(r, 'most_recent')] };
  }
  return null;
}

/** pick returns [dedupe key, display value] pairs (or undefined for unusable values). */
function allDistinct<T>(newestFirst: RecordRow[], pick: (r: RecordRow) => ([string, T] | undefined)[]): GoldenValue<T>[] {
  const byKey = new Map<string, GoldenValue<T>>();
  for (const r of newestFirst) {
    for (const entry of pick(r)) {
      if (!entry) continue;
      const existing = byKey.get(entry[0]);
      if (existing?.provenance.some((p) => p.recordId === r.id)) continue;
      if (existing) existing.provenance.push(provenance(r, 'all_distinct'));
      else byKey.set(entry[0], { value: entry[1], provenance: [provenance(r, 'all_distinct')] });
    }
  }
  return [...byKey.values()];
}

function nameOf(p: PersonAttributes): { first?: string; last?: string; full: string } | undefined {
  const full = [p.firstName, p.lastName].filter(Boolean).join(' ') || p.fullName;
  if (!full) return undefined;
  return { first: p.firstName, last: p.lastName, full };
}

function validEmail(raw: string, junk: JunkConfig | undefined): [string, string] | undefined {
  const result = personEmail(raw, junk);
  return 'value' in result ? [result.value, result.value] : undefined;
}

/** Parsed phones by regions, placeholders and text: parsing is the costliest step of a profile, and numbers repeat. */
const parsedPhones = new Map<string, string | null>();
const PARSED_PHONES_KEPT = 20_000;

function validPhone(raw: string, region: CountryCode, regions: CountryCode[], junk: JunkConfig | undefined): [string, string] | undefined {
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
 * Keyed by its parts folded, the country by its ISO code ("US" and "United States" are one address; a code
 * is upper case, so it never equals a folded unknown name); shown with the country as canonicalCountry has
 * it. The source record keeps the country as written; the provenance names that record.
 */
function addressEntry(a: PostalAddress): [string, PostalAddress] | undefined {
  const country = countryCode(a.country) ?? addressPart(a.country ?? '');
  const key = [...[a.line1, a.postcode, a.city].map((part) => addressPart(part ?? '')), country].join('|');
  if (!key.replace(/\|/g, '')) return undefined;
  const shown: PostalAddress = { ...a, country: canonicalCountry(a.country) };
  if (shown.country === undefined) delete shown.country;
  return [key, shown];
}

/** Case, accents and punctuation fold; digits stay (house numbers, postcodes). */
function addressPart(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '');
}

function fullBirthDate(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const result = normaliseBirthDate(raw);
  return 'value' in result ? result.value : undefined;
}
