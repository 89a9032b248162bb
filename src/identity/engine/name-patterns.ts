// How an email address may spell a record's name: first+last, last+first, initial+last, with every
// nickname form of the first name, and the surname alone (a household address). Each holds the whole
// surname, whose rarity then sets the weight (first name + surname initial would match half a town).
//
// Made from the record's names when asked, not held on it: about six strings a named record, a quarter of
// a decoded record's heap, which every collection copied or traced at 10^6 records.
import type { MatchRecord } from './match-record';
import { memoised } from './memo';
import { formsOf } from './name-variants';

type Names = Pick<MatchRecord, 'firstName' | 'lastName' | 'firstLoose'>;

const letters = (s: string) => s.replace(/[^a-z]/g, '');
// names repeat: their letters are found once per name
const lettersOf = memoised(letters);
/** Patterns shorter than this spell too many names to mean anything. */
const MIN_LENGTH = 4;

// The letters of a first name's nickname forms, per folded name: a few thousand names at 10^6 records.
const formLettersOf = memoised((loose: string): readonly string[] => formsOf(loose).map(letters), 100_000);

/** The first name's letters, then its forms' (by firstLoose), each once and none empty. */
function firstsOf(r: Names): string[] {
  const own = lettersOf(r.firstName!);
  const out = own ? [own] : [];
  for (const form of formLettersOf(r.firstLoose ?? r.firstName!)) if (form && !out.includes(form)) out.push(form);
  return out;
}

/**
 * The record's patterns in a fixed order (the surname first), each once; none without both names.
 * `surname: false` leaves out the surname alone.
 */
export function namePatternsOf(r: Names, surname = true): string[] {
  if (!r.firstName || !r.lastName) return [];
  const last = lettersOf(r.lastName);
  const out = [last];
  const add = (pattern: string) => !out.includes(pattern) && out.push(pattern);
  for (const first of firstsOf(r)) {
    add(first + last);
    add(last + first);
    add(first[0] + last);
  }
  return out.filter((x, i) => x.length >= MIN_LENGTH && (surname || i > 0));
}

/**
 * Whether `name` (letters only) is one of the record's patterns: namePatternsOf(r).includes(name), without
 * building them. Comparisons ask it per pair, so it allocates nothing once the names' letters are known.
 */
export function spellsName(name: string, r: Names): boolean {
  if (!r.firstName || !r.lastName || name.length < MIN_LENGTH) return false;
  const last = lettersOf(r.lastName);
  if (name === last) return true;
  // every other pattern is the surname with a first name (or its initial) before or after it
  const before = name.endsWith(last);
  const after = name.startsWith(last);
  if (!before && !after) return false;
  if (spellsWith(name, last.length, before, after, lettersOf(r.firstName))) return true;
  for (const form of formLettersOf(r.firstLoose ?? r.firstName)) if (spellsWith(name, last.length, before, after, form)) return true;
  return false;
}

/** `name` is `first` + the surname, the surname + `first`, or `first`'s initial + the surname. */
function spellsWith(name: string, lastLength: number, before: boolean, after: boolean, first: string): boolean {
  if (first === '') return false;
  const rest = name.length - lastLength;
  return (
    (before && rest === first.length && name.startsWith(first)) ||
    (after && rest === first.length && name.endsWith(first)) ||
    (before && rest === 1 && name.charCodeAt(0) === first.charCodeAt(0))
  );
}
