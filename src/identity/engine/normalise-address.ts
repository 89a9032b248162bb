// Address parts for comparison (not display): the street name with its usual
// abbreviations expanded, the house number apart, unit designators dropped
// (a flat number says nothing about whether two records are one person once
// street and house agree), postcodes compacted.

const FOLDS: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd' };

/** Street-type abbreviations → full word. `st` is handled apart (Saint vs Street). */
const STREET_WORDS: Readonly<Record<string, string>> = {
  rd: 'road', ave: 'avenue', av: 'avenue', ln: 'lane', dr: 'drive', blvd: 'boulevard', ct: 'court',
  pl: 'place', sq: 'square', cres: 'crescent', cr: 'crescent', hwy: 'highway', pkwy: 'parkway',
  ter: 'terrace', terr: 'terrace', cl: 'close', gdns: 'gardens', gr: 'grove', pk: 'park', mt: 'mount',
  n: 'north', s: 'south', e: 'east', w: 'west', str: 'strasse', strasse: 'strasse', stra: 'strasse',
};

/** Words that introduce a unit (flat, apartment, suite …); the unit's number follows. */
const UNIT_WORDS = new Set(['flat', 'apt', 'apartment', 'unit', 'suite', 'ste', 'room', 'floor', 'fl', 'po', 'box']);

const HOUSE = /^\d+[a-z]?$/;

function words(raw: string): string[] {
  return raw
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøłđ]/g, (c) => FOLDS[c] ?? c)
    // "12a" and "12 a" are the same house; "#4" is a unit.
    .replace(/(\d)\s+([a-z])\b/g, '$1$2')
    .replace(/#\s*\d+\w*/g, ' ')
    .replace(/[^\p{L}\d]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
}

/** German-style compounds ("Hauptstr", "Hauptstraße") end in the street type. */
function expandWord(word: string, index: number, count: number): string {
  if (word === 'st') return index === 0 && count > 1 ? 'saint' : 'street';
  const full = STREET_WORDS[word];
  if (full) return full;
  const compound = /^(\p{L}{3,}?)(str|strasse)$/u.exec(word);
  return compound ? `${compound[1]}strasse` : word;
}

/**
 * "Flat 3, 12 High St." → { street: 'high street', houseNumber: '12' };
 * "Hauptstr. 5a" → { street: 'hauptstrasse', houseNumber: '5a' }.
 * The house number is the first number-like word not owned by a unit word;
 * the street is every other word.
 */
export function parseStreetLine(line: string): { street?: string; houseNumber?: string } {
  const ws = words(line);
  const rest: string[] = [];
  let house: string | undefined;
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i]!;
    if (UNIT_WORDS.has(w)) {
      if (HOUSE.test(ws[i + 1] ?? '')) i++;
      continue;
    }
    if (HOUSE.test(w)) {
      house ??= w;
      continue;
    }
    if (/\d/.test(w)) continue;
    rest.push(w);
  }
  const out: { street?: string; houseNumber?: string } = {};
  if (rest.length) out.street = rest.map((w, i) => expandWord(w, i, rest.length)).join(' ');
  if (house) out.houseNumber = house;
  return out;
}

/** Upper-case without spaces or dashes: "sw1a 1aa" → "SW1A1AA", "10115" stays. */
export function normalisePostcode(raw: string): string {
  return raw.toUpperCase().replace(/[^A-Z\d]/g, '');
}

/**
 * The part of a postcode shared by neighbouring addresses: the outward code
 * of a UK-style (alphanumeric) postcode, the first three digits of a numeric one.
 */
export function postcodeDistrict(postcode: string): string {
  if (postcode.length < 4) return '';
  return /[A-Z]/.test(postcode) ? postcode.slice(0, -3) : postcode.slice(0, 3);
}
