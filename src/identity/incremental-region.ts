// The records one incremental run re-clusters (docs/identity.md, "Incremental resolution"): the changed
// and removed records and those they now pair with in the band or above, closed under customers, match
// pairs and human links, then grown by the review-band pairs that could still merge across its edge
// (resolution/region-boundary.ts) until none is left. Every read is by id or key: the work is proportional
// to the region and the blocks of its changed records, never to the population.
import { blockLimit } from './engine/blocking';
import { decodeMatchRecord, type MatchRecord } from './engine/match-record';
import type { MatchModel } from './engine/model';
import type { IdentityConfig } from './identity-config';
import { liveOutside, pairKey } from './resolution/region-boundary';
import { effectiveProbability, matchClusterOf, type RegionResult } from './resolution/resolve-region';
import { distinctKeys, keysOf } from './record-keys';
import type { PersonRow, RegionContext, ResolveRepository } from './resolve.repository';
import { idsInOrder } from './engine/pair-order';

export class IncrementalRegion {
  /** region record ids, removed records included */
  readonly ids = new Set<string>();
  /** live person records read so far (the region and the candidates of changed records) */
  readonly rows = new Map<string, PersonRow>();
  private readonly matches = new Map<string, MatchRecord>();
  /** keys too large in the whole population: skipped as a full run skips them */
  private readonly excluded = new Set<string>();
  private readonly checkedKeys = new Set<string>();

  constructor(
    private readonly reads: ResolveRepository,
    private readonly settings: IdentityConfig,
    private readonly keyVersion: number,
    private readonly normalise: (p: PersonRow) => MatchRecord,
    /** changed and removed records: their stored pairs are stale */
    readonly touched: ReadonlySet<string>,
  ) {}

  matchOf = (id: string): MatchRecord => this.matches.get(id) ?? this.matches.set(id, this.normalise(this.rows.get(id)!)).get(id)!;

  /**
   * How this change moves block sizes: per `rule:value` key, the records gaining it minus those losing it
   * (changed records' new keys against the keys of their stored normalisation; removed records lose
   * theirs). Read before the change's keys are written.
   */
  async blockSizeChanges(changed: MatchRecord[]): Promise<Map<string, number>> {
    const delta = new Map<string, number>();
    const add = (key: string, by: number) => delta.set(key, (delta.get(key) ?? 0) + by);
    for (const r of await this.reads.storedMatchRecords([...this.touched], this.keyVersion)) {
      for (const key of distinctKeys(decodeMatchRecord(r.id, r.source, r.matchRecord))) add(key, -1);
    }
    for (const r of changed) for (const key of distinctKeys(r)) add(key, 1);
    for (const [key, by] of delta) if (by === 0) delta.delete(key);
    return delta;
  }

  /**
   * The members of blocks this change took across their size limit (a block of 51 down to 50 becomes usable,
   * one of 50 up to 51 unusable): their pairs appear or vanish although none of them changed, so a full run
   * would re-cluster them. Read after the change's keys are written.
   */
  async membersOfFlippedBlocks(delta: Map<string, number>): Promise<string[]> {
    const keys = [...delta.keys()];
    return this.reads.membersOfFlippedBlocks(keys, keys.map((k) => blockLimit(k, this.settings.maxBlockSize)), keys.map((k) => delta.get(k)!));
  }

  /** Existing records that a changed record now scores at or above the review threshold with. */
  async newNeighbours(changed: MatchRecord[], model: MatchModel): Promise<string[]> {
    const { pairs, rows } = await this.reads.blockedPairs(keysOf(changed), this.settings.maxBlockSize, this.keyVersion);
    for (const p of rows) if (!this.rows.has(p.id)) this.rows.set(p.id, p);
    const out: string[] = [];
    for (const [a, b] of pairs) {
      if (!this.rows.has(a) || !this.rows.has(b)) continue;
      if (effectiveProbability(this.matchOf(a), this.matchOf(b), model, this.settings) >= this.settings.reviewThreshold) out.push(b);
    }
    return out;
  }

  /** Adds the frontier and what it reaches through customers, match pairs and human links. */
  async grow(frontier: string[]): Promise<void> {
    const fresh = [...new Set(frontier)].filter((id) => !this.ids.has(id));
    const { ids, rows } = await this.reads.closure(fresh, [...this.ids], this.keyVersion);
    for (const id of ids) this.ids.add(id);
    for (const p of rows) if (!this.rows.has(p.id)) this.rows.set(p.id, p);
  }

  /** The live records of the region, normalised. */
  records(): MatchRecord[] {
    return [...this.ids].filter((id) => this.rows.has(id)).map(this.matchOf);
  }

  persons(): PersonRow[] {
    return [...this.ids].filter((id) => this.rows.has(id)).map((id) => this.rows.get(id)!);
  }

  /**
   * What clustering the region needs besides its records: keys too large in the whole population among
   * those two region records share (only they pair records here), human decisions, and the review-band
   * pairs crossing its edge with what the boundary test needs.
   */
  async context(records: MatchRecord[]): Promise<RegionContext & { excluded: ReadonlySet<string> }> {
    const seen = new Map<string, number>();
    for (const r of records) for (const k of distinctKeys(r)) seen.set(k, (seen.get(k) ?? 0) + 1);
    const keys = [...seen].filter(([k, n]) => n > 1 && !this.checkedKeys.has(k)).map(([k]) => k);
    for (const k of keys) this.checkedKeys.add(k);
    const context = await this.reads.regionContext(
      [...this.ids],
      [...this.touched],
      keys,
      keys.map((k) => blockLimit(k, this.settings.maxBlockSize)),
      this.settings.reviewThreshold,
    );
    for (const k of context.oversized) this.excluded.add(k);
    return { ...context, excluded: this.excluded };
  }

  /** Outside records that a crossing band pair could still merge with: the region must take them in. */
  liveOutside(context: RegionContext, result: RegionResult): string[] {
    return liveOutside({
      crossing: context.crossing,
      insideCluster: phaseOneClusters(result),
      outsideCluster: context.outsideCluster,
      strong: new Set(context.strong.map(([a, b]) => pairKey(a, b))),
      maxClusterSize: this.settings.maxClusterSize,
    });
  }

  /** A review pair's impact is the records of both customers: its region side may have changed size. */
  impacts(context: RegionContext, result: RegionResult): { a: string; b: string; impact: number }[] {
    const sizeOf = new Map<string, number>();
    for (const ids of result.clusters) for (const id of ids) sizeOf.set(id, ids.length);
    return context.crossing.map(({ inside, outside }) => {
      const [a, b] = idsInOrder(inside, outside);
      return { a, b, impact: (sizeOf.get(inside) ?? 1) + (context.customerSize.get(outside) ?? 1) };
    });
  }
}

/** Record id → the record ids of its phase-1 cluster in this run's result. */
function phaseOneClusters(result: RegionResult): (id: string) => string[] {
  const matchCluster = matchClusterOf(result);
  const members = new Map<string, string[]>();
  for (const [id, first] of matchCluster) (members.get(first) ?? members.set(first, []).get(first)!).push(id);
  return (id) => members.get(matchCluster.get(id) ?? '') ?? [id];
}
