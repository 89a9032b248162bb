import { createHash } from 'node:crypto';

/** Bump when the mapping from payload to data/events/keys changes, so re-imports refresh derived rows. */
export const MAPPING_VERSION = 1;

/** JSON with object keys sorted, so the same content always hashes the same. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}

export function contentHash(payload: unknown, deleted: boolean): string {
  return createHash('sha256')
    .update(`${MAPPING_VERSION}|${deleted ? 'deleted' : 'live'}|${stableStringify(payload)}`)
    .digest('hex');
}
