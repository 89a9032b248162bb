// Clustering that does not chain (IDENTITY_NOTES 7). Pairs are merged
// strongest first, and each merge of two clusters is checked against every
// scored pair that crosses them: a strong conflict anywhere, weak evidence on
// average, a one-per-source limit or the size cap refuses it. A → B → C
// therefore only becomes one customer when A and C do not contradict.
// Identifiers are checked across every record of the two clusters, scored or
// not: A and C holding two customer numbers were often never a candidate pair.
// Two thresholds: a pair at or above matchThreshold may merge clusters
// transitively (records never compared directly end up together); a pair in
// the review band merges only when it needs no transitivity — every record of
// one side was compared with every record of the other and each of those pairs
// is in the band or above (two single records, typically). Band pairs left
// apart form the review queue.
// Human decisions come first: forced links merge regardless of evidence,
// forced splits are never crossed.
import { identifierConflicts } from './compare-fields';
import type { MatchRecord } from './match-record';
import type { Score } from './score';

/** What the identifier check reads of a record. */
export type IdentifierHolder = Pick<MatchRecord, 'source' | 'identifiers' | 'identifierTypes'>;

export interface ClusterOptions {
  /** probability for a (transitive) merge, default 0.95 */
  matchThreshold: number;
  /** pairs from here up to the match threshold, left apart, go to review; default 0.5 */
  reviewThreshold: number;
  /** default 50 */
  maxClusterSize: number;
  /** sources allowed at most one record per cluster, e.g. ['salesforce']; off by default */
  onePerSource?: string[];
  /** source of each record index; required for onePerSource */
  sources?: readonly string[];
  /**
   * Identifiers of each record index. With them, two clusters whose records hold different identifiers of
   * one type (no value in common, none a typo of the other: identifierConflicts) never merge, whether or not
   * those records were ever scored as a pair.
   */
  identifiers?: readonly IdentifierHolder[];
  /**
   * The model's prior log-odds. Cross-pair evidence is weighed without it: a pair with little in common
   * (a record holding a first name and an email) says nothing against a merge, while with the prior
   * (−17 bits at 10^5 records) it weighed as a contradiction. Default 0: weights as given.
   */
  priorLogit?: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = { matchThreshold: 0.95, reviewThreshold: 0.5, maxClusterSize: 50 };

export interface ScoredPair {
  a: number;
  b: number;
  score: Score;
  /** human decisions */
  forced?: 'link' | 'split';
}

export interface ClusterResult {
  clusters: number[][];
  review: ScoredPair[];
  refused: { a: number; b: number; reason: string }[];
}

/** Cross-pair weights are clamped so one extreme pair cannot outvote the rest. */
const CROSS_CLAMP_BITS = 10;

class Clusters {
  readonly parent: Int32Array;
  readonly members: number[][];
  /** per cluster root, the members holding an identifier (few: most clusters have none or one) */
  readonly holders: number[][];
  constructor(n: number, identifiers?: readonly IdentifierHolder[]) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
    this.members = Array.from({ length: n }, (_, i) => [i]);
    this.holders = Array.from({ length: n }, (_, i) => ((identifiers?.[i]?.identifiers.length ?? 0) > 0 ? [i] : []));
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]!]!;
      x = this.parent[x]!;
    }
    return x;
  }
  union(ra: number, rb: number): void {
    const [big, small] = this.members[ra]!.length >= this.members[rb]!.length ? [ra, rb] : [rb, ra];
    this.parent[small] = big;
    for (const x of this.members[small]!) this.members[big]!.push(x);
    this.members[small] = [];
    for (const x of this.holders[small]!) this.holders[big]!.push(x);
    this.holders[small] = [];
  }
}

/** Pair indexes touching each record. */
function adjacency(n: number, pairs: ScoredPair[]): number[][] {
  const out: number[][] = Array.from({ length: n }, () => []);
  pairs.forEach((p, i) => {
    out[p.a]!.push(i);
    out[p.b]!.push(i);
  });
  return out;
}

function crossPairs(c: Clusters, adj: number[][], pairs: ScoredPair[], ra: number, rb: number): ScoredPair[] {
  const [from, to] = c.members[ra]!.length <= c.members[rb]!.length ? [ra, rb] : [rb, ra];
  const out: ScoredPair[] = [];
  for (const x of c.members[from]!) {
    for (const i of adj[x]!) {
      const p = pairs[i]!;
      if (c.find(p.a === x ? p.b : p.a) === to) out.push(p);
    }
  }
  return out;
}

function sourceProblem(c: Clusters, ra: number, rb: number, options: ClusterOptions): string | undefined {
  const { onePerSource, sources } = options;
  if (!onePerSource?.length || !sources) return undefined;
  for (const source of onePerSource) {
    const inA = c.members[ra]!.some((x) => sources[x] === source);
    if (inA && c.members[rb]!.some((x) => sources[x] === source)) return `one record per source: ${source}`;
  }
  return undefined;
}

/** Two records, one in each cluster, holding different identifiers of one type (scored as a pair or not). */
function identifierProblem(c: Clusters, ra: number, rb: number, options: ClusterOptions): string | undefined {
  const records = options.identifiers;
  if (!records) return undefined;
  for (const x of c.holders[ra]!) {
    for (const y of c.holders[rb]!) {
      const types = identifierConflicts(records[x]!, records[y]!);
      if (types.length > 0) return `conflict ${types.map((t) => `identifier:${t}`).join(', ')} between ${Math.min(x, y)} and ${Math.max(x, y)}`;
    }
  }
  return undefined;
}

/** A conflict, or cross pairs that on average speak against one person (Bayes factors, clamped). */
function evidenceProblem(cross: ScoredPair[], options: ClusterOptions): string | undefined {
  const conflicting = cross.find((p) => p.score.conflicts.length > 0);
  if (conflicting) return `conflict ${conflicting.score.conflicts.join(', ')} between ${conflicting.a} and ${conflicting.b}`;
  let sum = 0;
  const prior = options.priorLogit ?? 0;
  for (const p of cross) sum += Math.max(-CROSS_CLAMP_BITS, Math.min(CROSS_CLAMP_BITS, p.score.weight - prior));
  const mean = sum / cross.length;
  if (mean <= 0) {
    return `weak cross-pair evidence: mean ${mean.toFixed(1)} bits over ${cross.length} pairs`;
  }
  return undefined;
}

/** A band pair may only merge clusters whose every cross pair was scored in the band or above. */
function directlyConfirmed(c: Clusters, cross: ScoredPair[], ra: number, rb: number, options: ClusterOptions): boolean {
  if (cross.length < c.members[ra]!.length * c.members[rb]!.length) return false;
  return cross.every((p) => p.score.probability >= options.reviewThreshold);
}

/** Why two clusters must not merge, or undefined when they may. Forced links skip all but forced splits. */
function mergeProblem(
  c: Clusters,
  adj: number[][],
  pairs: ScoredPair[],
  link: ScoredPair,
  options: ClusterOptions,
): string | undefined {
  const ra = c.find(link.a);
  const rb = c.find(link.b);
  const cross = crossPairs(c, adj, pairs, ra, rb);
  if (cross.some((p) => p.forced === 'split')) return 'forced split';
  if (link.forced === 'link') return undefined;
  if (link.score.probability < options.matchThreshold && !directlyConfirmed(c, cross, ra, rb, options)) {
    return 'below the match threshold and not confirmed by every cross pair';
  }
  if (c.members[ra]!.length + c.members[rb]!.length > options.maxClusterSize) return `size cap ${options.maxClusterSize}`;
  return sourceProblem(c, ra, rb, options) ?? evidenceProblem(cross, options) ?? identifierProblem(c, ra, rb, options);
}

const byStrength = (x: ScoredPair, y: ScoredPair) =>
  y.score.probability - x.score.probability || y.score.weight - x.score.weight || x.a - y.a || x.b - y.b;
const byIndex = (x: ScoredPair, y: ScoredPair) => x.a - y.a || x.b - y.b;

/** Greedy, strongest pairs first; deterministic for the same input. */
export function cluster(n: number, pairs: ScoredPair[], options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS): ClusterResult {
  const links = pairs.filter((p) => p.forced === 'link').sort(byIndex);
  const candidates = pairs.filter((p) => !p.forced && p.score.probability >= options.reviewThreshold).sort(byStrength);
  return mergeInOrder(new Clusters(n, options.identifiers), pairs, [...links, ...candidates], options);
}

/** The first phase on its own: forced links, then pairs at or above the match threshold. */
export function clusterMatches(n: number, pairs: ScoredPair[], options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS): ClusterResult {
  const links = pairs.filter((p) => p.forced === 'link').sort(byIndex);
  const candidates = pairs.filter((p) => !p.forced && p.score.probability >= options.matchThreshold).sort(byStrength);
  return mergeInOrder(new Clusters(n, options.identifiers), pairs, [...links, ...candidates], options);
}

/**
 * The band phase on its own: starting from clusters that forced links and pairs at or above the match
 * threshold already formed, merges along band pairs only. A band merge needs every cross pair scored in
 * the band or above, so `pairs` need not hold the pairs below the review threshold: without them the
 * cross pairs are incomplete and the merge is refused, as it would be with them. This lets a run
 * cluster the (large) components of band pairs without holding their weak pairs.
 */
export function clusterBand(n: number, pairs: ScoredPair[], initial: number[][], options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS): ClusterResult {
  const c = new Clusters(n, options.identifiers);
  for (const members of initial) for (const x of members.slice(1)) c.union(c.find(members[0]!), c.find(x));
  const band = pairs.filter((p) => !p.forced && p.score.probability >= options.reviewThreshold && p.score.probability < options.matchThreshold);
  return mergeInOrder(c, pairs, band.sort(byStrength), options);
}

function mergeInOrder(c: Clusters, pairs: ScoredPair[], order: ScoredPair[], options: ClusterOptions): ClusterResult {
  const adj = adjacency(c.parent.length, pairs);
  const refused: ClusterResult['refused'] = [];
  for (const p of order) {
    const ra = c.find(p.a);
    const rb = c.find(p.b);
    if (ra === rb) continue;
    const problem = mergeProblem(c, adj, pairs, p, options);
    if (!problem) c.union(ra, rb);
    // Band pairs left apart are the review queue, not refusals.
    else if (p.forced || p.score.probability >= options.matchThreshold) refused.push({ a: p.a, b: p.b, reason: problem });
  }
  const review = pairs
    .filter((p) => !p.forced && p.score.probability >= options.reviewThreshold && c.find(p.a) !== c.find(p.b))
    .sort(byStrength);
  const clusters = c.members.filter((m) => m.length > 0).map((m) => [...m].sort((x, y) => x - y));
  clusters.sort((x, y) => x[0]! - y[0]!);
  return { clusters, review, refused };
}
