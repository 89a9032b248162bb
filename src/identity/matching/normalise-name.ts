// Person-name normalisation for comparison (not for display).
import { memoised } from '../engine/memo';
import { foldName, splitFullName } from '../../shared/person-name';
import { NICKNAMES } from './nicknames';

// Folding and splitting live in src/shared so source mappers split a single name field the same way.
export { splitFullName };

/**
 * Normalised first name with a known nickname on its first word replaced by
 * the canonical name ("Bob" → "robert", "Bob J." → "robert j").
 */
function canonicalFirstNameOf(n: string): string {
  const words = normaliseName(n).split(' ');
  const first = words[0] ?? '';
  words[0] = NICKNAMES[first] ?? first;
  return words.join(' ');
}

/** Remembered per value (see engine/memo.ts): names repeat across a population. */
export const normaliseName = memoised(foldName);
export const canonicalFirstName = memoised(canonicalFirstNameOf);
