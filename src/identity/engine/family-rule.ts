// The one rule on top of plain Fellegi–Sunter. Its independence assumption
// fails exactly where it hurts: family members share surname, address, phone
// and email, twins even a birth date, a father and son ("Jr") a first name.
// So when a personal attribute clearly disagrees — both first names known and
// different (or only sounding alike), or two full birth dates that no typo
// explains (namesakes born in the same year included) — the household details
// and the other personal attribute together count at most as much as the
// prior against a match: the family explains them. The disagreement then
// decides, unless a shared identifier says otherwise.
import { ADDRESS, BIRTH_DATE, BIRTH_DISAGREES, EMAIL, FIRST_NAME, LAST_NAME, NAME, PHONE } from './levels';

/** Sounding alike is no agreement for first names (Carl, Charles): siblings do. */
function firstDisagrees(levels: ArrayLike<number>, swapped: boolean): boolean {
  return !swapped && (levels[FIRST_NAME] === NAME.else || levels[FIRST_NAME] === NAME.phonetic);
}

function birthDisagrees(levels: ArrayLike<number>): boolean {
  return BIRTH_DISAGREES.includes(levels[BIRTH_DATE]!);
}

/** Which personal attribute clearly disagrees, if any. */
export function personalDisagreement(levels: ArrayLike<number>, swapped: boolean): 'first names' | 'birth dates' | undefined {
  if (firstDisagrees(levels, swapped)) return 'first names';
  return birthDisagrees(levels) ? 'birth dates' : undefined;
}

/**
 * Bits to take back from a pair's total (≥ 0), given per-attribute weights
 * in ATTRIBUTES order and the pair's levels.
 */
export function familyExcess(weights: ArrayLike<number>, levels: ArrayLike<number>, swapped: boolean, priorLogit: number): number {
  const shared = familyShared(weights, levels, swapped);
  const cap = Math.max(0, -priorLogit);
  return shared > cap ? shared - cap : 0;
}

/** The weights the family rule caps (−Infinity when no personal attribute disagrees: nothing is capped). */
export function familyShared(weights: ArrayLike<number>, levels: ArrayLike<number>, swapped: boolean): number {
  const firstOff = firstDisagrees(levels, swapped);
  const birthOff = birthDisagrees(levels);
  if (!firstOff && !birthOff) return -Infinity;
  let shared = weights[LAST_NAME]! + weights[EMAIL]! + weights[PHONE]! + weights[ADDRESS]!;
  if (!firstOff) shared += weights[FIRST_NAME]!;
  if (!birthOff) shared += weights[BIRTH_DATE]!;
  return shared;
}
