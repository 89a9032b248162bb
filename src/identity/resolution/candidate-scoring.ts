// Scoring of candidate pairs over a range of blocks: what resolveRegion does over all of them, and each of a
// large full run's two threads over the ranges it takes (engine-thread.ts, engine-worker.ts). Both must score
// alike, so both use this code.
import { forEachCandidatePair, type BlockIndex, type CandidateStats } from '../engine/blocking';
import { compareInto } from '../engine/comparisons';
import type { CompiledModel } from '../engine/compiled-model';
import { ATTRIBUTES } from '../engine/levels';
import type { MatchRecord } from '../engine/match-record';
import { probabilityOf, weighLevels } from '../engine/score';
import type { IdentityConfig } from '../identity-config';
import { deterministicRule } from './deterministic-rule';
import { PairBuffer, WeakPairs } from './pair-buffer';
import type { PhaseTicker } from '../../shared/progress';

export type ScoringSettings = Pick<IdentityConfig, 'matchThreshold' | 'reviewThreshold' | 'maxBlockSize' | 'deterministicRules'>;

/** A block id range, `[from, to)`. */
export interface BlockRange {
  from: number;
  to: number;
}

/** One pair's weight and deterministic rule (index + 1, 0 for none), measured into reused fields. */
export class PairScorer {
  weight = 0;
  det = 0;
  private readonly levels = new Int8Array(ATTRIBUTES.length);

  constructor(
    private readonly records: readonly MatchRecord[],
    private readonly compiled: CompiledModel,
    /** human decisions by pair key (smaller index · n + larger index) */
    readonly decided: ReadonlyMap<number, 'link' | 'split'>,
    readonly settings: ScoringSettings,
  ) {}

  measure(x: number, y: number): void {
    const a = this.records[x]!;
    const b = this.records[y]!;
    const swapped = compareInto(a, b, this.levels);
    this.weight = weighLevels(a, b, this.levels, swapped, this.compiled);
    const name = deterministicRule(a, b, this.levels, swapped, this.settings.deterministicRules);
    this.det = name ? this.settings.deterministicRules.indexOf(name) + 1 : 0;
  }

  /** The probability resolution acts on: a deterministic rule lifts it to the match threshold. */
  effective(weight: number, det: number): number {
    const p = probabilityOf(weight);
    return det > 0 ? Math.max(p, this.settings.matchThreshold) : p;
  }

  /** Below the review threshold, undecided and without a rule, a pair (just measured) can only weigh against a merge. */
  isWeak(x: number, y: number): boolean {
    return this.det === 0 && this.effective(this.weight, 0) < this.settings.reviewThreshold && !(this.decided.size > 0 && this.decided.has(x * this.records.length + y));
  }
}

/**
 * The candidate pairs of these blocks that may decide something (most candidates are weak: not held, only
 * those inside a match component are met again by weakPairsWithin), in block order, each with its human
 * decision if any.
 */
export function scoreBlocks(
  index: BlockIndex,
  scorer: PairScorer,
  range?: BlockRange,
  progress?: PhaseTicker,
  /** emptied and filled (a thread's buffer for all its ranges); default a new one */
  into = new PairBuffer(),
): { strong: PairBuffer; stats: CandidateStats } {
  const strong = into;
  strong.clear();
  const n = index.records.length;
  const decided = scorer.decided;
  const stats = forEachCandidatePair(
    index.records as MatchRecord[],
    (x, y, rule) => {
      scorer.measure(x, y);
      if (scorer.isWeak(x, y)) return;
      strong.push(x, y, scorer.weight, rule, scorer.det, decided.size > 0 ? decided.get(x * n + y) : undefined);
    },
    { maxBlockSize: scorer.settings.maxBlockSize, excludedKeys: index.excludedKeys, index, range, progress },
  );
  return { strong, stats };
}

/** The weak pairs of these blocks between records of the same group (`within`, −1 for none), in block order. */
export function weakPairsWithin(index: BlockIndex, scorer: PairScorer, within: Int32Array, range?: BlockRange, into = new WeakPairs()): WeakPairs {
  const weak = into;
  weak.clear();
  forEachCandidatePair(
    index.records as MatchRecord[],
    (x, y) => {
      scorer.measure(x, y);
      if (scorer.isWeak(x, y)) weak.push(x, y, scorer.weight);
    },
    { maxBlockSize: scorer.settings.maxBlockSize, excludedKeys: index.excludedKeys, index, within, range },
  );
  return weak;
}

/** Sums the stats of consecutive block ranges. */
export function addStats(x: CandidateStats, y: CandidateStats): CandidateStats {
  const sum = (p: Record<string, number>, q: Record<string, number>) => {
    const out: Record<string, number> = { ...p };
    for (const [k, v] of Object.entries(q)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  return { perRule: sum(x.perRule, y.perRule), perRuleNew: sum(x.perRuleNew, y.perRuleNew), skippedBlocks: x.skippedBlocks + y.skippedBlocks, pairs: x.pairs + y.pairs };
}
