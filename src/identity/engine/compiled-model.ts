// A MatchModel turned into arrays indexed like the comparison vector, so that
// scoring a pair is a few array reads. Compiled once per model object (models
// are treated as immutable once used for scoring).
import { ATTRIBUTES, LEVELS } from './levels';
import type { MatchModel, TermFrequencyTable } from './model';

export interface CompiledTf {
  total: number;
  counts: Map<string, number>;
}

export interface CompiledModel {
  priorLogit: number;
  /** [attribute][level] → log2(m/u); 0 for missing and unknown levels */
  weights: Float64Array[];
  m: Float64Array[];
  u: Float64Array[];
  tf: Partial<Record<'first_name' | 'last_name' | 'birth_date' | 'city' | 'postcode', CompiledTf>>;
}

/** u below this is not trusted: a value seen twice in 10^5 records is no proof. */
export const MIN_TF_U = 1e-5;

const compiled = new WeakMap<MatchModel, CompiledModel>();

export function logit2(p: number): number {
  return Math.log2(p / (1 - p));
}

function compileTf(table: TermFrequencyTable | undefined): CompiledTf | undefined {
  if (!table || table.total <= 0) return undefined;
  return { total: table.total, counts: new Map(Object.entries(table.counts)) };
}

export function compileModel(model: MatchModel): CompiledModel {
  const hit = compiled.get(model);
  if (hit) return hit;
  const c: CompiledModel = {
    priorLogit: logit2(Math.min(Math.max(model.prior, 1e-15), 1 - 1e-9)),
    weights: [],
    m: [],
    u: [],
    tf: {},
  };
  for (const attribute of ATTRIBUTES) {
    const names = LEVELS[attribute];
    const given = model.attributes[attribute]?.levels ?? [];
    const w = new Float64Array(names.length);
    const m = new Float64Array(names.length);
    const u = new Float64Array(names.length);
    names.forEach((name, i) => {
      const p = given.find((l) => l.name === name);
      if (!p || i === names.length - 1) return;
      m[i] = p.m;
      u[i] = p.u;
      w[i] = p.m > 0 && p.u > 0 ? Math.log2(p.m / p.u) : 0;
    });
    c.weights.push(w);
    c.m.push(m);
    c.u.push(u);
  }
  for (const table of ['first_name', 'last_name', 'birth_date', 'city', 'postcode'] as const) {
    const t = compileTf(model.tf[table]);
    if (t) c.tf[table] = t;
  }
  compiled.set(model, c);
  return c;
}

/**
 * log2(m / u_v) with u_v the share of records carrying the agreed value
 * (IDENTITY_NOTES 4); the plain level weight when there is no table.
 */
export function tfWeight(table: CompiledTf | undefined, value: string | undefined, m: number, fallback: number): number {
  if (!table || value === undefined || m <= 0) return fallback;
  const count = table.counts.get(value) ?? 0;
  const u = Math.max(Math.max(count, 1) / table.total, MIN_TF_U);
  return Math.log2(m / u);
}
