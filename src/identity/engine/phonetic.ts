// Phonetic codes for names. NYSIIS (more discriminating) backs the "sounds
// alike" comparison level; Soundex (coarser, so better recall) builds blocking
// keys. Both expect normaliseName() output; non a–z letters are ignored.
import { memoised } from './memo';

const VOWELS = new Set(['A', 'E', 'I', 'O', 'U']);
const isVowel = (c: string | undefined) => c !== undefined && VOWELS.has(c);

function lettersOnly(name: string): string {
  return name.toUpperCase().replace(/[^A-Z]/g, '');
}

const PREFIXES: readonly [RegExp, string][] = [
  [/^MAC/, 'MCC'],
  [/^KN/, 'NN'],
  [/^K/, 'C'],
  [/^(PH|PF)/, 'FF'],
  [/^SCH/, 'SSS'],
];
const SUFFIXES: readonly [RegExp, string][] = [
  [/(EE|IE)$/, 'Y'],
  [/(DT|RT|RD|NT|ND)$/, 'D'],
];

/** Replacement for the letters at position i (the original algorithm's step 5). */
function translate(s: string, i: number): string {
  const c = s[i]!;
  if (c === 'E' && s[i + 1] === 'V') return 'AF';
  if (isVowel(c)) return 'A';
  if (c === 'Q') return 'G';
  if (c === 'Z') return 'S';
  if (c === 'M') return 'N';
  if (c === 'K') return s[i + 1] === 'N' ? 'N' : 'C';
  if (c === 'S' && s.startsWith('CH', i + 1)) return 'SSS';
  if (c === 'P' && s[i + 1] === 'H') return 'FF';
  if (c === 'H' && (!isVowel(s[i - 1]) || !isVowel(s[i + 1]))) return s[i - 1]!;
  if (c === 'W' && isVowel(s[i - 1])) return s[i - 1]!;
  return c;
}

/**
 * NYSIIS (New York State Identification and Intelligence System, original
 * rules), untruncated: the full code separates long names better and the
 * comparison only asks "equal or not".
 */
function nysiisOf(name: string): string {
  let s = lettersOnly(name);
  if (s === '') return '';
  for (const [re, to] of PREFIXES) s = s.replace(re, to);
  for (const [re, to] of SUFFIXES) s = s.replace(re, to);
  let key = s[0]!;
  // Step 5 rewrites the working string as it goes (KN → N, SCH → SSS), so
  // later letters see the translated ones, as in the published algorithm.
  const chars = s.split('');
  for (let i = 1; i < chars.length; i++) {
    const to = translate(chars.join(''), i);
    chars.splice(i, to.length, ...to.split(''));
    const added = chars.slice(i, i + to.length).join('');
    i += to.length - 1;
    for (const ch of added) if (key[key.length - 1] !== ch) key += ch;
  }
  if (key.length > 1 && key.endsWith('S')) key = key.slice(0, -1);
  if (key.length > 1 && key.endsWith('AY')) key = `${key.slice(0, -2)}Y`;
  if (key.length > 1 && key.endsWith('A')) key = key.slice(0, -1);
  return key;
}

const SOUNDEX_CODES: Readonly<Record<string, string>> = {
  B: '1', F: '1', P: '1', V: '1',
  C: '2', G: '2', J: '2', K: '2', Q: '2', S: '2', X: '2', Z: '2',
  D: '3', T: '3',
  L: '4',
  M: '5', N: '5',
  R: '6',
};

/** American Soundex (letter + 3 digits; H and W do not separate equal codes). */
function soundexOf(name: string): string {
  const s = lettersOnly(name);
  if (s === '') return '';
  let code = s[0]!;
  let last = SOUNDEX_CODES[s[0]!] ?? '';
  for (let i = 1; i < s.length && code.length < 4; i++) {
    const c = s[i]!;
    const digit = SOUNDEX_CODES[c] ?? '';
    if (digit !== '' && digit !== last) code += digit;
    // Vowels reset the run; H and W are transparent.
    if (c !== 'H' && c !== 'W') last = digit;
  }
  return code.padEnd(4, '0');
}

/** NYSIIS of a name, remembered per name (see memo.ts). */
export const nysiis = memoised(nysiisOf);

/** Soundex of a name, remembered per name. */
export const soundex = memoised(soundexOf);
