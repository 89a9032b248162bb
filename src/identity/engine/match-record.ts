// One person record in the form the engine compares: normalised once, with
// everything a pairwise comparison needs precomputed (phonetic codes, email
// local parts, phone tails …) so that scoring millions of pairs allocates
// nothing per pair. Junk values never get here: normalisedPerson drops them.
import type { PersonAttributes, PostalAddress } from '../../sources/record';
import type { JunkConfig } from '../matching/junk-values';
import { normalisedPerson, type NormalisedPerson } from '../matching/match-keys';
import { emailMatchKey } from '../matching/normalise-email';
import { normaliseName } from '../matching/normalise-name';
import type { CountryCode } from '../matching/normalise-phone';
import { memoised } from './memo';
import { namePatternsOf } from './name-patterns';
import { looseCanonicalFirstName } from './name-variants';
import { normalisePostcode, parseStreetLine, postcodeDistrict } from './normalise-address';
import { nysiis } from './phonetic';

export interface MatchRecord {
  id: string;
  source: string;
  /** normaliseName() form, e.g. "bob" */
  firstName?: string;
  /** nickname-folded (canonicalFirstName), e.g. "robert" */
  firstCanonical?: string;
  lastName?: string;
  /** email match keys (emailMatchKey) */
  emails: string[];
  /** E.164 */
  phones: string[];
  /** 1 January is kept but compared as "year only" (see birthYearOnly); so is a bare year. */
  birth?: { year?: number; month: number; day: number };
  /** upper-case, no spaces: "SW1A1AA" */
  postcode?: string;
  city?: string;
  /** "high street" (abbreviations expanded, units dropped) */
  street?: string;
  houseNumber?: string;
  /** `type:VALUE` */
  identifiers: string[];

  // Derived once, read by the comparators and blocking. '' means absent.
  /** firstCanonical, also folding more diminutives and a mistyped nickname (looseCanonicalFirstName) */
  firstLoose?: string;
  /** the last name read as a first name, loosely folded: for names swapped between fields */
  lastCanonical?: string;
  /** NYSIIS codes */
  firstPhonetic: string;
  lastPhonetic: string;
  /** `YYYY-MM-DD` of a full, non-placeholder birth date (term-frequency key) */
  birthKey: string;
  /** `YYYYMMDD` of the same, for the one-digit-edit level */
  birthDigits: string;
  /** known by its year only: 1 January (the usual placeholder) or a bare year */
  birthYearOnly: boolean;
  /** local part of each email, same order */
  emailLocals: string[];
  /** letters of each local part before a `+tag`, same order ("megan.brown80+shop" → "meganbrown") */
  emailLetters: string[];
  /** last 7 digits of each phone, same order */
  phoneTails: string[];
  /** type of each identifier, same order */
  identifierTypes: string[];
  postcodeDistrict: string;
  /** email local parts as letters only ("l.ford99+shop" → "lford"; "thewalkers" also → "walker"), 4 letters or more */
  emailNames: string[];
  /** years the email local parts end in ("megan.brown80" → "80", "mprice1951" → "1951"; see emailYears) */
  emailYears: string[];
}

export interface MatchRecordOptions {
  defaultRegion: CountryCode;
  now?: Date;
  junk?: JunkConfig;
}

const pad = (n: number) => String(n).padStart(2, '0');

function firstAddress(addresses: PostalAddress[]): PostalAddress | undefined {
  return addresses.find((a) => a.line1 || a.line2 || a.postcode || a.city);
}

function birthOf(date?: string, monthDay?: { month: number; day: number }): MatchRecord['birth'] {
  if (date) {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    // 1900-01-01 and 1970-01-01 (the Unix epoch) are "no date" sentinels, not even a year.
    if ((y <= 1900 || y === 1970) && m === 1 && d === 1) return undefined;
    return { year: y, month: m, day: d };
  }
  return monthDay ? { year: undefined, month: monthDay.month, day: monthDay.day } : undefined;
}

/**
 * A bare year ("1951"), which some sources hold instead of a date: kept as
 * 1 January, the convention for year-only dates (compared by year only).
 */
function yearOnly(raw: string | undefined, now = new Date()): MatchRecord['birth'] {
  const m = /^\s*(\d{4})\s*$/.exec(raw ?? '');
  const year = m ? Number(m[1]) : NaN;
  return year > 1900 && year <= now.getUTCFullYear() ? { year, month: 1, day: 1 } : undefined;
}

const letters = (s: string) => s.replace(/[^a-z]/g, '');

/** Words a household address adds around the surname: thewalkers@, smith.family@, vasensonhome@. */
const FAMILY_WORDS = /^(the)|(family|fam|home|household|house)$/g;

function emailNames(emails: string[]): string[] {
  const out = new Set<string>();
  for (const e of emails) {
    const local = letters(e.slice(0, e.lastIndexOf('@')).split('+')[0]!);
    out.add(local);
    const bare = local.replace(FAMILY_WORDS, '');
    if (bare !== local) out.add(bare.endsWith('s') && local.startsWith('the') ? bare.slice(0, -1) : bare);
  }
  return [...out].filter((x) => x.length >= 4);
}

/**
 * The years email local parts end in: two digits, or four from 1900 to 2099, right after a letter (a
 * longer number is an account number, not a year). People put their birth year there; the comparison
 * reads it only for a record without a birth date of its own.
 */
export function emailYears(locals: readonly string[]): string[] {
  const out = new Set<string>();
  for (const local of locals) {
    const m = /[a-z._-](\d+)$/.exec(local.split('+')[0]!);
    const digits = m?.[1];
    if (digits && (digits.length === 2 || (digits.length === 4 && /^(19|20)/.test(digits)))) out.add(digits);
  }
  return [...out];
}

function setBirth(r: MatchRecord, birth: MatchRecord['birth']): void {
  if (!birth) return;
  r.birth = birth;
  r.birthYearOnly = birth.year !== undefined && birth.month === 1 && birth.day === 1;
  if (birth.year !== undefined && !r.birthYearOnly) {
    const strings = birthStrings(birth.year, birth.month, birth.day);
    r.birthKey = strings.key;
    r.birthDigits = strings.digits;
  }
}

// Birth dates repeat (tens of thousands of them among a million records): their strings are made once per
// date and found by a number, not built and looked up by text per record.
const birthStringsOf = memoised((date: number) => {
  const key = `${Math.floor(date / 10_000)}-${pad(Math.floor(date / 100) % 100)}-${pad(date % 100)}`;
  return { key, digits: key.replace(/-/g, '') };
}, 200_000);
function birthStrings(year: number, month: number, day: number): { key: string; digits: string } {
  return birthStringsOf((year * 100 + month) * 100 + day);
}

/** What normalisation decides (the costly part); the rest of a MatchRecord is derived from it cheaply. */
interface Normalised {
  firstName: string | undefined;
  firstCanonical: string | undefined;
  lastName: string | undefined;
  emails: string[];
  phones: string[];
  identifiers: string[];
  firstLoose: string | undefined;
  lastCanonical: string | undefined;
  firstPhonetic: string;
  lastPhonetic: string;
  emailNames: string[];
  birth: MatchRecord['birth'];
  postcode: string | undefined;
  city: string | undefined;
  street: string | undefined;
  houseNumber: string | undefined;
}

function normalise(person: PersonAttributes, options: MatchRecordOptions): Normalised {
  const p: NormalisedPerson = normalisedPerson(person, options);
  const emails = [...new Set(p.emails.map(emailMatchKey))];
  const firstLoose = p.firstName ? looseCanonicalFirstName(p.firstName) : undefined;
  const address = firstAddress(person.addresses);
  const postcode = address ? normalisePostcode(address.postcode ?? '') : '';
  const city = address ? normaliseName(address.city ?? '') : '';
  const line = address ? parseStreetLine(`${address.line1 ?? ''} ${address.line2 ?? ''}`) : undefined;
  return {
    firstName: p.firstName,
    firstCanonical: p.firstNameCanonical,
    lastName: p.lastName,
    emails,
    phones: p.phones,
    identifiers: p.identifiers,
    firstLoose,
    lastCanonical: p.lastName ? looseCanonicalFirstName(p.lastName) : undefined,
    firstPhonetic: p.firstName ? nysiis(p.firstName) : '',
    lastPhonetic: p.lastName ? nysiis(p.lastName) : '',
    emailNames: emailNames(emails),
    birth: birthOf(p.birthDate, p.birthMonthDay) ?? yearOnly(person.birthDate, options.now),
    postcode: postcode || undefined,
    city: city || undefined,
    street: line?.street || undefined,
    houseNumber: line?.houseNumber || undefined,
  };
}

/**
 * Every property present (undefined when absent) and in one order, so all
 * records share one hidden class and the comparators' property reads stay
 * monomorphic: several times faster over millions of pairs.
 */
// Values repeat across a million records (first names, phonetic codes, birth dates, postcodes, cities): one
// string instance per value and one frozen empty list take a record from about 1.5 KB of heap to 1.0 KB
// (215,000 generated records: 316 → 199 MiB).
const shared = memoised((value: string) => value, 500_000);
const NONE = Object.freeze([]) as unknown as string[];
const sharedOrNone = (value: string | undefined) => (value === undefined ? undefined : shared(value));
// Values nearly every record has its own (emails, phones, the forms derived from them) are
// not looked up: at 10^6 records those lookups were two fifths of decoding a record (a miss and an insert
// each, and the table cleared every 40,000 records), for about 140 bytes a record of sharing.
const ownList = (values: string[]) => (values.length === 0 ? NONE : values);
// JSON.parse (V8 in Node 20) returns string values of up to 10 characters from the engine's string table, one
// instance per value already: a decoded record's names, codes, postcodes and dates need no lookup of their
// own. A V8 that shared fewer would cost memory, not change a result.
const JSON_SHARED_LENGTH = 10;
const parsedShared = (value: string) => (value.length <= JSON_SHARED_LENGTH ? value : shared(value));
const parsedOrNone = (value: string | undefined) => (value === undefined ? undefined : parsedShared(value));
// Values of few kinds derived per record (sources, identifier types, postcode districts, email years) have
// small tables of their own: in the one above, they met misses after each clearing, most of them caused by
// values that never repeat.
const sharedKind = memoised((value: string) => value, 10_000);
const kindList = (values: string[]) => (values.length === 0 ? NONE : values.map(sharedKind));
// by postcode (a shared string), and one instance per district
const districtOf = memoised((postcode: string) => sharedKind(postcodeDistrict(postcode)), 100_000);

/** `parsed`: the normalised strings come from JSON.parse (decodeMatchRecord). */
function assemble(id: string, source: string, n: Normalised, parsed: boolean): MatchRecord {
  const orNone = parsed ? parsedOrNone : sharedOrNone;
  const emailLocals = n.emails.map((e) => e.slice(0, e.lastIndexOf('@')));
  const r: MatchRecord = {
    id,
    source: sharedKind(source),
    firstName: orNone(n.firstName),
    firstCanonical: orNone(n.firstCanonical),
    lastName: orNone(n.lastName),
    emails: ownList(n.emails),
    phones: ownList(n.phones),
    birth: undefined,
    postcode: orNone(n.postcode),
    city: orNone(n.city),
    street: orNone(n.street),
    houseNumber: orNone(n.houseNumber),
    identifiers: ownList(n.identifiers),
    firstLoose: orNone(n.firstLoose),
    lastCanonical: orNone(n.lastCanonical),
    firstPhonetic: orNone(n.firstPhonetic)!,
    lastPhonetic: orNone(n.lastPhonetic)!,
    birthKey: '',
    birthDigits: '',
    birthYearOnly: false,
    emailLocals: ownList(emailLocals),
    emailLetters: ownList(emailLocals.map((l) => letters(l.split('+')[0]!))),
    phoneTails: ownList(n.phones.map((ph) => ph.slice(-7))),
    identifierTypes: kindList(n.identifiers.map((i) => i.slice(0, i.indexOf(':')))),
    postcodeDistrict: n.postcode ? districtOf(n.postcode) : '',
    emailNames: ownList(n.emailNames),
    emailYears: kindList(emailYears(emailLocals)),
  };
  setBirth(r, n.birth);
  return r;
}

export function toMatchRecord(
  id: string,
  source: string,
  person: PersonAttributes,
  options: MatchRecordOptions,
): MatchRecord {
  return assemble(id, source, normalise(person, options), false);
}

/**
 * The normalised fields, in this order, make a record's stored form (identity_record.match_record). The name
 * patterns (namePatternsOf) keep their place there, though a decoded record makes them when asked: stored
 * forms of earlier builds read alike, and earlier builds read these.
 */
const STORED = [
  'firstName', 'firstCanonical', 'lastName', 'emails', 'phones', 'identifiers', 'firstLoose', 'lastCanonical',
  'firstPhonetic', 'lastPhonetic', 'emailNames', 'namePatterns', 'birth', 'postcode', 'city', 'street', 'houseNumber',
] as const satisfies readonly (keyof Normalised | 'namePatterns')[];
const POSITION = Object.fromEntries(STORED.map((k, i) => [k, i])) as Record<(typeof STORED)[number], number>;
/** One field of a stored normalisation (absent: undefined). */
const storedAt = <T>(v: unknown[], k: Exclude<(typeof STORED)[number], 'namePatterns'>) => (v[POSITION[k]] ?? undefined) as T;

/**
 * A record's normalisation as compact JSON: an incremental run reads its candidates' match records
 * instead of normalising hundreds of them again (tens of microseconds each). Valid for the content and
 * the normalisation code (KEY_VERSION) it was made with. `patterns: false` leaves the name patterns'
 * slot empty, for a copy this build decodes (it makes them when asked), not for one it stores.
 */
export function encodeMatchRecord(r: MatchRecord, { patterns = true }: { patterns?: boolean } = {}): string {
  return JSON.stringify(
    STORED.map((k) =>
      k === 'birth'
        ? r.birth
          ? [r.birth.year ?? null, r.birth.month, r.birth.day]
          : null
        : k === 'namePatterns'
          ? patterns
            ? namePatternsOf(r)
            : []
          : (r[k] ?? null),
    ),
  );
}

export function decodeMatchRecord(id: string, source: string, text: string): MatchRecord {
  const v = JSON.parse(text) as unknown[];
  // Read by position into one object literal: building it from STORED's names (Object.fromEntries) and
  // reading it back took about a sixth of decoding a record.
  const birth = storedAt<[number | null, number, number] | undefined>(v, 'birth');
  return assemble(id, source, {
    firstName: storedAt(v, 'firstName'),
    firstCanonical: storedAt(v, 'firstCanonical'),
    lastName: storedAt(v, 'lastName'),
    emails: storedAt(v, 'emails'),
    phones: storedAt(v, 'phones'),
    identifiers: storedAt(v, 'identifiers'),
    firstLoose: storedAt(v, 'firstLoose'),
    lastCanonical: storedAt(v, 'lastCanonical'),
    firstPhonetic: storedAt(v, 'firstPhonetic'),
    lastPhonetic: storedAt(v, 'lastPhonetic'),
    emailNames: storedAt(v, 'emailNames'),
    birth: birth ? { year: birth[0] ?? undefined, month: birth[1], day: birth[2] } : undefined,
    postcode: storedAt(v, 'postcode'),
    city: storedAt(v, 'city'),
    street: storedAt(v, 'street'),
    houseNumber: storedAt(v, 'houseNumber'),
  }, true);
}
