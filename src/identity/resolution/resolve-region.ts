// One resolution over a set of records: block, score, cluster with human decisions, and say what
// happened to every pair that made or almost made a customer. Pure: the service loads and stores.
//
// The set may be the whole population (full run) or a region of it (incremental run, a human decision).
// Clustering only ever merges along pairs at or above the review threshold (or forced links), so it
// decomposes over the connected components of those pairs: a region that is a union of whole
// components, with the records ordered by id as in a full run, clusters exactly as a full run would.
import { BLOCKING_RULES, forEachCandidatePair, type CandidateStats } from '../engine/blocking';
import { cluster, type ScoredPair } from '../engine/cluster';
import { compareInto } from '../engine/comparisons';
import { compileModel } from '../engine/compiled-model';
import { ATTRIBUTES } from '../engine/levels';
import type { MatchRecord } from '../engine/match-record';
import type { MatchModel } from '../engine/model';
import { conflictsOf, probabilityOf, weighLevels } from '../engine/score';
import type { DeterministicRuleName, IdentityConfig } from '../identity-config';
import { deterministicRule } from './deterministic-rule';
import { PairBuffer } from './pair-buffer';

export interface Decision {
  a: string;
  b: string;
  kind: 'link' | 'split';
}

export type LinkDecision = 'match' | 'review' | 'refused' | 'linked' | 'split';

export interface PairOutcome {
  a: string;
  b: string;
  probability: number;
  weight: number;
  blockingRule: string | null;
  decision: LinkDecision;
  /** what decided: a deterministic rule, a threshold, a refusal reason or a human decision */
  rule: string;
  /** review pairs: records of both customers, what a decision would change */
  impact: number;
}

export interface RegionResult {
  /** record ids per customer, singletons included */
  clusters: string[][];
  links: PairOutcome[];
  stats: CandidateStats;
}

export type RegionOptions = Pick<
  IdentityConfig,
  'matchThreshold' | 'reviewThreshold' | 'maxClusterSize' | 'maxBlockSize' | 'onePerSource' | 'deterministicRules'
> & { excludedKeys?: ReadonlySet<string> };

const byNumericId = (x: MatchRecord, y: MatchRecord) => Number(x.id) - Number(y.id);

export function resolveRegion(input: MatchRecord[], model: MatchModel, decisions: Decision[], options: RegionOptions): RegionResult {
  const records = [...input].sort(byNumericId);
  const compiled = compileModel(model);
  const pairs = new PairBuffer();
  const levels = new Int8Array(ATTRIBUTES.length);
  const score = (x: number, y: number, rule: number) => {
    const swapped = compareInto(records[x]!, records[y]!, levels);
    const weight = weighLevels(records[x]!, records[y]!, levels, swapped, compiled);
    const det = deterministicRule(records[x]!, records[y]!, levels, swapped, options.deterministicRules);
    return pairs.push(x, y, weight, rule, det ? options.deterministicRules.indexOf(det) + 1 : 0);
  };
  const stats = forEachCandidatePair(records, score, { maxBlockSize: options.maxBlockSize, excludedKeys: options.excludedKeys });
  const forced = forcedPairs(records, decisions, pairs, score);
  const effective = (i: number) => {
    const p = probabilityOf(pairs.weight[i]!);
    return pairs.det[i]! > 0 ? Math.max(p, options.matchThreshold) : p;
  };
  const component = components(records.length, pairs, (i) => forced.get(i) === 'link' || (!forced.has(i) && effective(i) >= options.reviewThreshold));
  const scored: ScoredPair[] = [];
  const pairOf: number[] = [];
  for (let i = 0; i < pairs.length; i++) {
    const x = pairs.a[i]!;
    const y = pairs.b[i]!;
    if (component.find(x) !== component.find(y)) continue;
    scored.push(scoredPair(records, pairs, i, effective(i), forced.get(i), levels));
    pairOf.push(i);
  }
  const result = cluster(records.length, scored, {
    matchThreshold: options.matchThreshold,
    reviewThreshold: options.reviewThreshold,
    maxClusterSize: options.maxClusterSize,
    onePerSource: options.onePerSource,
    sources: records.map((r) => r.source),
  });
  const clusterOf = new Int32Array(records.length);
  result.clusters.forEach((members, k) => members.forEach((x) => (clusterOf[x] = k)));
  const refused = new Map(result.refused.map((r) => [`${r.a}|${r.b}`, r.reason]));
  const links: PairOutcome[] = [];
  scored.forEach((p, k) => {
    const outcome = outcomeOf(p, pairs.det[pairOf[k]!]!, clusterOf, refused, options);
    if (!outcome) return;
    const i = pairOf[k]!;
    const impact = outcome.decision === 'review' ? result.clusters[clusterOf[p.a]!]!.length + result.clusters[clusterOf[p.b]!]!.length : 0;
    links.push({
      a: records[p.a]!.id,
      b: records[p.b]!.id,
      probability: p.score.probability,
      weight: p.score.weight,
      blockingRule: pairs.rule[i]! >= 0 ? BLOCKING_RULES[pairs.rule[i]!]!.name : null,
      decision: outcome.decision,
      rule: outcome.rule.replace(/between (\d+) and (\d+)/, (_, a, b) => `between records ${records[Number(a)]!.id} and ${records[Number(b)]!.id}`),
      impact,
    });
  });
  for (const [i, kind] of forced) {
    if (kind === 'split' && component.find(pairs.a[i]!) !== component.find(pairs.b[i]!)) links.push(splitOutcome(records, pairs, i));
  }
  return { clusters: result.clusters.map((m) => m.map((x) => records[x]!.id)), links, stats };
}

/** Decided pairs → their buffer index; a decided pair blocking never produced is scored and added. */
function forcedPairs(
  records: MatchRecord[],
  decisions: Decision[],
  pairs: PairBuffer,
  score: (x: number, y: number, rule: number) => number,
): Map<number, 'link' | 'split'> {
  const index = new Map(records.map((r, i) => [r.id, i]));
  const n = records.length;
  const wanted = new Map<number, 'link' | 'split'>();
  for (const d of decisions) {
    const x = index.get(d.a);
    const y = index.get(d.b);
    if (x === undefined || y === undefined || x === y) continue;
    wanted.set(Math.min(x, y) * n + Math.max(x, y), d.kind);
  }
  const out = new Map<number, 'link' | 'split'>();
  if (wanted.size === 0) return out;
  for (let i = 0; i < pairs.length; i++) {
    const key = pairs.a[i]! * n + pairs.b[i]!;
    const kind = wanted.get(key);
    if (kind === undefined) continue;
    out.set(i, kind);
    wanted.delete(key);
  }
  for (const [key, kind] of [...wanted].sort((p, q) => p[0] - q[0])) out.set(score(Math.floor(key / n), key % n, -1), kind);
  return out;
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]!]!;
      x = this.parent[x]!;
    }
    return x;
  }
  union(x: number, y: number): void {
    const rx = this.find(x);
    const ry = this.find(y);
    if (rx !== ry) this.parent[Math.max(rx, ry)] = Math.min(rx, ry);
  }
}

/** Components of the pairs that may merge clusters. */
function components(n: number, pairs: PairBuffer, merges: (i: number) => boolean): UnionFind {
  const uf = new UnionFind(n);
  for (let i = 0; i < pairs.length; i++) if (merges(i)) uf.union(pairs.a[i]!, pairs.b[i]!);
  return uf;
}

function scoredPair(
  records: MatchRecord[],
  pairs: PairBuffer,
  i: number,
  probability: number,
  forced: 'link' | 'split' | undefined,
  levels: Int8Array,
): ScoredPair {
  const a = records[pairs.a[i]!]!;
  const b = records[pairs.b[i]!]!;
  compareInto(a, b, levels);
  const conflicts = pairs.det[i]! > 0 ? [] : conflictsOf(a, b, levels);
  const pair: ScoredPair = { a: pairs.a[i]!, b: pairs.b[i]!, score: { weight: pairs.weight[i]!, probability, evidence: [], conflicts } };
  if (forced) pair.forced = forced;
  return pair;
}

function outcomeOf(
  p: ScoredPair,
  det: number,
  clusterOf: Int32Array,
  refused: Map<string, string>,
  options: RegionOptions,
): { decision: LinkDecision; rule: string } | undefined {
  if (p.forced === 'link') return { decision: 'linked', rule: 'manual_link' };
  if (p.forced === 'split') return { decision: 'split', rule: 'manual_split' };
  if (p.score.probability < options.reviewThreshold) return undefined;
  if (clusterOf[p.a] === clusterOf[p.b]) {
    const rule: string = det > 0 ? options.deterministicRules[det - 1]! : p.score.probability >= options.matchThreshold ? 'match_threshold' : 'review_band_confirmed';
    return { decision: 'match', rule };
  }
  const reason = refused.get(`${p.a}|${p.b}`);
  if (reason) return { decision: 'refused', rule: reason };
  return { decision: 'review', rule: 'review_band' };
}

function splitOutcome(records: MatchRecord[], pairs: PairBuffer, i: number): PairOutcome {
  return {
    a: records[pairs.a[i]!]!.id,
    b: records[pairs.b[i]!]!.id,
    probability: probabilityOf(pairs.weight[i]!),
    weight: pairs.weight[i]!,
    blockingRule: pairs.rule[i]! >= 0 ? BLOCKING_RULES[pairs.rule[i]!]!.name : null,
    decision: 'split',
    rule: 'manual_split',
    impact: 0,
  };
}

export type { DeterministicRuleName };

/** The deterministic rule that links this pair on its own, if any. */
export function deterministicRuleOf(a: MatchRecord, b: MatchRecord, options: Pick<RegionOptions, 'deterministicRules'>): DeterministicRuleName | undefined {
  const levels = new Int8Array(ATTRIBUTES.length);
  const swapped = compareInto(a, b, levels);
  return deterministicRule(a, b, levels, swapped, options.deterministicRules);
}

/** One pair's probability as resolution sees it: a deterministic rule lifts it to the match threshold. */
export function effectiveProbability(a: MatchRecord, b: MatchRecord, model: MatchModel, options: RegionOptions): number {
  const levels = new Int8Array(ATTRIBUTES.length);
  const swapped = compareInto(a, b, levels);
  const p = probabilityOf(weighLevels(a, b, levels, swapped, compileModel(model)));
  return deterministicRule(a, b, levels, swapped, options.deterministicRules) ? Math.max(p, options.matchThreshold) : p;
}
