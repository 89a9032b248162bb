import { createHash } from 'node:crypto';
import type { AccessEntry, ChainedEntry } from './access-entry';
import { fieldSetOf } from './field-set';

/** The previous hash of the first entry ever written. */
export const GENESIS_HASH = '0'.repeat(64);
export const ENTRY_FORMAT = 'tessera.access_log.v1';

/**
 * The bytes an entry's hash covers (docs/audit.md): a JSON array in a fixed order, fields as
 * [coordinate, decision] pairs sorted by coordinate (object key order is not something to trust),
 * absent values as null. The position is not included: order is carried by prev_hash.
 */
export function serialiseEntry(e: AccessEntry): string {
  const head = JSON.stringify([ENTRY_FORMAT, e.at, e.requestId, e.actor, e.roles, e.purpose, e.client, e.operationName, e.queryHash, e.customerIds]);
  // the field pairs are serialised once per distinct set (field-set.ts), not once per entry
  return `${head.slice(0, -1)},${fieldSetOf(e.fields).pairs},${JSON.stringify(e.outcome)}]`;
}

/** hash = SHA-256(prev_hash + "\n" + serialisation), hex. */
export function hashEntry(prevHash: string, entry: AccessEntry): string {
  return createHash('sha256').update(`${prevHash}\n${serialiseEntry(entry)}`, 'utf8').digest('hex');
}

/** Chains entries after a head (position, hash): positions are dense, each links to the one before. */
export function chainEntries(head: { position: number; hash: string }, entries: AccessEntry[]): ChainedEntry[] {
  let prevHash = head.hash;
  return entries.map((entry, i) => {
    const hash = hashEntry(prevHash, entry);
    const chained = { ...entry, position: head.position + i + 1, prevHash, hash };
    prevHash = hash;
    return chained;
  });
}
