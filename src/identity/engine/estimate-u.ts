// u = P(level | different people), estimated without labels: random record
// pairs are almost never the same person, so their level frequencies are u.
// The exact level is rarer than any sample can see for emails or birth dates,
// so it is computed from value frequencies instead (IDENTITY_NOTES 3).
import { compareInto } from './comparisons';
import { ATTRIBUTES, LEVELS } from './levels';
import type { MatchRecord } from './match-record';
import { chanceAgreement } from './term-frequencies';

function valueAgreement(records: MatchRecord[], value: (r: MatchRecord) => string | number | undefined): number | undefined {
  const counts = new Map<string | number, number>();
  for (const r of records) {
    const v = value(r);
    if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts.size < 2 ? undefined : chanceAgreement(counts.values());
}

/**
 * Exact-level u from value frequencies, where that beats sampling. Names:
 * Σ p² is dominated by common names, so one person's duplicate records
 * barely bias it. Birth dates: as P(same year)·P(same month)·P(same day),
 * because the chance that two people share a date (~1/30,000) is below the
 * chance that two records are one person, so whole-date counts would measure
 * duplicates. Emails, phones, identifiers: no value-based estimate (their
 * sharing IS mostly duplicates); sampled and corrected later (correctU).
 */
const VALUE_BASED = new Set<string>(['first_name', 'last_name', 'birth_date']);

function exactU(records: MatchRecord[], attr: number): number | undefined {
  const full = (f: (r: MatchRecord) => number) => (r: MatchRecord) => (r.birthKey ? f(r) : undefined);
  switch (ATTRIBUTES[attr]) {
    case 'first_name':
      return valueAgreement(records, (r) => r.firstName);
    case 'last_name':
      return valueAgreement(records, (r) => r.lastName);
    case 'birth_date': {
      const y = valueAgreement(records, full((r) => r.birth!.year!));
      const m = valueAgreement(records, full((r) => r.birth!.month));
      const d = valueAgreement(records, full((r) => r.birth!.day));
      return y !== undefined && m !== undefined && d !== undefined ? y * m * d : undefined;
    }
    default:
      return undefined;
  }
}

/** Level counts over `sampleSize` random pairs (missing levels not counted). */
function sampleLevels(records: MatchRecord[], sampleSize: number, random: () => number): Float64Array[] {
  const counts = ATTRIBUTES.map((_, a) => new Float64Array(levelCount(a)));
  const out = new Int8Array(ATTRIBUTES.length);
  const n = records.length;
  for (let k = 0; k < sampleSize && n > 1; k++) {
    const i = Math.floor(random() * n);
    const j = Math.floor(random() * n);
    if (i === j) continue;
    compareInto(records[i]!, records[j]!, out);
    for (let a = 0; a < ATTRIBUTES.length; a++) counts[a]![out[a]!]!++;
  }
  return counts;
}

const levelCount = (a: number) => LEVELS[ATTRIBUTES[a]!].length;

/**
 * u per attribute and level (missing: 1). Non-exact levels share 1 − u_exact
 * in proportion to their sampled counts, half a count added so that a level
 * never seen is rare rather than impossible. Attributes too sparse to sample
 * keep `fallback`.
 */
export function estimateU(
  records: MatchRecord[],
  sampleSize: number,
  random: () => number,
  fallback: readonly Float64Array[],
): Float64Array[] {
  const counts = sampleLevels(records, sampleSize, random);
  return counts.map((c, a) => {
    const last = c.length - 1;
    let seen = 0;
    for (let l = 1; l < last; l++) seen += c[l]!;
    if (seen < 20) return Float64Array.from(fallback[a]!);
    const sampledExact = (c[0]! + 0.5) / (seen + c[0]! + 0.5);
    const exact = Math.max(exactU(records, a) ?? sampledExact, 1e-9);
    let smoothed = 0;
    for (let l = 1; l < last; l++) smoothed += c[l]! + 0.5;
    const u = new Float64Array(c.length);
    u[0] = exact;
    for (let l = 1; l < last; l++) u[l] = ((1 - exact) * (c[l]! + 0.5)) / smoothed;
    u[last] = 1;
    return u;
  });
}

/**
 * Random pairs include same-person pairs at rate λ, which for near-unique
 * values (an email, a birth date) is more than chance agreement itself:
 * u = (u_raw − λ·m) / (1 − λ), floored at `floor` (a tenth of a record's
 * share: below that the sample cannot tell), renormalised.
 */
export function correctU(u: readonly Float64Array[], m: readonly Float64Array[], lambda: number, floor: number): Float64Array[] {
  return u.map((ua, a) => {
    const last = ua.length - 1;
    const out = new Float64Array(ua.length);
    // Value-based exact levels never saw same-person pairs as such: kept as they are.
    const clean = (l: number) => l === 0 && VALUE_BASED.has(ATTRIBUTES[a]!);
    let fixed = 0;
    let rest = 0;
    for (let l = 0; l < last; l++) {
      out[l] = clean(l) ? ua[l]! : Math.max(floor, (ua[l]! - lambda * m[a]![l]!) / (1 - lambda));
      if (clean(l)) fixed += out[l]!;
      else rest += out[l]!;
    }
    for (let l = 0; l < last; l++) if (!clean(l)) out[l] = (out[l]! * (1 - fixed)) / rest;
    out[last] = 1;
    return out;
  });
}
