// PostgreSQL's text and jsonb hold neither NUL (U+0000) nor half of a UTF-16 surrogate pair: one such record
// used to fail its whole batch, and every re-run after it. A Latin-1 export decodes to U+FFFD: stored,
// "Jos\uFFFD" matched strangers on what was left of the name. Each is refused alone, with its line.
import { forEachText } from '../shared/text-values';

const NOT_UTF8 = 'holds text that is not UTF-8 (characters the decoder had to replace): export the file as UTF-8';
const NUL = 'holds a NUL character (U+0000), which cannot be stored: remove it from the export';
const LONE_SURROGATE = 'holds a broken character (half of a UTF-16 surrogate pair, such as \\ud83d), which cannot be stored: export the file as UTF-8';

const SURROGATE = /\p{Cs}/u;

function problemOf(text: string): string | null {
  if (text.includes('\uFFFD')) return NOT_UTF8;
  if (text.includes('\u0000')) return NUL;
  if (SURROGATE.test(text)) return LONE_SURROGATE;
  return null;
}

export interface TextCheck {
  /** Why the value cannot be stored as it is, or null. */
  problem: string | null;
  /** Characters of its keys and strings: about its size as JSON (numbers aside), measured on the same walk. */
  chars: number;
}

/** Checks a record's payload: its keys and string values at any depth. */
export function checkText(value: unknown): TextCheck {
  const check: TextCheck = { problem: null, chars: 0 };
  forEachText(value, (text) => {
    check.chars += text.length;
    check.problem ??= problemOf(text);
  });
  return check;
}

/** Text made storable for a message (a rejection reason may quote the value it refuses): U+FFFD in their place. */
export function storableText(text: string): string {
  return text.replace(/[\p{Cs}\u0000]/gu, '\uFFFD');
}
