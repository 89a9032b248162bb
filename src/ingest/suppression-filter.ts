import { identityKeyHash, suppressionHash } from '../subject-requests/suppression';
import type { PreparedRecord } from './prepared-record';

/** A person record an import left out because it carries an erased person's identity key. */
export interface Quarantined {
  file: string;
  line: number;
  /** e.g. `carries an erased person's email` (the kind, never the value). */
  reason: string;
}

export interface SuppressionDeps {
  key: string;
  /** Which of these hashes are in the suppression list. */
  suppressed(hashes: string[]): Promise<Set<string>>;
  /** Which of these records of the source are already stored (`entity\0externalId`). */
  stored(source: string, keys: { entity: string; externalId: string }[]): Promise<Set<string>>;
}

const keyOf = (entity: string, externalId: string) => `${entity}\u0000${externalId}`;
/** Quarantined records listed in the report (all are counted). */
const REPORTED = 1000;

/**
 * Keeps erased people out of one import run (docs/privacy.md, "Erasure"):
 * - a record whose natural key (source, entity, external id) was erased, or whose owner's was;
 * - a new person record (not already stored) carrying an erased person's normalised email, phone or
 *   identifier, from any silo: quarantined, that is left out and listed in the report with its line;
 * - facts of this run owned by a quarantined person.
 * Nothing of a left-out record is stored. One lookup per batch (two when a batch holds a match).
 */
export class SuppressionFilter {
  private readonly quarantinedOwners = new Set<string>();
  suppressed = 0;
  readonly quarantined: Quarantined[] = [];

  constructor(
    private readonly deps: SuppressionDeps,
    private readonly source: string,
  ) {}

  async filter(records: PreparedRecord[], lineOf: (r: PreparedRecord) => number, file: string): Promise<PreparedRecord[]> {
    if (records.length === 0) return records;
    const { key } = this.deps;
    const natural = records.map((r) => [
      suppressionHash(key, this.source, r.entity, r.externalId),
      r.ownerEntity && r.ownerExternalId ? suppressionHash(key, this.source, r.ownerEntity, r.ownerExternalId) : null,
    ]);
    const identity = records.map((r) => (r.person ? r.keys.map((k) => ({ kind: k.kind, hash: identityKeyHash(key, k.kind, k.value) })) : []));
    const hits = await this.deps.suppressed([...natural.flat(), ...identity.flat().map((k) => k.hash)].filter((h): h is string => h !== null));
    // the erased person's own records (or facts they own): left out by their natural key, not quarantined
    const erasedRecord = natural.map((hashes) => hashes.some((h) => h !== null && hits.has(h)));
    const matches = records.map((_, i) => (erasedRecord[i] ? undefined : identity[i]!.find((k) => hits.has(k.hash))));
    const candidates = records.filter((_, i) => matches[i]);
    // a record already stored belongs to someone who stays (a key they share was not suppressed at erasure)
    const stored = candidates.length > 0 ? await this.deps.stored(this.source, candidates) : new Set<string>();
    const quarantine = records.map((r, i) => matches[i] !== undefined && !stored.has(keyOf(r.entity, r.externalId)));
    for (const [i, r] of records.entries()) {
      if (!quarantine[i]) continue;
      this.quarantinedOwners.add(keyOf(r.entity, r.externalId));
      if (this.quarantined.length < REPORTED) this.quarantined.push({ file, line: lineOf(r), reason: `carries an erased person's ${matches[i]!.kind}` });
    }
    const kept = records.filter(
      (r, i) =>
        !quarantine[i] &&
        !erasedRecord[i] &&
        !(r.ownerEntity !== null && r.ownerExternalId !== null && this.quarantinedOwners.has(keyOf(r.ownerEntity, r.ownerExternalId))),
    );
    this.suppressed += records.length - kept.length;
    return kept;
  }
}
