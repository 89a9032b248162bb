import { createHash } from 'node:crypto';
import { isDecision, type Decision } from './access-entry';

/**
 * The fields one access read with their decisions. A log repeats a few of these (one per operation and caller
 * kind) millions of times, so each is stored once in access_field_set and entries name it by `id`.
 */
export interface FieldSet {
  /** hex SHA-256 of `pairs`: equal sets get equal ids in every process, with no coordination. */
  id: string;
  /** Sorted by coordinate, frozen. */
  fields: Readonly<Record<string, Decision>>;
  /** `[[coordinate, decision], …]` as JSON: the part of an entry's documented serialisation (hash-chain.ts) this set fills. */
  pairs: string;
  /** The distinct decisions taken, sorted (the "denied attempts" filter). */
  decisions: Decision[];
}

// Callers pass the same object again and again (the privacy plan's, cached per operation): keyed by identity.
const known = new WeakMap<object, FieldSet>();

/** The set for a field → decision map; throws on a value that is not a decision. */
export function fieldSetOf(fields: Readonly<Record<string, Decision>>): FieldSet {
  const cached = known.get(fields);
  if (cached) return cached;
  const sorted: Record<string, Decision> = {};
  const pairs: [string, Decision][] = [];
  const decisions = new Set<Decision>();
  for (const coordinate of Object.keys(fields).sort()) {
    const decision = fields[coordinate];
    if (!isDecision(decision)) throw new Error(`access record: unknown decision "${String(decision)}" for ${coordinate}`);
    sorted[coordinate] = decision;
    pairs.push([coordinate, decision]);
    decisions.add(decision);
  }
  const json = JSON.stringify(pairs);
  const set: FieldSet = {
    id: createHash('sha256').update(json, 'utf8').digest('hex'),
    fields: Object.freeze(sorted),
    pairs: json,
    decisions: [...decisions].sort(),
  };
  // only frozen objects are remembered: one that can still change could later stand for another set
  if (Object.isFrozen(fields)) known.set(fields, set);
  known.set(set.fields, set);
  return set;
}
