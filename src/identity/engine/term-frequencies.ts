// How common each value is: agreeing on a rare surname is strong evidence, on
// "smith" weak (IDENTITY_NOTES 4). Tables hold record counts per value.
import type { MatchRecord } from './match-record';
import type { TermFrequencies, TermFrequencyTable } from './model';

export const TF_TABLES = ['first_name', 'last_name', 'birth_date', 'city', 'postcode'] as const;

function valueOf(table: (typeof TF_TABLES)[number], r: MatchRecord): string | undefined {
  switch (table) {
    case 'first_name':
      return r.firstName;
    case 'last_name':
      return r.lastName;
    case 'birth_date':
      return r.birthKey || undefined;
    case 'city':
      return r.city;
    case 'postcode':
      return r.postcode;
  }
}

export function termFrequencies(records: MatchRecord[]): TermFrequencies {
  const out: TermFrequencies = {};
  for (const table of TF_TABLES) {
    const counts = new Map<string, number>();
    for (const r of records) {
      const v = valueOf(table, r);
      if (v !== undefined) counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    const sorted = [...counts].sort((x, y) => (x[0] < y[0] ? -1 : 1));
    const t: TermFrequencyTable = { total: 0, counts: {} };
    for (const [value, count] of sorted) {
      t.counts[value] = count;
      t.total += count;
    }
    out[table] = t;
  }
  return out;
}

/**
 * Chance that two different records drawn at random agree on this table's
 * value: Σ c(c−1) / (T(T−1)). This is the exact-level u, computed rather than
 * sampled (IDENTITY_NOTES 3).
 */
export function chanceAgreement(counts: Iterable<number>): number {
  let total = 0;
  let same = 0;
  for (const c of counts) {
    total += c;
    same += c * (c - 1);
  }
  return total > 1 ? same / (total * (total - 1)) : 0;
}
