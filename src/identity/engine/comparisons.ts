// The comparison vector of a record pair: one graduated level per attribute.
// compareInto is the allocation-free hot path used for scoring and estimation;
// compare adds the compared values for explanations.
import { compareNames } from './compare-names';
import { addressLevel, birthLevel, emailLevel, identifierLevel, phoneLevel } from './compare-fields';
import { withinOneEdit } from './string-similarity';
import {
  ADDRESS,
  ATTRIBUTES,
  BIRTH_DATE,
  EMAIL,
  IDENTIFIER,
  LEVELS,
  PHONE,
  type Attribute,
} from './levels';
import type { MatchRecord } from './match-record';

export { ATTRIBUTES, LEVELS, type Attribute } from './levels';

export interface ComparedAttribute {
  attribute: Attribute;
  /** index into LEVELS[attribute] */
  level: number;
  levelName: string;
  left?: string;
  right?: string;
}

export interface ComparisonVector {
  /** level index per attribute, in ATTRIBUTES order */
  levels: number[];
  /** first and last names were compared crossed (swapped between systems) */
  swapped: boolean;
  attributes: ComparedAttribute[];
}

/** Writes one level per attribute into `out` (length ≥ ATTRIBUTES.length); returns `swapped`. */
export function compareInto(a: MatchRecord, b: MatchRecord, out: Int8Array): boolean {
  const swapped = compareNames(a, b, out);
  out[BIRTH_DATE] = birthLevel(a, b);
  out[EMAIL] = emailLevel(a, b);
  out[PHONE] = phoneLevel(a, b);
  out[ADDRESS] = addressLevel(a, b);
  out[IDENTIFIER] = identifierLevel(a, b);
  return swapped;
}

export function compare(a: MatchRecord, b: MatchRecord): ComparisonVector {
  const out = new Int8Array(ATTRIBUTES.length);
  const swapped = compareInto(a, b, out);
  const levels = Array.from(out);
  const attributes = ATTRIBUTES.map((attribute, i) => ({
    attribute,
    level: levels[i]!,
    levelName: LEVELS[attribute][levels[i]!]!,
    ...comparedValues(attribute, a, b, swapped),
  }));
  return { levels, swapped, attributes };
}

function birthText(r: MatchRecord): string | undefined {
  const b = r.birth;
  if (!b) return undefined;
  const md = `${String(b.month).padStart(2, '0')}-${String(b.day).padStart(2, '0')}`;
  return b.year === undefined ? `--${md}` : `${b.year}-${md}`;
}

function addressText(r: MatchRecord): string | undefined {
  const parts = [[r.houseNumber, r.street].filter(Boolean).join(' '), r.postcode, r.city].filter(Boolean);
  return parts.length ? parts.join(', ') : undefined;
}

type Test = (x: string, y: string) => boolean;

/** The pair of values behind the best level of a multi-valued attribute (tests best first). */
function bestOf(left: string[], right: string[], ...tests: Test[]): { left?: string; right?: string } {
  for (const same of tests) {
    for (const x of left) for (const y of right) if (same(x, y)) return { left: x, right: y };
  }
  return pick(left.join(' | '), right.join(' | '));
}

function pick(left?: string, right?: string): { left?: string; right?: string } {
  const out: { left?: string; right?: string } = {};
  if (left) out.left = left;
  if (right) out.right = right;
  return out;
}

const equal: Test = (x, y) => x === y;
const sameLocal: Test = (x, y) => x.slice(0, x.lastIndexOf('@')) === y.slice(0, y.lastIndexOf('@'));
const typeOf = (identifier: string) => identifier.slice(0, identifier.indexOf(':'));

function comparedValues(attribute: Attribute, a: MatchRecord, b: MatchRecord, swapped: boolean) {
  switch (attribute) {
    case 'first_name':
      return pick(a.firstName, swapped ? b.lastName : b.firstName);
    case 'last_name':
      return pick(a.lastName, swapped ? b.firstName : b.lastName);
    case 'birth_date':
      return pick(birthText(a), birthText(b));
    case 'email':
      return bestOf(a.emails, b.emails, equal, (x, y) => x.length >= 8 && withinOneEdit(x, y), sameLocal);
    case 'phone':
      return bestOf(a.phones, b.phones, equal, (x, y) => x.slice(-7) === y.slice(-7));
    case 'address':
      return pick(addressText(a), addressText(b));
    case 'identifier':
      return bestOf(a.identifiers, b.identifiers, equal, (x, y) => typeOf(x) === typeOf(y));
  }
}
