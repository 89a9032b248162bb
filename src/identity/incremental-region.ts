// The records one incremental run re-clusters (docs/identity.md, "Incremental resolution"): the changed
// and removed records and those they now pair with in the band or above, closed under customers, match
// pairs and human links, then grown by the review-band pairs that could still merge across its edge
// (resolution/region-boundary.ts) until none is left. Every read is by id or key: the work is proportional
// to the region and the blocks of its changed records, never to the population.
import { blockingKeys } from './engine/blocking';
import type { MatchRecord } from './engine/match-record';
import type { MatchModel } from './engine/model';
import type { IdentityConfig } from './identity-config';
import { liveOutside, pairKey, type CrossingPair } from './resolution/region-boundary';
import { effectiveProbability, type RegionResult } from './resolution/resolve-region';
import type { PersonRow, ResolveRepository } from './resolve.repository';

export class IncrementalRegion {
  /** region record ids, removed records included */
  readonly ids = new Set<string>();
  /** live person records read so far (the region and the candidates of changed records) */
  readonly rows = new Map<string, PersonRow>();
  private readonly matches = new Map<string, MatchRecord>();
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

  async load(ids: string[]): Promise<PersonRow[]> {
    const missing = ids.filter((id) => !this.rows.has(id));
    for (const p of await this.reads.personsByIds(missing, this.keyVersion)) this.rows.set(p.id, p);
    return ids.filter((id) => this.rows.has(id)).map((id) => this.rows.get(id)!);
  }

  /** Existing records that a changed record now scores at or above the review threshold with. */
  async newNeighbours(changed: MatchRecord[], model: MatchModel): Promise<string[]> {
    const pairs = await this.reads.blockedPairs(keysOf(changed), this.settings.maxBlockSize);
    await this.load([...new Set(pairs.map(([, b]) => b))]);
    const out: string[] = [];
    for (const [a, b] of pairs) {
      if (!this.rows.has(a) || !this.rows.has(b)) continue;
      if (effectiveProbability(this.matchOf(a), this.matchOf(b), model, this.settings) >= this.settings.reviewThreshold) out.push(b);
    }
    return out;
  }

  /** Adds the frontier and what it reaches through customers, match pairs and human links. */
  async grow(frontier: string[]): Promise<void> {
    let next = frontier.filter((id) => !this.ids.has(id));
    for (const id of next) this.ids.add(id);
    while (next.length > 0) {
      next = (await this.reads.neighbours(next)).filter((id) => !this.ids.has(id));
      for (const id of next) this.ids.add(id);
    }
    await this.load([...this.ids]);
  }

  /** The live records of the region, normalised. */
  records(): MatchRecord[] {
    return [...this.ids].filter((id) => this.rows.has(id)).map(this.matchOf);
  }

  persons(): PersonRow[] {
    return [...this.ids].filter((id) => this.rows.has(id)).map((id) => this.rows.get(id)!);
  }

  /** Keys too large in the whole population, among those two region records share (only they pair records here). */
  async excludedKeys(records: MatchRecord[]): Promise<ReadonlySet<string>> {
    const seen = new Map<string, number>();
    for (const r of records) for (const k of new Set(blockingKeys(r))) seen.set(k, (seen.get(k) ?? 0) + 1);
    const keys = [...seen].filter(([k, n]) => n > 1 && !this.checkedKeys.has(k)).map(([k]) => k);
    for (const k of keys) this.checkedKeys.add(k);
    for (const k of await this.reads.oversizedKeys(keys, this.settings.maxBlockSize)) this.excluded.add(k);
    return this.excluded;
  }

  /** Stored review-band pairs from the region to outside it, except the stale ones of changed records. */
  async crossing(): Promise<CrossingPair[]> {
    const inside = this.ids;
    const links = await this.reads.reviewLinksTouching([...inside]);
    return links
      .filter((l) => inside.has(l.a) !== inside.has(l.b) && !this.touched.has(l.a) && !this.touched.has(l.b))
      .map((l) => (inside.has(l.a) ? { inside: l.a, outside: l.b } : { inside: l.b, outside: l.a }));
  }

  /** Outside records that a crossing band pair could still merge with: the region must take them in. */
  async liveOutside(crossing: CrossingPair[], result: RegionResult): Promise<string[]> {
    if (crossing.length === 0) return [];
    const insideCluster = phaseOneClusters(result);
    const outsideCluster = new Map<string, string[]>();
    for (const { of, id } of await this.reads.matchClusterMates([...new Set(crossing.map((c) => c.outside))])) {
      (outsideCluster.get(of) ?? outsideCluster.set(of, []).get(of)!).push(id);
    }
    const involved = new Set<string>();
    for (const c of crossing) {
      for (const id of insideCluster(c.inside)) involved.add(id);
      for (const id of outsideCluster.get(c.outside) ?? [c.outside]) involved.add(id);
    }
    // A changed record's stored pairs are stale; its current ones in the band all lie in the region.
    const strong = new Set<string>();
    for (const l of await this.reads.linksAmong([...involved])) {
      if (l.probability < this.settings.reviewThreshold || l.decision === 'split' || this.touched.has(l.a) || this.touched.has(l.b)) continue;
      strong.add(pairKey(l.a, l.b));
    }
    return liveOutside({ crossing, insideCluster, outsideCluster, strong, maxClusterSize: this.settings.maxClusterSize });
  }

  /** A review pair's impact is the records of both customers: its region side may have changed size. */
  async impacts(crossing: CrossingPair[], result: RegionResult): Promise<{ a: string; b: string; impact: number }[]> {
    if (crossing.length === 0) return [];
    const sizeOf = new Map<string, number>();
    for (const ids of result.clusters) for (const id of ids) sizeOf.set(id, ids.length);
    const outside = await this.reads.customerSizes([...new Set(crossing.map((c) => c.outside))]);
    return crossing.map(({ inside, outside: other }) => {
      const [a, b] = BigInt(inside) < BigInt(other) ? [inside, other] : [other, inside];
      return { a, b, impact: (sizeOf.get(inside) ?? 1) + (outside.get(other) ?? 1) };
    });
  }
}

/** Record id → the record ids of its phase-1 cluster in this run's result. */
function phaseOneClusters(result: RegionResult): (id: string) => string[] {
  const members = new Map<string, string[]>();
  for (const [id, first] of result.matchCluster) (members.get(first) ?? members.set(first, []).get(first)!).push(id);
  return (id) => members.get(result.matchCluster.get(id) ?? '') ?? [id];
}

export function keysOf(records: MatchRecord[]): Map<string, string[]> {
  return new Map(records.map((r) => [r.id, [...new Set(blockingKeys(r))]]));
}
