import type { Rule, RuleName } from './survivorship';

/** What the rules read of one candidate value (a distinct normalised value and the records that hold it). */
export interface Ranked {
  /** Sources of the records that hold the value. */
  sources: readonly string[];
  /** Change time (ms) of the newest record that holds it. */
  newest: number;
  /** How many records hold it. */
  records: number;
  /** Larger is more complete, compared part by part (completeness.ts); empty where it does not apply. */
  completeness: readonly number[];
  /** Order of first sight, records newest first and values as each record lists them: the last resort. */
  order: number;
}

/** Negative when `a` goes ahead of `b` under `rule`, positive when `b` does, 0 when the rule finds them equal. */
export function compareBy(rule: Rule, a: Ranked, b: Ranked): number {
  switch (rule.rule) {
    case 'source_priority':
      return priority(rule.sources, a) - priority(rule.sources, b);
    case 'most_recent':
      return b.newest - a.newest;
    case 'most_frequent':
      return b.records - a.records;
    case 'most_complete':
      return compareParts(b.completeness, a.completeness);
  }
}

/** Index of the best listed source holding the value; a value no listed source holds comes after all of them. */
function priority(sources: readonly string[], r: Ranked): number {
  let best = sources.length;
  for (const s of r.sources) {
    const i = sources.indexOf(s);
    if (i !== -1 && i < best) best = i;
  }
  return best;
}

function compareParts(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The first rule that puts `a` and `b` in an order; null when every rule finds them equal. */
export function decidingRule(rules: readonly Rule[], a: Ranked, b: Ranked): RuleName | null {
  for (const rule of rules) if (compareBy(rule, a, b) !== 0) return rule.rule;
  return null;
}

/**
 * The candidates best first: by the first rule, ties by the next, and so on; values every rule finds equal
 * keep the order they were first seen in (newest record first), so the answer never depends on load order.
 */
export function rank<T extends Ranked>(candidates: readonly T[], rules: readonly Rule[]): T[] {
  return [...candidates].sort((a, b) => {
    for (const rule of rules) {
      const d = compareBy(rule, a, b);
      if (d !== 0) return d;
    }
    return a.order - b.order;
  });
}

/**
 * The rule to show with each ranked value: what put it ahead of the next value (the first value) or behind
 * the one before it (the others); the attribute's first rule where no rule told them apart or it stands alone.
 */
export function rulesOfRanking(ranked: readonly Ranked[], rules: readonly Rule[]): RuleName[] {
  const first = rules[0]!.rule;
  return ranked.map((value, i) => {
    if (i === 0) return ranked.length > 1 ? (decidingRule(rules, value, ranked[1]!) ?? first) : first;
    return decidingRule(rules, ranked[i - 1]!, value) ?? first;
  });
}
