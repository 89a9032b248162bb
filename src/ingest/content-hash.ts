import { createHash } from 'node:crypto';

/**
 * Part of every content hash: bump it when the mapping from payload to person/data/events/keys changes for
 * every entity, so the next import rewrites records whose payload did not change. Migration 1766600000001
 * recognises stored hashes by this version: a bump must leave it hashing with 1.
 */
export const MAPPING_VERSION = 1;

/**
 * Entities whose mapping changed on its own: the next import of such a record rewrites it (counted
 * `updated` once) and it is resolved again; other entities keep their hashes and stay `unchanged`.
 * user 2: a Zendesk name is split as identity splits it ("Dr. Jane Smithers", "Hartley, Bill").
 * user 3: a Zendesk name that is the email's local part ("jsmith") or holds no letter is no name.
 */
const ENTITY_MAPPING_VERSIONS: Readonly<Record<string, number>> = { user: 3 };

export function mappingVersion(entity: string): number {
  return ENTITY_MAPPING_VERSIONS[entity] ?? MAPPING_VERSION;
}

/** JSON with object keys sorted, so the same content always hashes the same. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

/**
 * The payload without its empty values: object fields whose value is null or "" are left out, at any depth
 * (array elements are kept, objects inside them cleaned). An empty CSV cell, a Zendesk null and a Mailchimp ""
 * say "no value" exactly as a missing field does (every mapper reads them so), so a re-export with one more
 * empty column, or with nulls written out, is the same record and must hash the same.
 */
export function withoutEmptyValues<T>(value: T): T {
  // the same object back when nothing is empty, so callers can tell without comparing
  if (Array.isArray(value)) {
    const items = value.map(withoutEmptyValues);
    return (items.some((item, i) => item !== value[i]) ? items : value) as T;
  }
  if (value === null || typeof value !== 'object') return value;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === '' || item === undefined) {
      changed = true;
      continue;
    }
    const cleaned = withoutEmptyValues(item);
    if (cleaned !== item) changed = true;
    out[key] = cleaned;
  }
  return changed ? (out as T) : value;
}

export function contentHash(payload: unknown, deleted: boolean, version = MAPPING_VERSION): string {
  return createHash('sha256')
    .update(`${version}|${deleted ? 'deleted' : 'live'}|${stableStringify(payload)}`)
    .digest('hex');
}
