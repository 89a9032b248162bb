// Expectation–maximisation of m (and λ) over comparison vectors, u held fixed
// (u comes from random pairs, which EM on blocked pairs cannot see).
// Works on a flat level matrix so a session over a million pairs allocates
// only its accumulators.
import { familyExcess } from './family-rule';

export interface EmInput {
  /** rows × attributes level indexes, row-major */
  levels: Int8Array;
  attributes: number;
  /** rows compared crossed (names swapped): the household cap does not apply */
  swapped?: Uint8Array;
  /** rows to use (all when omitted) */
  rows?: Int32Array;
  /** level count per attribute, missing (last) included */
  levelCounts: readonly number[];
  u: readonly Float64Array[];
  /** starting m, also the Dirichlet prior that keeps empty levels away from 0 */
  m: readonly Float64Array[];
  lambda: number;
  /** attributes whose evidence is used and whose m is estimated */
  included: readonly boolean[];
  /** estimate m (default) or only λ */
  estimateM?: boolean;
  maxIterations?: number;
  tolerance?: number;
}

export interface EmResult {
  m: Float64Array[];
  lambda: number;
  iterations: number;
  /** Σ posterior: the expected number of matching rows */
  expectedMatches: number;
  /** rows per attribute and level: whether the session saw a level at all */
  levelRows: Float64Array[];
}

/** Pseudo-count of the starting m: enough to keep a level's m off zero, too little to matter with data. */
const PRIOR_STRENGTH = 1;
const M_FLOOR = 1e-6;

function logWeights(m: readonly Float64Array[], u: readonly Float64Array[]): Float64Array[] {
  return m.map((ma, a) => ma.map((x, l) => (l === ma.length - 1 || x <= 0 || u[a]![l]! <= 0 ? 0 : Math.log2(x / u[a]![l]!))));
}

function posterior(input: EmInput, w: Float64Array[], row: number, priorLogit: number, scratch: RowScratch): number {
  const { levels, attributes, included } = input;
  let total = priorLogit;
  const base = row * attributes;
  for (let a = 0; a < attributes; a++) {
    const level = levels[base + a]!;
    scratch.levels[a] = included[a] ? level : -1;
    scratch.weights[a] = included[a] ? w[a]![level]! : 0;
    total += scratch.weights[a]!;
  }
  total -= familyExcess(scratch.weights, scratch.levels, input.swapped?.[row] === 1, priorLogit);
  return 1 / (1 + Math.pow(2, -total));
}

interface RowScratch {
  levels: Int8Array;
  weights: Float64Array;
}

function newAccumulators(levelCounts: readonly number[]): Float64Array[] {
  return levelCounts.map((n) => new Float64Array(n));
}

function mStep(input: EmInput, sums: Float64Array[]): Float64Array[] {
  return sums.map((s, a) => {
    if (!input.included[a]) return Float64Array.from(input.m[a]!);
    const last = s.length - 1;
    let total = PRIOR_STRENGTH;
    for (let l = 0; l < last; l++) total += s[l]!;
    const out = new Float64Array(s.length);
    for (let l = 0; l < last; l++) out[l] = Math.max(M_FLOOR, (s[l]! + PRIOR_STRENGTH * input.m[a]![l]!) / total);
    out[last] = 1;
    return out;
  });
}

export function runEm(input: EmInput): EmResult {
  const rowCount = input.rows ? input.rows.length : input.levels.length / input.attributes;
  const maxIterations = input.maxIterations ?? 30;
  const tolerance = input.tolerance ?? 1e-4;
  let m: Float64Array[] = input.m.map((x) => Float64Array.from(x));
  let lambda = input.lambda;
  let expected = 0;
  let iteration = 0;
  const levelRows = newAccumulators(input.levelCounts);
  const scratch = { levels: new Int8Array(input.attributes), weights: new Float64Array(input.attributes) };
  while (iteration < maxIterations && rowCount > 0) {
    iteration++;
    const w = logWeights(m, input.u);
    const priorLogit = Math.log2(lambda / (1 - lambda));
    const sums = newAccumulators(input.levelCounts);
    expected = 0;
    for (let k = 0; k < rowCount; k++) {
      const row = input.rows ? input.rows[k]! : k;
      const p = posterior(input, w, row, priorLogit, scratch);
      expected += p;
      const base = row * input.attributes;
      for (let a = 0; a < input.attributes; a++) sums[a]![input.levels[base + a]!]! += p;
      if (iteration === 1) for (let a = 0; a < input.attributes; a++) levelRows[a]![input.levels[base + a]!]!++;
    }
    const next = input.estimateM === false ? m : mStep(input, sums);
    const nextLambda = Math.min(Math.max(expected / rowCount, 1e-9), 1 - 1e-9);
    const change = Math.max(Math.abs(nextLambda - lambda), maxChange(m, next));
    m = next;
    lambda = nextLambda;
    if (change < tolerance) break;
  }
  return { m, lambda, iterations: iteration, expectedMatches: expected, levelRows };
}

function maxChange(x: Float64Array[], y: Float64Array[]): number {
  let out = 0;
  x.forEach((xa, a) => xa.forEach((v, l) => (out = Math.max(out, Math.abs(v - y[a]![l]!)))));
  return out;
}
