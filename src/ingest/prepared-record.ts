import type { CountryCode } from 'libphonenumber-js';
import { matchKeys, type MatchKey, type QualityNote } from '../identity/matching/match-keys';
import type { JourneyEvent, MappedRecord } from '../sources/record';
import { contentHash } from './content-hash';

/** A parsed record made ready for the store: hash, identity keys and quality notes computed once. */
export interface PreparedRecord {
  entity: string;
  externalId: string;
  payload: Record<string, unknown>;
  data: Record<string, unknown>;
  person: Record<string, unknown> | null;
  quality: QualityNote[];
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
  return {
    entity: record.entity,
    externalId: record.externalId,
    payload: record.payload,
    data: record.data,
    person: record.person ? { ...record.person } : null,
    quality: identity.quality,
    contentHash: contentHash(record.payload, record.deleted),
    ownerEntity: record.owner?.entity ?? null,
    ownerExternalId: record.owner?.externalId ?? null,
    sourceChangedAt: record.sourceChangedAt ?? null,
    deleted: record.deleted,
    keys: record.deleted ? [] : identity.keys,
    events: record.deleted ? [] : record.events,
  };
}

/** Within one batch the last copy of a record wins (file order), as a re-import would do. */
export function dedupeBatch(records: PreparedRecord[]): { records: PreparedRecord[]; superseded: number } {
  const byKey = new Map<string, PreparedRecord>();
  for (const r of records) {
    const key = `${r.entity}\u0000${r.externalId}`;
    byKey.delete(key);
    byKey.set(key, r);
  }
  return { records: [...byKey.values()], superseded: records.length - byKey.size };
}
