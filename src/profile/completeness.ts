import type { PostalAddress } from '../sources/record';

export interface NameValue {
  first?: string;
  last?: string;
  full: string;
}

/**
 * most_complete for a name, part by part: a name of two or more words (first and last, or a full name that
 * has both) over a single word over a handle (an email address, digits, "_", "peggy.miller", an all lower
 * case single word such as "jsmith"); then more name fields (first and last over one of them over a single
 * full-name field, which may be "Last, First" or free text); then more letters ("Robert" over "Rob"), a letter
 * typed twice in a row counting once: a doubled key is a common typo ("Smiith"), so it never wins by it.
 */
export function nameCompleteness(name: NameValue): number[] {
  const words = name.full.trim().split(/[\s,]+/).filter((w) => w !== '');
  const tier = looksLikeHandle(name.full, words) ? 0 : (name.first && name.last) || words.length >= 2 ? 2 : 1;
  const fields = (name.first ? 1 : 0) + (name.last ? 1 : 0);
  return [tier, fields, letters(name.full.toLowerCase().replace(/(\p{L})\1+/gu, '$1'))];
}

function looksLikeHandle(full: string, words: string[]): boolean {
  if (/[@_\d]/.test(full)) return true;
  if (words.length !== 1) return false;
  const word = words[0]!;
  // a dot inside a word ("peggy.miller"), not an initial's ("J.")
  if (/\p{L}\.\p{L}/u.test(word)) return true;
  return word === word.toLowerCase() && word !== word.toUpperCase();
}

/**
 * most_complete for an address: more of line, postcode, city and country; then more of line 2 and region;
 * then more letters and digits ("Street" over "St").
 */
export function addressCompleteness(a: PostalAddress): number[] {
  const has = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? 1 : 0);
  const core = has(a.line1) + has(a.postcode) + has(a.city) + has(a.country);
  const optional = has(a.line2) + has(a.region);
  const chars = [a.line1, a.line2, a.postcode, a.city, a.region, a.country].reduce((n, v) => n + letters(v ?? ''), 0);
  return [core, optional, chars];
}

function letters(text: string): number {
  return text.replace(/[^\p{L}\p{N}]/gu, '').length;
}
