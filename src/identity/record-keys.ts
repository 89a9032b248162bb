// Each record's blocking keys as they are stored (identity_block_key): the same code for the run's own
// connection, the key-writer thread and an incremental run's lookups.
import type { PhaseTicker } from '../shared/progress';
import type { BlockKeys } from './block-key-writes';
import { blockingKeys } from './engine/blocking';
import type { MatchRecord } from './engine/match-record';

/** A record's distinct `rule:value` blocking keys. */
export const distinctKeys = (r: MatchRecord): string[] => [...new Set(blockingKeys(r))];

export function keysOf(records: MatchRecord[]): Map<string, string[]> {
  return new Map(records.map((r) => [r.id, distinctKeys(r)]));
}

/**
 * keysOf made one record at a time as they are written: a first run's 13.5M keys at 10^6 records are never held
 * at once. `progress` ticks the records taken.
 */
export function streamedKeysOf(records: readonly MatchRecord[], progress?: PhaseTicker): BlockKeys {
  return {
    size: records.length,
    *entries() {
      let taken = 0;
      for (const r of records) {
        progress?.tick(taken++);
        yield [r.id, distinctKeys(r)];
      }
    },
  };
}
