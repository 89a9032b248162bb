// What the run's thread and the engine thread (engine-worker.ts) say to each other. Counters are shared
// memory (one Int32 each): both threads take the next rule or block range from it, so neither waits for
// the other while work is left.
import type { Blocks, CandidateStats, RuleBlocks } from '../engine/blocking';
import type { CompiledModel } from '../engine/compiled-model';
import type { BlockRange, ScoringSettings } from './candidate-scoring';
import type { ClusterPiece, ClusterSettings, ComponentRange } from './cluster-pieces';
import type { FlatPairs, FlatWeakPairs } from './pair-buffer';

export type EngineRequest =
  /** records in region order, as their stored normalisation (encodeMatchRecord) */
  | { records: { ids: string[]; sources: string[]; encoded: string[] } }
  /** build the blocks of the rule family `order[k]` for each k taken from the counter, over the `records` handed over */
  | { blocks: { records: number; counter: SharedArrayBuffer; order: number[][] } }
  /**
   * the region to score (a full run's: no excluded keys): its blocks, the model as the run compiled it (its
   * term-frequency Maps clone 2-7x faster than the stored tables, 56-81 ms against 150-545 ms, and need no
   * compiling there: 0.79 s of the thread's time in a profiled run at 10^6), human decisions by pair key and settings
   */
  | { region: { records: number; blocks: Blocks; compiled: CompiledModel; decided: [number, 'link' | 'split'][]; settings: ScoringSettings } }
  /** score `ranges[k]` for each k taken from the counter */
  | { score: { counter: SharedArrayBuffer; ranges: BlockRange[] } }
  /** the weak pairs of `ranges[k]` inside the groups of `within`, for each k taken from the counter */
  | { weak: { counter: SharedArrayBuffer; ranges: BlockRange[]; within: Int32Array } }
  /**
   * cluster `ranges[k]` of review components for each k taken from the counter, over all the run's strong and
   * weak pairs (in the run's order) and its match and review components (per record; −1 alone)
   */
  | {
      cluster: {
        counter: SharedArrayBuffer;
        ranges: ComponentRange[];
        strong: FlatPairs;
        weak: FlatWeakPairs;
        match: { of: Int32Array; count: number };
        review: { of: Int32Array; count: number };
        settings: ClusterSettings;
      };
    };

export type EngineReply =
  | { parts: RuleBlocks[] }
  | { scored: { range: number; pairs: FlatPairs; stats: CandidateStats }[] }
  | { weak: { range: number; pairs: FlatWeakPairs }[] }
  | { clustered: { range: number; piece: ClusterPiece }[] }
  | { error: string };

/** A counter both threads take work from. */
export const sharedCounter = () => new SharedArrayBuffer(4);

/** Does the next piece of work taken from a shared counter, until none is left; returns what this thread did. */
export function claimEach<T>(shared: SharedArrayBuffer, count: number, work: (k: number) => T): T[] {
  const counter = new Int32Array(shared);
  const out: T[] = [];
  // one piece taken at a time, right before it is done: taking them ahead would leave the other thread idle
  for (let k = Atomics.add(counter, 0, 1); k < count; k = Atomics.add(counter, 0, 1)) out.push(work(k));
  return out;
}
