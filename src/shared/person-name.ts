// Person names as written: the pure functions both source mapping (a single name field) and identity
// (normalisation for comparison) need, so a name splits the same way wherever it is read.

/** Letters that do not decompose under NFD but have a usual ASCII spelling. */
const FOLDS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};

/**
 * Lower-case, strip accents (NFD, combining marks dropped, so Müller → muller
 * and García → garcia), drop apostrophes and other non-letters so O'Brien →
 * obrien, and treat spaces, hyphens, dots and commas as one word separator:
 * "Smith-Jones" and "Smith  Jones" both → "smith jones". Letters of every
 * script are kept. Idempotent.
 */
export function foldName(raw: string): string {
  return raw
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđðłþı]/g, (c) => FOLDS[c] ?? c)
    .replace(/['’‘ʼ`´]/g, '')
    .replace(/[^\p{L}]+/gu, ' ')
    .trim();
}

const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame', 'rev']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq']);
/** Lower-case surname particles that start a multi-word surname. */
const PARTICLES = new Set([
  'de', 'del', 'della', 'der', 'den', 'di', 'da', 'dos', 'das', 'du', 'la', 'le', 'van', 'von', 'ter', 'ten', 'st',
]);

const bare = (word: string) => foldName(word).replace(/ /g, '');

/**
 * Split a single name field into first and last, as written (trimmed, not
 * normalised). "Last, First" is honoured; otherwise the first word is the
 * first name and the last word — or from a surname particle on, as in
 * "Ana de la Cruz" — the last name; middle names are dropped. Honorifics
 * (Mr, Dr) and suffixes (Jr, III) are removed. One word → first name only.
 */
export function splitFullName(full: string): { first?: string; last?: string } {
  const comma = full.indexOf(',');
  if (comma >= 0 && !suffixAfterComma(full, comma)) {
    const last = words(full.slice(0, comma));
    const firstWords = words(full.slice(comma + 1));
    // "Smith, Jr" is a suffix, not a first name.
    const first = firstWords.length ? firstWords[0] : undefined;
    return pick(first, last.join(' ') || undefined);
  }
  const parts = words(comma >= 0 ? full.slice(0, comma) : full);
  if (parts.length === 0) return {};
  if (parts.length === 1) return { first: parts[0] };
  const lastStart = parts.findIndex((w, i) => i > 0 && i < parts.length - 1 && PARTICLES.has(bare(w)));
  const last = lastStart > 0 ? parts.slice(lastStart).join(' ') : parts[parts.length - 1];
  return pick(parts[0], last);
}

/** "John Smith, Jr.": the comma sets off a suffix after a whole name, it does not end a surname. */
function suffixAfterComma(full: string, comma: number): boolean {
  const after = full.slice(comma + 1).split(/[\s,]+/).filter((w) => bare(w) !== '');
  return after.length > 0 && after.every((w) => SUFFIXES.has(bare(w))) && words(full.slice(0, comma)).length >= 2;
}

/** Words without honorifics and suffixes. */
function words(text: string): string[] {
  return text
    .split(/\s+/)
    .map((w) => w.trim())
    .filter((w) => w !== '' && !HONORIFICS.has(bare(w)) && !SUFFIXES.has(bare(w)) && bare(w) !== '');
}

function pick(first: string | undefined, last: string | undefined): { first?: string; last?: string } {
  const out: { first?: string; last?: string } = {};
  if (first) out.first = first;
  if (last) out.last = last;
  return out;
}
