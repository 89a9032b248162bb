// Comparison levels for birth date, email, phone, address and identifiers.
// Each returns a level index (see levels.ts); `missing` when either side lacks the value.
import { ADDRESS_LEVEL, BIRTH, EMAIL_LEVEL, IDENTIFIER_LEVEL, PHONE_LEVEL } from './levels';
import type { MatchRecord } from './match-record';
import { formsOf } from './name-variants';
import { spellsName } from './name-patterns';
import { jaroWinkler, withinOneEdit } from './string-similarity';

/** Two equal-length digit strings one substitution or one adjacent swap apart. */
function digitsOneEdit(a: string, b: string): boolean {
  let first = -1;
  let diffs = 0;
  for (let i = 0; i < a.length; i++) {
    if (a.charCodeAt(i) === b.charCodeAt(i)) continue;
    if (++diffs > 2) return false;
    if (first < 0) first = i;
  }
  if (diffs === 1) return true;
  return diffs === 2 && a[first] === b[first + 1] && a[first + 1] === b[first];
}

/**
 * A record without birth date whose email ends in a year, against the other's birth year: `undefined`
 * when that says nothing (no year on either side).
 */
function emailYearLevel(holder: MatchRecord, other: MatchRecord): number | undefined {
  const year = other.birth?.year;
  if (holder.birth || year === undefined || holder.emailYears.length === 0) return undefined;
  const full = String(year);
  const short = full.slice(2);
  for (const y of holder.emailYears) if (y === full || y === short) return BIRTH.yearInEmail;
  return BIRTH.otherYearInEmail;
}

export function birthLevel(a: MatchRecord, b: MatchRecord): number {
  const x = a.birth;
  const y = b.birth;
  if (!x || !y) return emailYearLevel(a, b) ?? emailYearLevel(b, a) ?? BIRTH.missing;
  if (x.year === undefined || y.year === undefined) {
    return x.month === y.month && x.day === y.day ? BIRTH.monthDay : BIRTH.else;
  }
  // A 1 January date is usually "year only": its day and month say nothing,
  // but its year does (sentinel years never get here, see match-record).
  if (a.birthYearOnly || b.birthYearOnly) return x.year === y.year ? BIRTH.yearOnly : BIRTH.else;
  if (a.birthDigits === b.birthDigits) return BIRTH.exact;
  if (x.year === y.year && x.month === y.day && x.day === y.month) return BIRTH.transposed;
  if (digitsOneEdit(a.birthDigits, b.birthDigits)) return BIRTH.oneEdit;
  if (x.year !== y.year) return BIRTH.else;
  return x.month === y.month ? BIRTH.sameYearMonth : BIRTH.sameYear;
}


function spellsAny(names: readonly string[], r: MatchRecord): boolean {
  for (let i = 0; i < names.length; i++) if (spellsName(names[i]!, r)) return true;
  return false;
}

/**
 * The email local part of a record without a surname spells the other's name
 * (see MatchRecord.emailNames). Only then: where both records carry names, the
 * name comparison already counts that evidence.
 */
export function nameInEmail(a: MatchRecord, b: MatchRecord): boolean {
  return (
    (a.lastName === undefined && spellsAny(a.emailNames, b)) ||
    (b.lastName === undefined && spellsAny(b.emailNames, a))
  );
}

/**
 * A local part built from a name (ldavis@ for Linda Davis at two providers,
 * meganbrown80@ for any Megan Brown born in 1980, linda@ at two companies)
 * repeats what the name comparison already counted, and namesakes share it:
 * it is no evidence of one mailbox owner. Built from a name: it spells one of
 * the records' name patterns, holds either surname (the patterns miss a
 * mistyped or missing first name), or is either first name alone. With
 * `initialled`, a first name and one more letter (davidj@) counts too.
 */
function nameDerived(local: string, a: MatchRecord, b: MatchRecord, initialled = false): boolean {
  const name = local.replace(/[^a-z]/g, '');
  if (spellsName(name, a) || spellsName(name, b)) return true;
  return holdsSurname(name, a) || holdsSurname(name, b) || isFirstName(name, a, initialled) || isFirstName(name, b, initialled);
}

/**
 * The letters are the record's first name or a form of it (bob@ for Robert), with `initialled` optionally
 * followed by one letter (davidj@). Checked here, not as a name pattern: patterns are blocking keys, and a
 * first name alone would block every Linda with every linda@.
 */
function isFirstName(name: string, r: MatchRecord, initialled: boolean): boolean {
  if (!r.firstName || name.length < 2) return false;
  if (firstNameOf(name, r.firstName.replace(/[^a-z]/g, ''), initialled)) return true;
  for (const form of formsOf(r.firstLoose ?? r.firstName)) if (firstNameOf(name, form.replace(/[^a-z]/g, ''), initialled)) return true;
  return false;
}

function firstNameOf(name: string, first: string, initialled: boolean): boolean {
  if (first.length < 2) return false;
  return name === first || (initialled && name.length === first.length + 1 && name.startsWith(first));
}

function holdsSurname(name: string, r: MatchRecord): boolean {
  if (!r.lastName) return false;
  const last = r.lastName.replace(/[^a-z]/g, '');
  return last.length >= 4 && name.includes(last);
}

/**
 * Best level over all address pairs; one-edit only for addresses long enough
 * to mean something. A record without email can still meet the other's
 * address through its name.
 */
export function emailLevel(a: MatchRecord, b: MatchRecord): number {
  const ea = a.emails;
  const eb = b.emails;
  if (ea.length === 0 || eb.length === 0) return nameInEmail(a, b) ? EMAIL_LEVEL.nameInLocal : EMAIL_LEVEL.missing;
  let best: number = EMAIL_LEVEL.else;
  for (let i = 0; i < ea.length; i++) {
    for (let j = 0; j < eb.length; j++) {
      const x = ea[i]!;
      const y = eb[j]!;
      if (x === y) return EMAIL_LEVEL.exact;
      // One edit apart: a typo, or two namesakes' addresses (john.smith@ / johnsmith@, david@ / davidj@) when both
      // are built from the name. The same first name + initial at two providers (steves@) stays a kept handle:
      // counting it as a name lowered the bench's F1 (docs/identity.md, model version 7).
      if (best > EMAIL_LEVEL.oneEdit && x.length >= 8 && withinOneEdit(x, y) && !(nameDerived(a.emailLocals[i]!, a, b, true) && nameDerived(b.emailLocals[j]!, a, b, true))) {
        best = EMAIL_LEVEL.oneEdit;
      } else if (best > EMAIL_LEVEL.sameLocal && a.emailLocals[i] === b.emailLocals[j] && !nameDerived(a.emailLocals[i]!, a, b)) {
        best = EMAIL_LEVEL.sameLocal;
      }
    }
  }
  if (best !== EMAIL_LEVEL.else) return best;
  if (nameInEmail(a, b)) return EMAIL_LEVEL.nameInLocal;
  return sameLetters(a, b) ? EMAIL_LEVEL.sameLetters : best;
}

/** Two addresses whose local parts hold the same letters, four or more (megan.brown@ / meganbrown80@). */
export function sameLetters(a: MatchRecord, b: MatchRecord): boolean {
  const la = a.emailLetters;
  const lb = b.emailLetters;
  for (let i = 0; i < la.length; i++) if (la[i]!.length >= 4 && lb.includes(la[i]!)) return true;
  return false;
}

export function phoneLevel(a: MatchRecord, b: MatchRecord): number {
  const pa = a.phones;
  const pb = b.phones;
  if (pa.length === 0 || pb.length === 0) return PHONE_LEVEL.missing;
  let best: number = PHONE_LEVEL.else;
  for (let i = 0; i < pa.length; i++) {
    for (let j = 0; j < pb.length; j++) {
      if (pa[i] === pb[j]) return PHONE_LEVEL.exact;
      if (a.phoneTails[i] === b.phoneTails[j]) best = PHONE_LEVEL.last7;
    }
  }
  return best;
}

/** 0 same, 1 one edit, 2 same district, 3 different, 4 missing */
function postcodeRelation(a: MatchRecord, b: MatchRecord): number {
  const x = a.postcode;
  const y = b.postcode;
  if (!x || !y) return 4;
  if (x === y) return 0;
  if (x.length >= 4 && withinOneEdit(x, y)) return 1;
  return a.postcodeDistrict !== '' && a.postcodeDistrict === b.postcodeDistrict ? 2 : 3;
}

/** 0 same house, 1 same house with one typo, 2 same street, 3 different, 4 missing */
function streetRelation(a: MatchRecord, b: MatchRecord): number {
  const x = a.street;
  const y = b.street;
  if (!x || !y) return 4;
  const same = x === y;
  if (!same && jaroWinkler(x, y) < 0.9) return 3;
  const ha = a.houseNumber;
  const hb = b.houseNumber;
  if (!ha || !hb) return 2;
  if (ha === hb) return same ? 0 : 1;
  return same && withinOneEdit(ha, hb) ? 1 : 2;
}

/** 0 same (or a typo apart, first letter kept), 1 different, 2 missing */
function cityRelation(a: MatchRecord, b: MatchRecord): number {
  const x = a.city;
  const y = b.city;
  if (!x || !y) return 2;
  if (x === y) return 0;
  return x.charCodeAt(0) === y.charCodeAt(0) && jaroWinkler(x, y) >= 0.9 ? 0 : 1;
}

export function addressLevel(a: MatchRecord, b: MatchRecord): number {
  const pc = postcodeRelation(a, b);
  // With the postcode known on both sides the city adds nothing.
  const city = pc >= 3 ? cityRelation(a, b) : 2;
  // The street only matters where the place could agree; skipping its
  // Jaro-Winkler elsewhere is most of the cost of this comparison.
  const needStreet = pc <= 2 || (pc === 4 && city !== 1);
  const st = needStreet ? streetRelation(a, b) : a.street && b.street ? 3 : 4;
  if (pc === 4 && st === 4 && city === 2) return ADDRESS_LEVEL.missing;
  const placeAgrees = pc <= 1 || (pc === 4 && city !== 1);
  if (st <= 1 && placeAgrees) return ADDRESS_LEVEL.sameHouse;
  if (pc === 0) return ADDRESS_LEVEL.samePostcode;
  if (pc === 1 || (st <= 2 && (pc === 2 || (pc === 4 && city === 0)))) return ADDRESS_LEVEL.near;
  if (pc === 2 || city === 0) return ADDRESS_LEVEL.sameArea;
  // Only a street compared against a street elsewhere, nothing else known: no evidence.
  if (pc === 4 && city === 2 && st !== 3) return ADDRESS_LEVEL.missing;
  return ADDRESS_LEVEL.else;
}

/**
 * Same type, and the values are one edit apart (a number mistyped when copied into another system). Two
 * records of one source never count as a typo: a system's own customer numbers CN102376 and CN102377 are two
 * customers (often one household, numbered one after the other), so they conflict.
 */
type Identified = Pick<MatchRecord, 'source' | 'identifiers' | 'identifierTypes'>;

function nearValue(a: Identified, i: number, b: Identified, j: number): boolean {
  return a.source !== b.source && a.identifierTypes[i] === b.identifierTypes[j] && withinOneEdit(a.identifiers[i]!, b.identifiers[j]!);
}

export function identifierLevel(a: MatchRecord, b: MatchRecord): number {
  const ia = a.identifiers;
  const ib = b.identifiers;
  if (ia.length === 0 || ib.length === 0) return IDENTIFIER_LEVEL.missing;
  let best: number = IDENTIFIER_LEVEL.missing;
  for (let i = 0; i < ia.length; i++) {
    for (let j = 0; j < ib.length; j++) {
      if (ia[i] === ib[j]) return IDENTIFIER_LEVEL.exact;
      if (nearValue(a, i, b, j)) best = IDENTIFIER_LEVEL.oneEdit;
      else if (best === IDENTIFIER_LEVEL.missing && a.identifierTypes[i] === b.identifierTypes[j]) best = IDENTIFIER_LEVEL.conflict;
    }
  }
  return best;
}

/**
 * Identifier types both records carry with no value in common and none a
 * typo of the other, e.g. two different customer numbers.
 */
export function identifierConflicts(a: Identified, b: Identified): string[] {
  const out = new Set<string>();
  const close = new Set<string>();
  a.identifiers.forEach((_, i) => {
    b.identifiers.forEach((v, j) => {
      const type = a.identifierTypes[i]!;
      if (type !== b.identifierTypes[j]) return;
      if (a.identifiers[i] === v || nearValue(a, i, b, j)) close.add(type);
      else out.add(type);
    });
  });
  return [...out].filter((type) => !close.has(type));
}
