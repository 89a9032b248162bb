// Deterministic match keys of a person record, plus its normalised attributes.
// Two records sharing any key are the same person; malformed and placeholder
// values produce no key and a quality note instead (the raw value is kept
// upstream for display, never used for matching).
import type { PersonAttributes } from '../../sources/record';
import { isJunkIdentifier, isJunkName, type JunkConfig } from './junk-values';
import { normaliseBirthDate } from './normalise-date';
import { emailMatchKey } from './normalise-email';
import { normaliseIdentifier } from './normalise-identifier';
import { canonicalFirstName, normaliseName, splitFullName } from './normalise-name';
import type { CountryCode } from './normalise-phone';
import { BLOCKED, personEmail, personPhone, phoneRegionsOf } from './person-contact';

export interface MatchKey {
  kind: 'email' | 'phone' | 'identifier';
  /** email match key | E.164 | `type:VALUE` */
  value: string;
}

export interface QualityNote {
  /** `email`, `phone`, `identifier:<type>`, `birthDate` */
  field: string;
  /** the raw value */
  value: string;
  problem: string;
}

export interface MatchOptions {
  defaultRegion: CountryCode;
  junk?: JunkConfig;
  /** Reference time for "birth date in the future"; defaults to now. */
  now?: Date;
}

export interface NormalisedPerson {
  /** normaliseName() of the first name ("bob") */
  firstName?: string;
  /** first name with nicknames resolved ("robert") */
  firstNameCanonical?: string;
  lastName?: string;
  /** normalised addresses (not match keys), deduplicated, junk and malformed left out */
  emails: string[];
  /** E.164, deduplicated, junk and malformed left out */
  phones: string[];
  /** YYYY-MM-DD */
  birthDate?: string;
  /** when the source has month and day only */
  birthMonthDay?: { month: number; day: number };
  /** upper-cased, inner whitespace collapsed, deduplicated */
  postcodes: string[];
  /** upper-cased, deduplicated */
  countries: string[];
  /** `type:VALUE` */
  identifiers: string[];
}

interface Analysis {
  keys: MatchKey[];
  quality: QualityNote[];
  person: NormalisedPerson;
}

/** Match keys (deduplicated, in input order) and notes on unusable values. */
export function matchKeys(
  person: PersonAttributes,
  options: MatchOptions,
): { keys: MatchKey[]; quality: QualityNote[] } {
  const { keys, quality } = analyse(person, options);
  return { keys, quality };
}

/** Normalised attributes for display and, later, probabilistic scoring. */
export function normalisedPerson(person: PersonAttributes, options: MatchOptions): NormalisedPerson {
  return analyse(person, options).person;
}

function analyse(person: PersonAttributes, options: MatchOptions): Analysis {
  const { junk } = options;
  const keys = new Map<string, MatchKey>();
  const quality: QualityNote[] = [];
  const emails = new Set<string>();
  const phones = new Set<string>();
  const identifiers = new Set<string>();
  const addKey = (kind: MatchKey['kind'], value: string) => {
    const id = `${kind}\u0000${value}`;
    if (!keys.has(id)) keys.set(id, { kind, value });
  };
  const note = (field: string, value: string, problem: string) => {
    if (!quality.some((q) => q.field === field && q.value === value && q.problem === problem)) {
      quality.push({ field, value, problem });
    }
  };

  for (const raw of person.emails) {
    const result = personEmail(raw, junk);
    if ('invalid' in result) {
      note('email', raw, result.invalid);
    } else {
      emails.add(result.value);
      addKey('email', emailMatchKey(result.value));
    }
  }

  const regions = phoneRegionsOf(person);
  for (const raw of person.phones) {
    const result = personPhone(raw, options.defaultRegion, regions, junk);
    if ('invalid' in result) {
      note('phone', raw, result.invalid);
    } else {
      phones.add(result.value);
      addKey('phone', result.value);
    }
  }

  for (const raw of person.identifiers) {
    const { type, value } = normaliseIdentifier(raw.type, raw.value);
    const field = `identifier:${type}`;
    if (type === '') {
      note('identifier', raw.value, 'missing identifier type');
    } else if (value === '') {
      note(field, raw.value, 'empty');
    } else if (isJunkIdentifier(value, junk)) {
      note(field, raw.value, BLOCKED);
    } else {
      identifiers.add(`${type}:${value}`);
      addKey('identifier', `${type}:${value}`);
    }
  }

  const normalised: NormalisedPerson = {
    emails: [...emails],
    phones: [...phones],
    postcodes: unique(person.addresses.map((a) => a.postcode).map(upper)),
    countries: unique(person.addresses.map((a) => a.country).map(upper)),
    identifiers: [...identifiers],
  };
  Object.assign(normalised, names(person, junk, note));

  if (person.birthDate !== undefined && person.birthDate.trim() !== '') {
    const result = normaliseBirthDate(person.birthDate, options.now);
    if ('value' in result) {
      normalised.birthDate = result.value;
      // still used: the birth-date comparison has a transposed-date level for exactly this
      if (result.ambiguous) note('birthDate', person.birthDate, result.ambiguous);
    }
    else if ('partial' in result) normalised.birthMonthDay = result.partial;
    else note('birthDate', person.birthDate, result.invalid);
  }

  return { keys: [...keys.values()], quality, person: normalised };
}

/** The names identity compares; a placeholder part ("Test", "Unknown") counts as absent and gets a note. */
function names(
  person: PersonAttributes,
  junk: JunkConfig | undefined,
  note: (field: string, value: string, problem: string) => void,
): Pick<NormalisedPerson, 'firstName' | 'firstNameCanonical' | 'lastName'> {
  let { firstName, lastName } = person;
  if (!firstName && !lastName && person.fullName) {
    ({ first: firstName, last: lastName } = splitFullName(person.fullName));
  }
  const usable = (field: string, value: string | undefined): string => {
    if (!value) return '';
    if (!isJunkName(value, junk)) return normaliseName(value);
    note(field, value, BLOCKED);
    return '';
  };
  const out: Pick<NormalisedPerson, 'firstName' | 'firstNameCanonical' | 'lastName'> = {};
  const first = usable('firstName', firstName);
  const last = usable('lastName', lastName);
  if (first) {
    out.firstName = first;
    out.firstNameCanonical = canonicalFirstName(first);
  }
  if (last) out.lastName = last;
  return out;
}

function upper(value: string | undefined): string {
  return (value ?? '').trim().replace(/\s+/g, ' ').toUpperCase();
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ''))];
}
