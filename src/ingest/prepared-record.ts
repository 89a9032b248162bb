import type { CountryCode } from 'libphonenumber-js';
import { matchKeys, type MatchKey, type QualityNote } from '../identity/matching/match-keys';
import type { JourneyEvent, MappedRecord } from '../sources/record';
import { contentHash, mappingVersion, withoutEmptyValues } from './content-hash';

/** A parsed record made ready for the store: hash, identity keys and quality notes computed once. */
export interface PreparedRecord {
  entity: string;
  externalId: string;
  payload: Record<string, unknown>;
  data: Record<string, unknown>;
  person: Record<string, unknown> | null;
  quality: QualityNote[];
  /** Over the payload without its empty values (content-hash.ts). */
  contentHash: string;
  ownerEntity: string | null;
  ownerExternalId: string | null;
  sourceChangedAt: string | null;
  deleted: boolean;
  keys: MatchKey[];
  events: JourneyEvent[];
}

export interface PrepareOptions {
  defaultRegion: CountryCode;
}

export function prepareRecord(record: MappedRecord, options: PrepareOptions): PreparedRecord {
  const identity = record.person ? matchKeys(record.person, { defaultRegion: options.defaultRegion }) : { keys: [], quality: [] };
  // stored and hashed without empty values: "no value" is never a change
  const payload = withoutEmptyValues(record.payload);
  return {
    entity: record.entity,
    externalId: record.externalId,
    payload,
    data: record.data,
    person: record.person ? { ...record.person } : null,
    quality: identity.quality,
    contentHash: contentHash(payload, record.deleted, mappingVersion(record.entity)),
    ownerEntity: record.owner?.entity ?? null,
    ownerExternalId: record.owner?.externalId ?? null,
    sourceChangedAt: record.sourceChangedAt ?? null,
    deleted: record.deleted,
    keys: record.deleted ? [] : identity.keys,
    events: record.deleted ? [] : record.events,
  };
}

/**
 * One copy per record within a batch, by the rule the stored upsert applies across batches: an older copy
 * (by the source's change time) never replaces a newer one; otherwise, or without times, the later copy in
 * the file wins. Before, the last copy won even when it was older, so the outcome hung on batch boundaries.
 */
export function dedupeBatch(records: PreparedRecord[]): { records: PreparedRecord[]; superseded: number } {
  const byKey = new Map<string, PreparedRecord>();
  for (const r of records) {
    const key = `${r.entity}\u0000${r.externalId}`;
    const kept = byKey.get(key);
    if (kept && isOlder(r, kept)) continue;
    byKey.delete(key);
    byKey.set(key, r);
  }
  return { records: [...byKey.values()], superseded: records.length - byKey.size };
}

function isOlder(copy: PreparedRecord, than: PreparedRecord): boolean {
  if (copy.sourceChangedAt === null || than.sourceChangedAt === null) return false;
  return Date.parse(copy.sourceChangedAt) < Date.parse(than.sourceChangedAt);
}
