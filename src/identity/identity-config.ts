// Resolution settings. Defaults work without tuning; src/config/config.ts reads overrides from the
// environment. Kept here (not in config/) so the domain owns its own defaults.
import type { JunkConfig } from './matching/junk-values';

export const DETERMINISTIC_RULES = ['exact_identifier', 'exact_email', 'exact_phone'] as const;
export type DeterministicRuleName = (typeof DETERMINISTIC_RULES)[number];

export interface IdentityConfig {
  /** probability at which a pair may merge clusters transitively */
  matchThreshold: number;
  /** pairs from here up to matchThreshold that stay apart form the review queue */
  reviewThreshold: number;
  maxClusterSize: number;
  /** blocks with more records are skipped (a placeholder value, a very common key) */
  maxBlockSize: number;
  /** sources allowed at most one record per customer, e.g. one CRM contact */
  onePerSource: string[];
  /** exact shared values that link on their own unless a personal attribute disagrees */
  deterministicRules: DeterministicRuleName[];
  /** placeholder values added to the built-in list */
  junk: JunkConfig;
  /** below this many person records the default model is used: EM needs data */
  minRecordsToEstimate: number;
  /** a full run re-estimates the model when the population changed by this share since the stored one */
  reestimateGrowth: number;
  /**
   * An incremental run with at least this many new, changed and removed records, and at least
   * FULL_RUN_SHARE of the store, runs full instead: the same clusters, without growing a region of thousands.
   */
  fullRunChanges: number;
  /**
   * 2: a full run of ENGINE_THREAD_RECORDS (50,000) live person records or more builds blocks and scores on
   * a second thread as well (about 1 GB more at 10^6 records); 1: one thread.
   */
  engineThreads: 1 | 2;
}

/**
 * See fullRunChanges. Where a full run becomes the cheaper one: on the 100k demo store (215,075 records)
 * 2,000 changed records took 12.4 s incremental and 39.7 s full, 10,000 took 69.7 s and 41.1 s (about
 * 7 ms per changed record against 0.19 ms per stored one); on the 10k demo, 2,000 took 35.4 s and 4.4 s.
 */
export const FULL_RUN_SHARE = 0.025;

export const DEFAULT_IDENTITY_CONFIG: IdentityConfig = {
  matchThreshold: 0.95,
  reviewThreshold: 0.5,
  maxClusterSize: 50,
  maxBlockSize: 500,
  onePerSource: [],
  deterministicRules: [...DETERMINISTIC_RULES],
  junk: { emails: [], phones: [], identifiers: [], names: [] },
  minRecordsToEstimate: 1000,
  reestimateGrowth: 0.25,
  fullRunChanges: 250,
  engineThreads: 2,
};
