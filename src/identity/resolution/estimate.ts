// When and how a full run estimates the model. The model is kept between runs so that incremental runs
// score exactly as the full run did; it is re-estimated when the population has changed enough that
// its frequencies no longer describe it, or on request.
import { forEachCandidatePair, type BlockIndex } from '../engine/blocking';
import type { MatchRecord } from '../engine/match-record';
import { defaultModel, estimateModel, MODEL_VERSION, type MatchModel } from '../engine/model';
import type { IdentityConfig } from '../identity-config';
import type { Progress } from '../../shared/progress';

export interface StoredModel {
  id: string;
  model: MatchModel;
  estimated: boolean;
  recordCount: number;
  /** bumped when the stored model is changed in place (an erasure); with the id, what a held copy is checked by */
  revision: number;
}

export type ModelChoice = 'keep' | 'estimate' | 'default';

export function chooseModel(stored: StoredModel | undefined, records: number, config: IdentityConfig, force: boolean): ModelChoice {
  const enough = records >= config.minRecordsToEstimate;
  // A model made by older scoring code: a new one, and a full run, so every pair is scored alike.
  if (!stored || stored.model.version !== MODEL_VERSION) return enough ? 'estimate' : 'default';
  if (!enough) return 'keep';
  if (force || !stored.estimated) return 'estimate';
  const change = Math.abs(records - stored.recordCount) / Math.max(stored.recordCount, 1);
  return change >= config.reestimateGrowth ? 'estimate' : 'keep';
}

/** At most this many candidate pairs feed EM, taken at an even stride (deterministic). */
const MAX_ESTIMATION_PAIRS = 1_000_000;

/**
 * `index`: blocks built over the records sorted by id, reused when the caller scores them next.
 * `progress`: an estimation reports the phases 'sample' (blocks walked) and 'fit' (estimation steps).
 */
export function modelFor(choice: 'estimate' | 'default', records: MatchRecord[], maxBlockSize: number, index?: BlockIndex, progress?: Progress): MatchModel {
  if (choice === 'default') return defaultModel();
  progress?.phase('sample');
  const sorted = [...records].sort((x, y) => Number(x.id) - Number(y.id));
  // One pass: keep every stride-th pair; when the sample outgrows the cap, keep every other one and double
  // the stride. Deterministic, and blocking (the costly part at 10^5 records) runs once, not twice.
  let stride = 1;
  let sample: [number, number][] = [];
  let k = 0;
  const stats = forEachCandidatePair(sorted, (a, b) => {
    if (k++ % stride !== 0) return;
    sample.push([a, b]);
    if (sample.length > MAX_ESTIMATION_PAIRS) {
      sample = sample.filter((_, i) => i % 2 === 0);
      stride *= 2;
    }
  }, { maxBlockSize, index, progress });
  progress?.phase('fit');
  return estimateModel(sorted, sample, { seed: 1, candidates: stats.pairs, progress });
}
