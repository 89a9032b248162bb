import { generatePopulation } from '../../../bench/identity/population/generate';
import { clusterMetrics, pairwiseMetrics } from '../../../bench/identity/population/truth';

const map = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('pairwiseMetrics and clusterMetrics', () => {
  // Truth: {a,b,c} {d,e} {f}. Predicted: {a,b} {c,d,e} {f}.
  const truth = map({ a: 'P1', b: 'P1', c: 'P1', d: 'P2', e: 'P2', f: 'P3' });
  const predicted = map({ a: 'X', b: 'X', c: 'Y', d: 'Y', e: 'Y', f: 'Z' });

  it('counts pairs exactly on a hand-made example', () => {
    // true: ab ac bc de = 4; predicted: ab cd ce de = 4; correct: ab de = 2
    expect(pairwiseMetrics(predicted, truth)).toEqual({
      truePairs: 4, predictedPairs: 4, correctPairs: 2, precision: 0.5, recall: 0.5, f1: 0.5,
    });
    // Only {f} is an exact cluster: 1 of 3 predicted, 1 of 3 true.
    expect(clusterMetrics(predicted, truth)).toEqual({ clusters: 3, exact: 1, precision: 1 / 3, recall: 1 / 3 });
  });

  it('scores unequal precision and recall', () => {
    // Everything in one cluster: 15 predicted pairs, all 4 true pairs found.
    const one = map({ a: 'C', b: 'C', c: 'C', d: 'C', e: 'C', f: 'C' });
    const m = pairwiseMetrics(one, truth);
    expect(m).toEqual({ truePairs: 4, predictedPairs: 15, correctPairs: 4, precision: 4 / 15, recall: 1, f1: (2 * (4 / 15)) / (4 / 15 + 1) });
    expect(clusterMetrics(one, truth)).toEqual({ clusters: 1, exact: 0, precision: 0, recall: 0 });
    // All singletons: nothing predicted, so precision is 1 by convention and recall 0.
    const none = map({ a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' });
    expect(pairwiseMetrics(none, truth)).toEqual({ truePairs: 4, predictedPairs: 0, correctPairs: 0, precision: 1, recall: 0, f1: 0 });
    expect(clusterMetrics(none, truth)).toEqual({ clusters: 6, exact: 1, precision: 1 / 6, recall: 1 / 3 });
  });

  it('is perfect on the truth itself, whatever the cluster ids are called', () => {
    const renamed = new Map([...truth].map(([record, person]) => [record, `cluster-of-${person}`]));
    expect(pairwiseMetrics(renamed, truth)).toEqual({ truePairs: 4, predictedPairs: 4, correctPairs: 4, precision: 1, recall: 1, f1: 1 });
    expect(clusterMetrics(renamed, truth)).toEqual({ clusters: 3, exact: 3, precision: 1, recall: 1 });
  });

  it('treats records missing from the prediction as singletons and rejects unknown ones', () => {
    const partial = map({ a: 'X', b: 'X', d: 'Y', e: 'Y' }); // c and f unpredicted
    expect(pairwiseMetrics(partial, truth)).toEqual({ truePairs: 4, predictedPairs: 2, correctPairs: 2, precision: 1, recall: 0.5, f1: 2 / 3 });
    // {a,b} is not P1 (c is missing); {d,e} = P2; {c} no; {f} = P3.
    expect(clusterMetrics(partial, truth)).toEqual({ clusters: 4, exact: 2, precision: 0.5, recall: 2 / 3 });
    expect(() => pairwiseMetrics(map({ zz: 'X' }), truth)).toThrow(/zz/);
    expect(() => clusterMetrics(map({ zz: 'X' }), truth)).toThrow(/zz/);
  });

  it('handles the empty case', () => {
    expect(pairwiseMetrics(new Map(), new Map())).toEqual({ truePairs: 0, predictedPairs: 0, correctPairs: 0, precision: 1, recall: 1, f1: 1 });
    expect(clusterMetrics(new Map(), new Map())).toEqual({ clusters: 0, exact: 0, precision: 1, recall: 1 });
  });

  it('scores 200k records from group counts, without enumerating pairs', () => {
    const n = 200_000;
    const truth200k = new Map<string, string>();
    const predicted200k = new Map<string, string>();
    for (let i = 0; i < n; i++) {
      truth200k.set(`r${i}`, `t${Math.floor(i / 3)}`);
      predicted200k.set(`r${i}`, `p${Math.floor(i / 4)}`);
    }
    const started = performance.now();
    const m = pairwiseMetrics(predicted200k, truth200k);
    const c = clusterMetrics(predicted200k, truth200k);
    // Per 12 records: 4 true triples (12 pairs), 3 predicted quads (18 pairs), 8 pairs in common;
    // the last 8 records (199992–199999) add 7 true, 12 predicted and 5 common pairs.
    expect(m).toMatchObject({ truePairs: 16_666 * 12 + 7, predictedPairs: 16_666 * 18 + 12, correctPairs: 16_666 * 8 + 5 });
    expect(m.precision).toBeCloseTo(133_333 / 300_000, 12);
    expect(c).toEqual({ clusters: 50_000, exact: 0, precision: 0, recall: 0 });

    // One giant predicted cluster: 2·10^10 predicted pairs, counted, not listed.
    const giant = new Map([...truth200k.keys()].map((record) => [record, 'all']));
    expect(pairwiseMetrics(giant, truth200k)).toMatchObject({ predictedPairs: (n * (n - 1)) / 2, correctPairs: 16_666 * 12 + 7, recall: 1 });
    // Generous: the point is that 2·10^10 pairs were never enumerated (that would take minutes).
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('scores a generated population against its own truth', () => {
    const truth = new Map<string, string>();
    for (const r of generatePopulation({ records: 50_000, seed: 4, difficulty: 'hard' })) truth.set(r.id, r.truth);
    const started = performance.now();
    expect(pairwiseMetrics(truth, truth).f1).toBe(1);
    // Linking nothing: every true pair missed.
    const singletons = new Map([...truth.keys()].map((id) => [id, id]));
    const m = pairwiseMetrics(singletons, truth);
    expect(m.truePairs).toBeGreaterThan(35_000);
    expect(m.recall).toBe(0);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
