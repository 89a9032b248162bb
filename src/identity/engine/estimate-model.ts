// Label-free estimation (IDENTITY_NOTES 3): u from random pairs and value
// frequencies; m by EM in one session per blocking rule, each over the pairs
// that rule produces and leaving out the attributes the rule blocked on (they
// agree by construction there, so they would look like perfect evidence);
// sessions averaged; finally λ over all candidate pairs, rescaled to λ over
// all record pairs, which is what the prior means.
import type { PhaseTicker } from '../../shared/progress';
import { BLOCKING_RULES, type BlockingRule } from './blocking';
import { compareInto } from './comparisons';
import { runEm } from './em';
import { compileModel, logit2 } from './compiled-model';
import { correctU, estimateU } from './estimate-u';
import { priorFreeWeights, probabilityOf } from './score';
import { ATTRIBUTES, BIRTH_DATE, BIRTH_DISAGREES, EMAIL, EMAIL_LEVEL, FIRST_NAME, LAST_NAME, LEVELS, NAME } from './levels';
import type { MatchRecord } from './match-record';
import { defaultModel, MODEL_VERSION, type MatchModel } from './model';
import { seededRandom } from './random';
import { termFrequencies } from './term-frequencies';

export interface EstimateOptions {
  seed?: number;
  maxIterations?: number;
  /** random pairs for u (default 200,000) */
  sampleSize?: number;
  /** candidate pairs used for EM at most, sampled evenly (default 1,000,000) */
  maxPairs?: number;
  rules?: readonly BlockingRule[];
  /** all candidate pairs when `pairs` is a sample of them (the prior is rescaled by this count) */
  candidates?: number;
  /** steps done: frequencies, u, comparisons, one per EM session, two for the prior */
  progress?: PhaseTicker;
}

/** Sessions that expect fewer matches than this say nothing reliable about m. */
const MIN_SESSION_MATCHES = 20;

interface Rows {
  levels: Int8Array;
  swapped: Uint8Array;
  /** the record pair behind each row */
  pairs: [number, number][];
}

function compareRows(records: MatchRecord[], pairs: [number, number][], maxPairs: number, random: () => number): Rows {
  const keep = pairs.length <= maxPairs ? pairs : pairs.filter(() => random() < maxPairs / pairs.length);
  const levels = new Int8Array(keep.length * ATTRIBUTES.length);
  const swapped = new Uint8Array(keep.length);
  const out = new Int8Array(ATTRIBUTES.length);
  keep.forEach(([a, b], row) => {
    swapped[row] = compareInto(records[a]!, records[b]!, out) ? 1 : 0;
    levels.set(out, row * ATTRIBUTES.length);
  });
  return { levels, swapped, pairs: keep };
}

/** Rows whose two records share a key of the rule. */
function sessionRows(records: MatchRecord[], rows: Rows, rule: BlockingRule): Int32Array {
  const keys = records.map((r) => rule.keys(r));
  const out: number[] = [];
  rows.pairs.forEach(([a, b], row) => {
    const kb = keys[b]!;
    if (keys[a]!.some((k) => kb.includes(k))) out.push(row);
  });
  return Int32Array.from(out);
}

/** Namesake rows below this count say too little about same_local_letters: its default share is kept. */
const MIN_NAMESAKE_ROWS = 50;

/**
 * Two different addresses with the same letters (megan.brown@gmx.de, meganbrown80@gmail.com) are rare
 * between random people but common between namesakes, who build their addresses from the same name: its
 * weight only matters where the names agree, so its chance agreement is measured there. Among the rows
 * whose first and last names agree and whose full birth dates clearly disagree (different people sharing
 * a name) that reach same_local_letters or else, the share at same_local_letters splits u of the two
 * levels (their sum kept). Weighed against random pairs instead, the level read about ten bits too sure;
 * at 215,000 generated records the namesakes share the letters in 28 % of such pairs, one person's records
 * in 64 % (pairs of names agreeing and full birth dates equal). Rows without both levels keep `u`.
 */
export function namesakeEmailU(levels: Int8Array, rowCount: number, u: readonly Float64Array[]): Float64Array[] {
  const A = ATTRIBUTES.length;
  let same = 0;
  let other = 0;
  for (let row = 0; row < rowCount; row++) {
    const o = row * A;
    if (levels[o + FIRST_NAME]! > NAME.oneEdit || levels[o + LAST_NAME]! > 3) continue; // last names: exact … one_edit
    if (!BIRTH_DISAGREES.includes(levels[o + BIRTH_DATE]!)) continue;
    if (levels[o + EMAIL] === EMAIL_LEVEL.sameLetters) same++;
    else if (levels[o + EMAIL] === EMAIL_LEVEL.else) other++;
  }
  const email = Float64Array.from(u[EMAIL]!);
  const both = email[EMAIL_LEVEL.sameLetters]! + email[EMAIL_LEVEL.else]!;
  const defaults = defaultModel().attributes.email!.levels;
  const share = same + other >= MIN_NAMESAKE_ROWS
    ? same / (same + other)
    : defaults[EMAIL_LEVEL.sameLetters]!.u / (defaults[EMAIL_LEVEL.sameLetters]!.u + defaults[EMAIL_LEVEL.else]!.u);
  email[EMAIL_LEVEL.sameLetters] = both * Math.min(Math.max(share, 1e-4), 1 - 1e-4);
  email[EMAIL_LEVEL.else] = both - email[EMAIL_LEVEL.sameLetters]!;
  return u.map((x, a) => (a === EMAIL ? email : Float64Array.from(x)));
}

const toArrays = (model: MatchModel, key: 'm' | 'u') =>
  ATTRIBUTES.map((attr) => Float64Array.from(model.attributes[attr]!.levels.map((l) => l[key])));

/** A level seen in fewer rows than this (over all sessions that use it) keeps its default m. */
const MIN_LEVEL_ROWS = 20;
/** A session contributes to a level's m only when it saw the level in this many rows. */
const MIN_SESSION_LEVEL_ROWS = 5;

interface SessionEstimate {
  m: Float64Array[];
  /** levels no session saw in enough rows to estimate */
  unseen: boolean[][];
}

/**
 * m per attribute and level: the mean over the sessions that saw the level,
 * weighted by each session's expected matches, then renormalised.
 * Blocking selects which levels a session sees (pairs found only through an
 * email spelling a name rarely reach the phone session), so a session that
 * never met a level says nothing about its m. A level no session saw often
 * enough is reported unseen and keeps its default.
 */
function sessionM(records: MatchRecord[], rows: Rows, u: Float64Array[], options: EstimateOptions, step: () => void): SessionEstimate {
  const start = toArrays(defaultModel(), 'm');
  const sums = start.map((m) => new Float64Array(m.length));
  const seen = start.map((m) => new Float64Array(m.length));
  const weights = start.map((m) => new Float64Array(m.length));
  for (const rule of sessionRules(options)) {
    const included = ATTRIBUTES.map((attr) => !rule.attributes.includes(attr));
    const result = runEm({
      levels: rows.levels,
      attributes: ATTRIBUTES.length,
      swapped: rows.swapped,
      rows: sessionRows(records, rows, rule),
      levelCounts: ATTRIBUTES.map((attr) => LEVELS[attr].length),
      u,
      m: start,
      lambda: 0.5,
      included,
      maxIterations: options.maxIterations ?? 30,
    });
    step();
    if (result.expectedMatches < MIN_SESSION_MATCHES) continue;
    included.forEach((yes, a) => {
      if (!yes) return;
      result.levelRows[a]!.forEach((rowsAtLevel, l) => {
        seen[a]![l]! += rowsAtLevel;
        if (rowsAtLevel < MIN_SESSION_LEVEL_ROWS) return;
        sums[a]![l]! += result.expectedMatches * result.m[a]![l]!;
        weights[a]![l]! += result.expectedMatches;
      });
    });
  }
  const unseen = seen.map((s) => Array.from(s, (v, l) => l < s.length - 1 && v < MIN_LEVEL_ROWS));
  const m = sums.map((s, a) => normalised(s.map((v, l) => (weights[a]![l]! > 0 ? v / weights[a]![l]! : start[a]![l]!))));
  return { m: withDefaults(m, unseen, start), unseen };
}

const sessionRules = (options: EstimateOptions) => (options.rules ?? BLOCKING_RULES).filter((rule) => rule.session !== false);

/** Levels before missing summing to 1; missing stays 1. */
function normalised(m: Float64Array): Float64Array {
  const last = m.length - 1;
  let sum = 0;
  for (let l = 0; l < last; l++) sum += m[l]!;
  return m.map((v, l) => (l === last ? 1 : sum > 0 ? v / sum : v));
}

/** Unseen levels take the default value; the others are scaled to fill the rest. */
function withDefaults(values: Float64Array[], unseen: boolean[][], fallback: Float64Array[]): Float64Array[] {
  return values.map((v, a) => {
    const last = v.length - 1;
    let fixed = 0;
    let free = 0;
    for (let l = 0; l < last; l++) {
      if (unseen[a]![l]) fixed += fallback[a]![l]!;
      else free += v[l]!;
    }
    if (fixed === 0 || free === 0) return v;
    return v.map((x, l) => (l === last ? 1 : unseen[a]![l] ? fallback[a]![l]! : (x * (1 - fixed)) / free));
  });
}

function buildModel(m: Float64Array[], u: Float64Array[], prior: number, tf: MatchModel['tf']): MatchModel {
  const attributes: MatchModel['attributes'] = {};
  ATTRIBUTES.forEach((attr, a) => {
    attributes[attr] = { levels: LEVELS[attr].map((name, l) => ({ name, m: m[a]![l]!, u: u[a]![l]! })) };
  });
  return { version: MODEL_VERSION, prior: Math.min(Math.max(prior, 1e-12), 0.5), attributes, tf };
}

/**
 * λ, the share of all record pairs that are one person, by fixed-point iteration: the expected matches
 * (posteriors summed over the candidate pairs, scaled up from the sample) over all pairs, each posterior
 * computed with λ itself, exactly as scoring will (term frequencies and the family rule included). Pairs
 * outside the candidates count as non-matches.
 *
 * Posteriors are taken with the population λ, not with the share of matches among candidates: the
 * Bayes factors measure agreement against random pairs, and the blocking keys a candidate pair shares
 * are part of that agreement, so a candidate-level prior counted them twice (and let the family rule cap
 * household evidence at 3 bits instead of 16). λ then came out 2.2 times too high at 215,000 records and
 * every pair read about a bit too sure; the error grew with the population.
 */
function estimatePrior(records: MatchRecord[], rows: Rows, model: MatchModel, candidates: number, iterations: number): number {
  const n = records.length;
  const allPairs = (n * (n - 1)) / 2;
  if (rows.pairs.length === 0 || allPairs === 0) return model.prior;
  const perPair = candidates / rows.pairs.length / allPairs;
  // The attribute weights do not depend on λ: computed once, each iteration only re-adds the prior.
  const compiled = compileModel(model);
  const sums = new Float64Array(rows.pairs.length);
  const shared = new Float64Array(rows.pairs.length);
  rows.pairs.forEach(([a, b], i) => {
    const w = priorFreeWeights(records[a]!, records[b]!, compiled);
    sums[i] = w.sum;
    shared[i] = w.shared;
  });
  let lambda = Math.min(0.5, 1 / n);
  for (let i = 0; i < iterations; i++) {
    const prior = logit2(lambda);
    const cap = Math.max(0, -prior);
    let sum = 0;
    for (let k = 0; k < sums.length; k++) {
      const excess = shared[k]! > cap ? shared[k]! - cap : 0;
      sum += probabilityOf(prior + sums[k]! - excess);
    }
    const next = Math.min(Math.max(sum * perPair, 1e-12), 0.5);
    const done = Math.abs(next - lambda) < 1e-3 * lambda;
    lambda = next;
    if (done) break;
  }
  return lambda;
}

/** u from random pairs (and value frequencies), m by EM in sessions, λ by scoring; deterministic given a seed. */
export function estimateModel(
  records: MatchRecord[],
  pairs: [number, number][],
  options: EstimateOptions = {},
): MatchModel {
  const random = seededRandom(options.seed ?? 1);
  let steps = 0;
  const step = () => options.progress?.tick(++steps);
  options.progress?.setTotal(5 + sessionRules(options).length);
  const tf = termFrequencies(records);
  step();
  const sampledU = estimateU(records, options.sampleSize ?? 200_000, random, toArrays(defaultModel(), 'u'));
  step();
  const rows = compareRows(records, pairs, options.maxPairs ?? 1_000_000, random);
  step();
  // Before EM too: weighed against random pairs, namesakes' addresses would read as matches in its E-step.
  const namesakes = (u: readonly Float64Array[]) => namesakeEmailU(rows.levels, rows.pairs.length, u);
  const rawU = namesakes(sampledU);
  const { m, unseen } = sessionM(records, rows, rawU, options, step);
  const iterations = options.maxIterations ?? 30;
  const candidates = options.candidates ?? pairs.length;
  const first = estimatePrior(records, rows, buildModel(m, rawU, defaultModel().prior, tf), candidates, iterations);
  step();
  // An unseen level keeps its default u too, so its weight stays the default's.
  const u = namesakes(withDefaults(correctU(rawU, m, first, 1 / (10 * Math.max(records.length, 1))), unseen, toArrays(defaultModel(), 'u')));
  const prior = estimatePrior(records, rows, buildModel(m, u, first, tf), candidates, iterations);
  step();
  return buildModel(m, u, prior, tf);
}
