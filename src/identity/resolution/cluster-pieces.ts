// Clustering of a full run's components in pieces: each piece is a range of review components, with the
// match components inside them. A match component never crosses a review component (a pair that merges
// in the first phase also counts in the second), and phase 2 only reads what phase 1 left inside its own
// component, so ranges are independent: two threads can each take some (engine-thread.ts), and the
// pieces put back in range order give what one walk over every component gives.
import { clusterBand, clusterMatches, type ClusterOptions, type ScoredPair } from '../engine/cluster';
import { compareInto } from '../engine/comparisons';
import type { CompiledModel } from '../engine/compiled-model';
import { groupBy } from '../engine/group-by';
import { workRanges } from '../engine/work-ranges';
import { ATTRIBUTES } from '../engine/levels';
import type { MatchRecord } from '../engine/match-record';
import { conflictsOf, probabilityOf } from '../engine/score';
import type { IdentityConfig } from '../identity-config';
import type { PairScorer } from './candidate-scoring';
import type { Components } from './components';
import type { PairBuffer, WeakPairs } from './pair-buffer';

export type ClusterSettings = Pick<IdentityConfig, 'matchThreshold' | 'reviewThreshold' | 'maxClusterSize' | 'onePerSource' | 'deterministicRules'>;

/** What clustering reads: the records by index, how a pair's probability is lifted, the model's prior. */
export interface ClusterInput {
  records: readonly MatchRecord[];
  scorer: PairScorer;
  compiled: CompiledModel;
  settings: ClusterSettings;
}

/** A range of review components, `[from, to)`. */
export interface ComponentRange {
  from: number;
  to: number;
}

/** Link decisions as codes, to cross threads as typed arrays. */
export const LINK_DECISIONS = ['match', 'review', 'refused', 'linked', 'split'] as const;

/**
 * One range's result by record index: its clusters (each ascending), the first record of each record's
 * phase-1 cluster where that is not the record itself, and its stored pairs in order as strong-pair
 * indexes with a decision, a rule (an index into `rules`) and an impact.
 */
export interface ClusterPiece {
  clusterSizes: Int32Array;
  clusterMembers: Int32Array;
  /** record, first record of its phase-1 cluster; only where they differ */
  firstOf: Int32Array;
  pair: Int32Array;
  decision: Int8Array;
  rule: Int32Array;
  impact: Int32Array;
  rules: string[];
}

/** The buffers of a piece, to transfer rather than copy. */
export function pieceBuffers(p: ClusterPiece): ArrayBuffer[] {
  return [p.clusterSizes, p.clusterMembers, p.firstOf, p.pair, p.decision, p.rule, p.impact].map((a) => a.buffer as ArrayBuffer);
}

/** Components from their per-record numbers: members ascending, numbered as given. */
export function componentsFromNumbers(of: Int32Array, count: number): Components {
  const grouped = groupBy(of.length, count, (x) => of[x]!);
  const members: Int32Array[] = new Array(count);
  for (let k = 0; k < count; k++) members[k] = grouped.items.subarray(grouped.start[k]!, grouped.start[k + 1]!);
  return { of, members };
}

/** About `count` ranges of review components with similar numbers of records. */
export function componentRanges(review: Components, count: number): ComponentRange[] {
  return workRanges(Int32Array.from(review.members, (m) => m.length), count);
}

/**
 * Clusters ranges of review components over the strong pairs and the weak pairs inside match components.
 * Built once per thread: groups every pair by its component (one pass each), then clusters any range.
 */
export class ComponentClustering {
  private readonly matchPairs: { start: Int32Array; items: Int32Array };
  private readonly reviewPairs: { start: Int32Array; items: Int32Array };
  /** match components per review component */
  private readonly matchesOf: { start: Int32Array; items: Int32Array };
  private readonly levels = new Int8Array(ATTRIBUTES.length);
  private readonly options: ClusterOptions;

  constructor(
    private readonly input: ClusterInput,
    private readonly strong: PairBuffer,
    private readonly weak: WeakPairs,
    private readonly match: Components,
    private readonly review: Components,
  ) {
    const strongCount = strong.length;
    const inMatch = (a: number, b: number) => (match.of[a] === match.of[b] ? match.of[a]! : -1);
    this.matchPairs = groupBy(strongCount + weak.length, match.members.length, (i) =>
      i < strongCount ? inMatch(strong.a(i), strong.b(i)) : inMatch(weak.a(i - strongCount), weak.b(i - strongCount)),
    );
    const inside = (a: number, b: number) => (review.of[a] === review.of[b] ? review.of[a]! : -1);
    this.reviewPairs = groupBy(strongCount, review.members.length, (i) => inside(strong.a(i), strong.b(i)));
    this.matchesOf = groupBy(match.members.length, review.members.length, (m) => review.of[match.members[m]![0]!]!);
    const { settings } = input;
    this.options = {
      priorLogit: input.compiled.priorLogit,
      matchThreshold: settings.matchThreshold,
      reviewThreshold: settings.reviewThreshold,
      maxClusterSize: settings.maxClusterSize,
      onePerSource: settings.onePerSource,
    };
  }

  /** The review components of `range`, in order; `tick` after each component (match and review) done. */
  piece(range: ComponentRange, tick: () => void = () => undefined): ClusterPiece {
    const { records, settings } = this.input;
    const { strong, match, review, matchPairs, reviewPairs, matchesOf } = this;
    const firstOf = new Map<number, number>();
    const refused = new Map<string, string>();
    const clusterSizes: number[] = [];
    const clusterMembers: number[] = [];
    const pair: number[] = [];
    const decision: number[] = [];
    const rule: number[] = [];
    const impact: number[] = [];
    const rules = new Map<string, number>();
    const ruleCode = (name: string) => {
      let code = rules.get(name);
      if (code === undefined) rules.set(name, (code = rules.size));
      return code;
    };
    const first = (x: number) => firstOf.get(x) ?? x;
    for (let k = range.from; k < range.to; k++) {
      // Phase 1: the match components inside, each with its weak pairs.
      for (let r = matchesOf.start[k]!; r < matchesOf.start[k + 1]!; r++) {
        const m = matchesOf.items[r]!;
        const members = match.members[m]!;
        // Local indexes keep the global order, so ties break as in one clustering of everything.
        const local = localIndex(members);
        const scored: ScoredPair[] = [];
        for (let j = matchPairs.start[m]!; j < matchPairs.start[m + 1]!; j++) scored.push(this.toPair(matchPairs.items[j]!, local));
        const result = clusterMatches(members.length, scored, { ...this.options, ...localRecords(records, members) });
        for (const c of result.clusters) for (const x of c) if (x !== c[0]) firstOf.set(members[x]!, members[c[0]!]!);
        for (const f of result.refused) {
          const reason = f.reason.replace(/between (\d+) and (\d+)/, (_, a, b) => `between records ${records[members[Number(a)]!]!.id} and ${records[members[Number(b)]!]!.id}`);
          refused.set(`${members[f.a]!}|${members[f.b]!}`, reason);
        }
        tick();
      }
      // Phase 2: the review component, strong pairs only, from the phase-1 clusters.
      const members = review.members[k]!;
      const local = localIndex(members);
      const scored: ScoredPair[] = [];
      for (let j = reviewPairs.start[k]!; j < reviewPairs.start[k + 1]!; j++) scored.push(this.toPair(reviewPairs.items[j]!, local));
      const initial = new Map<number, number[]>();
      members.forEach((x, i) => {
        const list = initial.get(first(x));
        if (list) list.push(i);
        else initial.set(first(x), [i]);
      });
      const result = clusterBand(members.length, scored, [...initial.values()], { ...this.options, ...localRecords(records, members) });
      const clusterOf = new Int32Array(members.length);
      result.clusters.forEach((c, at) => c.forEach((x) => (clusterOf[x] = at)));
      for (let j = 0; j < scored.length; j++) {
        const p = scored[j]!;
        const i = reviewPairs.items[reviewPairs.start[k]! + j]!;
        // refusals are rare: no key string per pair unless this range has any
        const refusal = refused.size > 0 ? refused.get(`${strong.a(i)}|${strong.b(i)}`) : undefined;
        const outcome = outcomeOf(p, strong.det(i), clusterOf, refusal, settings);
        if (!outcome) continue;
        pair.push(i);
        decision.push(LINK_DECISIONS.indexOf(outcome.decision));
        rule.push(ruleCode(outcome.rule));
        impact.push(outcome.decision === 'review' ? result.clusters[clusterOf[p.a]!]!.length + result.clusters[clusterOf[p.b]!]!.length : 0);
      }
      for (const c of result.clusters) {
        clusterSizes.push(c.length);
        for (const x of c) clusterMembers.push(members[x]!);
      }
      tick();
    }
    const firsts = new Int32Array(firstOf.size * 2);
    let at = 0;
    for (const [x, f] of firstOf) {
      firsts[at++] = x;
      firsts[at++] = f;
    }
    return {
      clusterSizes: Int32Array.from(clusterSizes),
      clusterMembers: Int32Array.from(clusterMembers),
      firstOf: firsts,
      pair: Int32Array.from(pair),
      decision: Int8Array.from(decision),
      rule: Int32Array.from(rule),
      impact: Int32Array.from(impact),
      rules: [...rules.keys()],
    };
  }

  private toPair(ref: number, local: Map<number, number>): ScoredPair {
    const { records, scorer } = this.input;
    const strong = this.strong;
    if (ref < strong.length) {
      const a = records[strong.a(ref)]!;
      const b = records[strong.b(ref)]!;
      compareInto(a, b, this.levels);
      const probability = scorer.effective(strong.weight(ref), strong.det(ref));
      const conflicts = strong.det(ref) > 0 ? [] : conflictsOf(a, b, this.levels);
      const pair: ScoredPair = { a: local.get(strong.a(ref))!, b: local.get(strong.b(ref))!, score: { weight: strong.weight(ref), probability, evidence: [], conflicts } };
      const forced = strong.forced(ref);
      if (forced) pair.forced = forced;
      return pair;
    }
    const i = ref - strong.length;
    const a = records[this.weak.a(i)]!;
    const b = records[this.weak.b(i)]!;
    compareInto(a, b, this.levels);
    const weight = this.weak.weight(i);
    return { a: local.get(this.weak.a(i))!, b: local.get(this.weak.b(i))!, score: { weight, probability: probabilityOf(weight), evidence: [], conflicts: conflictsOf(a, b, this.levels) } };
  }
}

/** What clustering reads of a component's records, by local index: sources and identifiers. */
function localRecords(records: readonly MatchRecord[], members: Int32Array): { sources: string[]; identifiers: MatchRecord[] } {
  const identifiers = Array.from(members, (x) => records[x]!);
  return { sources: identifiers.map((r) => r.source), identifiers };
}

function localIndex(members: Int32Array): Map<number, number> {
  const local = new Map<number, number>();
  members.forEach((x, i) => local.set(x, i));
  return local;
}

function outcomeOf(
  p: ScoredPair,
  det: number,
  clusterOf: Int32Array,
  refusedReason: string | undefined,
  settings: ClusterSettings,
): { decision: (typeof LINK_DECISIONS)[number]; rule: string } | undefined {
  if (p.forced === 'link') return { decision: 'linked', rule: 'manual_link' };
  if (p.forced === 'split') return { decision: 'split', rule: 'manual_split' };
  if (p.score.probability < settings.reviewThreshold) return undefined;
  if (clusterOf[p.a] === clusterOf[p.b]) {
    const rule: string = det > 0 ? settings.deterministicRules[det - 1]! : p.score.probability >= settings.matchThreshold ? 'match_threshold' : 'review_band_confirmed';
    return { decision: 'match', rule };
  }
  if (refusedReason) return { decision: 'refused', rule: refusedReason };
  return { decision: 'review', rule: 'review_band' };
}
