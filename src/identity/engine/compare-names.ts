// Name comparison levels, including first and last name swapped between systems.
import { FIRST_NAME, LAST_FROM_NAME, LAST_NAME, NAME } from './levels';
import type { MatchRecord } from './match-record';
import { distinctKnownNames, isVariantInitial, isVariantOf } from './name-variants';
import { jaroWinkler, withinOneEdit } from './string-similarity';

function isInitialOf(initial: string, name: string): boolean {
  return initial.length === 1 && name.charCodeAt(0) === initial.charCodeAt(0);
}

/**
 * Level of two normalised names, best first. Canonical forms (loosely
 * nickname-folded, see loose-canonical.ts) are passed for names read as first
 * names only: the nickname level is "same name once nicknames are folded",
 * tolerating a typo on either side (Bobby vs Robret, Cwuck vs Charles).
 */
export function nameLevel(a: string, b: string, phonA: string, phonB: string, canonA?: string, canonB?: string): number {
  if (a === b) return NAME.exact;
  const jw = jaroWinkler(a, b);
  if (jw >= 0.92) return NAME.jw92;
  if (jw >= 0.88) return NAME.jw88;
  // A typo before a nickname: Mvry is Mary mistyped, not a form of it.
  if (a.length >= 3 && b.length >= 3 && withinOneEdit(a, b) && !distinctKnownNames(a, b)) return NAME.oneEdit;
  if (canonA !== undefined && canonB !== undefined && nicknameAgrees(a, b, canonA, canonB)) return NAME.nickname;
  if (initialAgrees(a, b, canonA, canonB)) return NAME.initial;
  if (phonA !== '' && phonA === phonB) return NAME.phonetic;
  return NAME.else;
}

/**
 * Same given name once nicknames are folded, a typo allowed on either side;
 * or a short form that is the start of the other (Kim / Kimberly, Len / Leonard).
 */
function nicknameAgrees(a: string, b: string, canonA: string, canonB: string): boolean {
  if (canonA !== a || canonB !== b) {
    if (canonA === canonB || jaroWinkler(canonA, canonB) >= 0.92) return true;
  }
  return isVariantOf(a, canonB) || isVariantOf(b, canonA) || isShortForm(a, b) || isShortForm(b, a);
}

function isShortForm(short: string, long: string): boolean {
  return short.length >= 2 && short.length <= 5 && long.length > short.length + 1 && long.startsWith(short);
}

/** "J" for John; "B" for Robert (Bob); "A" for Mandy (Amanda). */
function initialAgrees(a: string, b: string, canonA?: string, canonB?: string): boolean {
  if (isInitialOf(a, b) || isInitialOf(b, a)) return true;
  return (canonB !== undefined && isVariantInitial(a, canonB)) || (canonA !== undefined && isVariantInitial(b, canonA));
}

const first = (s: string | undefined) => (s ? s.charCodeAt(0) : -1);

/** Cheap filter before the crossed comparison: some crossed pair must share a first letter. */
function mightBeSwapped(a: MatchRecord, b: MatchRecord): boolean {
  const fl = first(a.firstName) === first(b.lastName) || first(a.firstLoose) === first(b.lastCanonical);
  const lf = first(a.lastName) === first(b.firstName) || first(a.lastCanonical) === first(b.firstLoose);
  return (fl && first(a.firstName) >= 0) || (lf && first(a.lastName) >= 0);
}

/** Badness of a pair of name levels, missing counted as worst. */
const cost = (x: number, y: number) => x + y;

function level(x: string | undefined, y: string | undefined, px: string, py: string, cx?: string, cy?: string): number {
  return x && y ? nameLevel(x, y, px, py, cx, cy) : NAME.missing;
}

/**
 * Writes the first- and last-name levels into `out` and returns whether the
 * names were compared crossed (a's first name against b's last name and vice
 * versa, also when one record holds a single name in the wrong field).
 * Crossed wins when no crossed pair clearly disagrees, one of them reaches
 * the fuzzy levels, and together they beat the straight comparison.
 */
export function compareNames(a: MatchRecord, b: MatchRecord, out: Int8Array): boolean {
  const f = level(a.firstName, b.firstName, a.firstPhonetic, b.firstPhonetic, a.firstLoose, b.firstLoose);
  const l = level(a.lastName, b.lastName, a.lastPhonetic, b.lastPhonetic);
  out[FIRST_NAME] = f;
  out[LAST_NAME] = LAST_FROM_NAME[l]!;
  if ((f <= NAME.jw88 && l <= NAME.jw88) || !mightBeSwapped(a, b)) return false;
  const cf = level(a.firstName, b.lastName, a.firstPhonetic, b.lastPhonetic, a.firstLoose, b.lastCanonical);
  const cl = level(a.lastName, b.firstName, a.lastPhonetic, b.firstPhonetic, a.lastCanonical, b.firstLoose);
  if (cf === NAME.else || cl === NAME.else || Math.min(cf, cl) > NAME.jw88 || cost(cf, cl) >= cost(f, l)) return false;
  out[FIRST_NAME] = cf;
  out[LAST_NAME] = LAST_FROM_NAME[cl]!;
  return true;
}
