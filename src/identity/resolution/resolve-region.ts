// One resolution over a set of records: block, score, cluster with human decisions, and say what
// happened to every pair that made or almost made a customer. Pure: the service loads and stores.
//
// The set may be the whole population (full run) or a region of it (incremental run, a human decision).
// Clustering only ever merges along pairs at or above the review threshold (or forced links), so it
// decomposes over the connected components of those pairs: a region that is a union of whole
// components, with the records ordered by id as in a full run, clusters exactly as a full run would.
import { BLOCKING_RULES, blockIndex, type BlockIndex, type CandidateStats } from '../engine/blocking';
import { compareInto } from '../engine/comparisons';
import { compileModel, type CompiledModel } from '../engine/compiled-model';
import { ATTRIBUTES } from '../engine/levels';
import type { MatchRecord } from '../engine/match-record';
import type { MatchModel } from '../engine/model';
import { probabilityOf, weighLevels } from '../engine/score';
import type { DeterministicRuleName, IdentityConfig } from '../identity-config';
import { deterministicRule } from './deterministic-rule';
import { componentsOf, UnionFind, type Components } from './components';
import type { PairBuffer, WeakPairs } from './pair-buffer';
import { PairScorer, scoreBlocks, weakPairsWithin } from './candidate-scoring';
import type { Progress } from '../../shared/progress';
import { inIdOrder } from '../engine/pair-order';
import { ComponentClustering, LINK_DECISIONS, type ClusterPiece } from './cluster-pieces';
import { PairOutcomes } from './pair-outcomes';

export interface Decision {
  a: string;
  b: string;
  kind: 'link' | 'split';
}

export interface RegionResult {
  /** record ids per customer, singletons included */
  clusters: string[][];
  /** the pairs to store: those that made or almost made a customer, refused ones and human splits */
  links: PairOutcomes;
  stats: CandidateStats;
  /** candidate pairs held in memory at once: those that may decide something, and weak ones inside match components */
  heldPairs: number;
  /**
   * By record index, for a commit of a million records without a Map of their ids: the region's record ids
   * (sorted by id), `clusters` as indexes into them, and the first record of each record's phase-1 cluster
   * (forced links and match pairs; itself when alone there). matchClusterOf reads the phase-1 clusters by id.
   */
  indexed: { ids: readonly string[]; clusters: readonly (readonly number[])[]; matchFirst: Int32Array };
}

/**
 * Record id → first record id of its phase-1 cluster, for records not alone there: what an incremental run
 * stores and compares by id. Made on demand: a full run's commit reads `indexed` and needs no such Map.
 */
export function matchClusterOf(result: RegionResult): Map<string, string> {
  const { ids, matchFirst } = result.indexed;
  const size = new Int32Array(ids.length);
  for (let x = 0; x < ids.length; x++) size[matchFirst[x]!]!++;
  const out = new Map<string, string>();
  for (let x = 0; x < ids.length; x++) if (size[matchFirst[x]!]! > 1) out.set(ids[x]!, ids[matchFirst[x]!]!);
  return out;
}

export type RegionOptions = Pick<
  IdentityConfig,
  'matchThreshold' | 'reviewThreshold' | 'maxClusterSize' | 'maxBlockSize' | 'onePerSource' | 'deterministicRules'
> & {
  excludedKeys?: ReadonlySet<string>;
  /** blocks built over the records sorted by id (a full run builds them once for estimation and scoring) */
  index?: BlockIndex;
  /** reports the phases 'block' (rules; only when no index is given), 'score' (blocks) and 'cluster' (components) */
  progress?: Progress;
};

const byNumericId = (x: MatchRecord, y: MatchRecord) => Number(x.id) - Number(y.id);

/** What both threads of a region share: its records in id order, their blocks, the model and the decisions. */
export interface PreparedRegion {
  records: MatchRecord[];
  index: BlockIndex;
  scorer: PairScorer;
  compiled: CompiledModel;
  decided: Map<number, 'link' | 'split'>;
  options: RegionOptions;
}

export function prepareRegion(input: MatchRecord[], model: MatchModel, decisions: Decision[], options: RegionOptions): PreparedRegion {
  const records = [...input].sort(byNumericId);
  const compiled = compileModel(model);
  const decided = decidedPairs(records, decisions);
  const progress = options.progress;
  if (!options.index) progress?.phase('block');
  // both passes over the candidates below walk the same blocks
  const index = usableIndex(records, options) ?? blockIndex(records, BLOCKING_RULES, options.excludedKeys, progress);
  return { records, index, scorer: new PairScorer(records, compiled, decided, options), compiled, decided, options };
}

/** The given index when it was built over these very records with these exclusions. */
function usableIndex(records: MatchRecord[], options: RegionOptions): BlockIndex | undefined {
  const index = options.index;
  const exclusions = options.excludedKeys !== undefined && options.excludedKeys.size > 0 ? options.excludedKeys : undefined;
  if (!index || index.rules !== BLOCKING_RULES || index.excludedKeys !== exclusions || index.records.length !== records.length) return undefined;
  return records.every((r, i) => index.records[i] === r) ? index : undefined;
}

export function resolveRegion(input: MatchRecord[], model: MatchModel, decisions: Decision[], options: RegionOptions): RegionResult {
  return resolvePrepared(prepareRegion(input, model, decisions, options));
}

/** The rest of resolveRegion on this thread, from a prepared region. */
export function resolvePrepared(region: PreparedRegion): RegionResult {
  const { options } = region;
  options.progress?.phase('score');
  const { strong, stats } = scoreBlocks(region.index, region.scorer, undefined, options.progress);
  const components = componentsOfStrong(region, strong);
  startClusterPhase(region, components);
  return clusterRegion(region, strong, stats, components, weakPairsWithin(region.index, region.scorer, components.match.of));
}

/** The 'cluster' phase (components done of all) starts with the second walk over the blocks. */
export function startClusterPhase(region: PreparedRegion, components: { match: Components; review: Components }): void {
  region.options.progress?.phase('cluster', components.match.members.length + components.review.members.length);
}

/** The match and review components the strong pairs make, after adding decided pairs blocking never produced. */
export function componentsOfStrong(region: PreparedRegion, strong: PairBuffer): { match: Components; review: Components } {
  const { records, scorer, options } = region;
  const n = records.length;
  // Decided pairs that blocking never produced, in a fixed order.
  const wanted = new Map(region.decided);
  for (let i = 0; i < strong.length; i++) if (strong.forced(i) !== undefined) wanted.delete(strong.a(i) * n + strong.b(i));
  for (const [key, kind] of [...wanted].sort((p, q) => p[0] - q[0])) {
    const x = Math.floor(key / n);
    const y = key % n;
    scorer.measure(x, y);
    strong.push(x, y, scorer.weight, -1, scorer.det, kind);
  }
  // Forced links and pairs at or above the match threshold merge first, everywhere (they sort first), and
  // only inside their components: there the weak pairs count. Band pairs merge afterwards, only inside the
  // components they form with the rest, and need no weak pair (see clusterBand).
  const matchMerges = new UnionFind(n);
  const reviewMerges = new UnionFind(n);
  for (let i = 0; i < strong.length; i++) {
    const forced = strong.forced(i);
    const p = scorer.effective(strong.weight(i), strong.det(i));
    if (forced === 'link' || (!forced && p >= options.matchThreshold)) matchMerges.union(strong.a(i), strong.b(i));
    if (forced === 'link' || (!forced && p >= options.reviewThreshold)) reviewMerges.union(strong.a(i), strong.b(i));
  }
  return { match: componentsOf(n, matchMerges), review: componentsOf(n, reviewMerges) };
}

/**
 * Clusters per component. `weak`: the weak pairs inside match components, in the order blocks meet them (a
 * second walk over the blocks that scores only those, so memory holds the pairs that may decide something,
 * not every candidate).
 */
export function clusterRegion(
  region: PreparedRegion,
  strong: PairBuffer,
  stats: CandidateStats,
  components: { match: Components; review: Components },
  weak: WeakPairs,
): RegionResult {
  const clustering = componentClustering(region, strong, weak, components);
  let done = 0;
  const piece = clustering.piece({ from: 0, to: components.review.members.length }, () => region.options.progress?.tick(++done));
  return assembleRegion(region, strong, weak, components, [piece], stats);
}

/** The clustering of a region's components (cluster-pieces.ts), on this thread's records. */
export function componentClustering(region: PreparedRegion, strong: PairBuffer, weak: WeakPairs, components: { match: Components; review: Components }): ComponentClustering {
  const { records, scorer, compiled, options } = region;
  return new ComponentClustering({ records, scorer, compiled, settings: options }, strong, weak, components.match, components.review);
}

/** The region's result from the pieces of every review component, in component order. */
export function assembleRegion(
  region: PreparedRegion,
  strong: PairBuffer,
  weak: WeakPairs,
  { review }: { match: Components; review: Components },
  pieces: ClusterPiece[],
  stats: CandidateStats,
): RegionResult {
  const { records, scorer } = region;
  const n = records.length;
  const firstOf = new Int32Array(n);
  for (let x = 0; x < n; x++) firstOf[x] = x;
  const clusters: number[][] = [];
  for (let x = 0; x < n; x++) if (review.of[x] === -1) clusters.push([x]);
  const ids = records.map((r) => r.id);
  const isSplit = (i: number) => strong.forced(i) === 'split' && (review.of[strong.a(i)] === -1 || review.of[strong.a(i)] !== review.of[strong.b(i)]);
  let splits = 0;
  for (let i = 0; i < strong.length; i++) if (isSplit(i)) splits++;
  const links = new PairOutcomes(ids, pieces.reduce((sum, piece) => sum + piece.pair.length, 0) + splits);
  for (const piece of pieces) {
    for (let j = 0; j < piece.firstOf.length; j += 2) firstOf[piece.firstOf[j]!] = piece.firstOf[j + 1]!;
    let at = 0;
    for (const size of piece.clusterSizes) {
      clusters.push(Array.from(piece.clusterMembers.subarray(at, at + size)));
      at += size;
    }
    for (let j = 0; j < piece.pair.length; j++) {
      const i = piece.pair[j]!;
      const weight = strong.weight(i);
      links.add(strong.a(i), strong.b(i), scorer.effective(weight, strong.det(i)), weight, strong.rule(i), piece.decision[j]!, piece.rules[piece.rule[j]!]!, piece.impact[j]!);
    }
  }
  // a human split of records no review component holds together: stored as decided
  const split = LINK_DECISIONS.indexOf('split');
  for (let i = 0; i < strong.length; i++) {
    if (isSplit(i)) links.add(strong.a(i), strong.b(i), probabilityOf(strong.weight(i)), strong.weight(i), strong.rule(i), split, 'manual_split', 0);
  }
  clusters.sort((x, y) => x[0]! - y[0]!);
  // a record alone in its phase-1 cluster is its own first
  const size = new Int32Array(n);
  for (let x = 0; x < n; x++) size[firstOf[x]!]!++;
  for (let x = 0; x < n; x++) if (size[firstOf[x]!]! < 2) firstOf[x] = x;
  return {
    clusters: clusters.map((m) => m.map((x) => ids[x]!)),
    links,
    stats,
    heldPairs: strong.length + weak.length,
    indexed: { ids, clusters, matchFirst: firstOf },
  };
}

/** Human decisions by pair key (smaller index · n + larger index). */
function decidedPairs(records: MatchRecord[], decisions: Decision[]): Map<number, 'link' | 'split'> {
  // only the decided records' indexes: a full run has a million records and a handful of decisions
  const ids = new Set(decisions.flatMap((d) => [d.a, d.b]));
  const index = new Map<string, number>();
  if (ids.size > 0) records.forEach((r, i) => ids.has(r.id) && index.set(r.id, i));
  const n = records.length;
  const wanted = new Map<number, 'link' | 'split'>();
  for (const d of decisions) {
    const x = index.get(d.a);
    const y = index.get(d.b);
    if (x === undefined || y === undefined || x === y) continue;
    wanted.set(Math.min(x, y) * n + Math.max(x, y), d.kind);
  }
  return wanted;
}

export type { DeterministicRuleName };

/** The deterministic rule that links this pair on its own, if any. */
export function deterministicRuleOf(first: MatchRecord, second: MatchRecord, options: Pick<RegionOptions, 'deterministicRules'>): DeterministicRuleName | undefined {
  const [a, b] = inIdOrder(first, second);
  const levels = new Int8Array(ATTRIBUTES.length);
  const swapped = compareInto(a, b, levels);
  return deterministicRule(a, b, levels, swapped, options.deterministicRules);
}

/** One pair's probability as resolution sees it (in id order): a deterministic rule lifts it to the match threshold. */
export function effectiveProbability(first: MatchRecord, second: MatchRecord, model: MatchModel, options: RegionOptions): number {
  const [a, b] = inIdOrder(first, second);
  const levels = new Int8Array(ATTRIBUTES.length);
  const swapped = compareInto(a, b, levels);
  const p = probabilityOf(weighLevels(a, b, levels, swapped, compileModel(model)));
  return deterministicRule(a, b, levels, swapped, options.deterministicRules) ? Math.max(p, options.matchThreshold) : p;
}
