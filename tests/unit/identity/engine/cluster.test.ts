import { cluster, DEFAULT_CLUSTER_OPTIONS, type ClusterOptions, type ScoredPair } from '../../../../src/identity/engine/cluster';

/** A scored pair from a probability (weight derived), optionally with conflicts or a human decision. */
function pair(a: number, b: number, probability: number, extra: { conflicts?: string[]; forced?: 'link' | 'split' } = {}): ScoredPair {
  const weight = Math.log2(probability / (1 - probability));
  const p: ScoredPair = { a, b, score: { weight, probability, evidence: [], conflicts: extra.conflicts ?? [] } };
  if (extra.forced) p.forced = extra.forced;
  return p;
}

const options: ClusterOptions = { ...DEFAULT_CLUSTER_OPTIONS };

describe('cluster', () => {
  it('merges strong pairs transitively and keeps everyone else alone', () => {
    const { clusters, review, refused } = cluster(5, [pair(0, 1, 0.999), pair(1, 2, 0.99), pair(3, 4, 0.1)], options);
    expect(clusters).toEqual([[0, 1, 2], [3], [4]]);
    expect(review).toEqual([]);
    expect(refused).toEqual([]);
  });

  it('refuses a chain whose ends carry conflicting identifiers (A–B strong, B–C strong, A–C conflict)', () => {
    const pairs = [pair(0, 1, 0.999), pair(1, 2, 0.998), pair(0, 2, 0.2, { conflicts: ['identifier:customer_number'] })];
    const { clusters, refused, review } = cluster(3, pairs, options);
    expect(clusters).toEqual([[0, 1], [2]]);
    expect(refused).toEqual([{ a: 1, b: 2, reason: 'conflict identifier:customer_number between 0 and 2' }]);
    expect(review.map((p) => [p.a, p.b])).toEqual([[1, 2]]);
  });

  // The demo's "Mihcael": a CRM contact (CN-100439) and Michael Thomas's support user (CN-100440) joined through
  // his CRM contact by a family email and a phone; the two numbers were never a scored pair.
  it('refuses a chain whose ends hold different identifiers of one type although they were never scored', () => {
    const rec = (source: string, numbers: string[]) => ({
      source,
      identifiers: numbers.map((n) => `customer_number:${n}`),
      identifierTypes: numbers.map(() => 'customer_number'),
    });
    const identifiers = [rec('salesforce', ['CN100439']), rec('salesforce', []), rec('zendesk', ['CN100440'])];
    const pairs = [pair(0, 1, 0.999), pair(1, 2, 0.998)];
    expect(cluster(3, pairs, options).clusters).toEqual([[0, 1, 2]]); // without identifiers: chained
    const { clusters, refused } = cluster(3, pairs, { ...options, identifiers });
    expect(clusters).toEqual([[0, 1], [2]]);
    expect(refused).toEqual([{ a: 1, b: 2, reason: 'conflict identifier:customer_number between 0 and 2' }]);
    // A typo copied into another system, or the same number, is no conflict; a forced link merges anyway.
    const typo = [rec('salesforce', ['CN100439']), rec('salesforce', []), rec('zendesk', ['CN100438'])];
    expect(cluster(3, pairs, { ...options, identifiers: typo }).clusters).toEqual([[0, 1, 2]]);
    const linked = [pair(0, 1, 0.999, { forced: 'link' }), pair(1, 2, 0.2, { forced: 'link' })];
    expect(cluster(3, linked, { ...options, identifiers }).clusters).toEqual([[0, 1, 2]]);
  });

  it('refuses a chain whose ends clearly disagree, without any conflict', () => {
    const { clusters, refused } = cluster(3, [pair(0, 1, 0.999), pair(1, 2, 0.998), pair(0, 2, 1e-6)], options);
    expect(clusters).toEqual([[0, 1], [2]]);
    expect(refused[0]!.reason).toMatch(/^weak cross-pair evidence/);
  });

  it('accepts a chain whose ends only weakly disagree', () => {
    const { clusters } = cluster(3, [pair(0, 1, 0.999), pair(1, 2, 0.998), pair(0, 2, 0.3)], options);
    expect(clusters).toEqual([[0, 1, 2]]);
  });

  it('caps cluster size', () => {
    const pairs = [pair(0, 1, 0.999), pair(1, 2, 0.999), pair(2, 3, 0.999), pair(3, 4, 0.999)];
    const { clusters, refused } = cluster(5, pairs, { ...options, maxClusterSize: 3 });
    expect(Math.max(...clusters.map((c) => c.length))).toBe(3);
    expect(refused.every((r) => r.reason === 'size cap 3')).toBe(true);
  });

  it('keeps one record per limited source', () => {
    const sources = ['salesforce', 'salesforce', 'zendesk'];
    const pairs = [pair(0, 1, 0.999), pair(1, 2, 0.99)];
    const { clusters, refused } = cluster(3, pairs, { ...options, onePerSource: ['salesforce'], sources });
    expect(clusters).toEqual([[0], [1, 2]]);
    expect(refused).toEqual([{ a: 0, b: 1, reason: 'one record per source: salesforce' }]);
  });

  it('respects forced links over conflicts and forced splits over evidence', () => {
    const pairs = [
      pair(0, 1, 0.01, { forced: 'link', conflicts: ['birth_date'] }),
      pair(1, 2, 0.9999),
      pair(0, 2, 0.9999, { forced: 'split' }),
      pair(3, 4, 0.9999, { forced: 'split' }),
    ];
    const { clusters, refused, review } = cluster(5, pairs, options);
    expect(clusters).toEqual([[0, 1], [2], [3], [4]]);
    expect(refused).toEqual([{ a: 1, b: 2, reason: 'forced split' }]);
    expect(review.map((p) => [p.a, p.b])).toEqual([[1, 2]]); // human decisions are never queued again
  });

  it('merges a review-band pair only when it needs no transitivity', () => {
    // 0–1 in the band, both alone: a direct decision. 2–3 strong, then 3–4 in the band:
    // 4 was never compared with 2, so it goes to review instead.
    const pairs = [pair(0, 1, 0.8), pair(2, 3, 0.999), pair(3, 4, 0.8)];
    const { clusters, review, refused } = cluster(5, pairs, options);
    expect(clusters).toEqual([[0, 1], [2, 3], [4]]);
    expect(review.map((p) => [p.a, p.b])).toEqual([[3, 4]]);
    expect(refused).toEqual([]);
  });

  it('orders the review queue by probability', () => {
    const pairs = [pair(0, 1, 0.999), pair(1, 2, 0.6), pair(0, 3, 0.9), pair(1, 3, 0.01)];
    const { review } = cluster(4, pairs, options);
    expect(review.map((p) => p.score.probability)).toEqual([0.9, 0.6]);
  });

  it('is deterministic whatever the input order', () => {
    const pairs = [pair(0, 1, 0.99), pair(1, 2, 0.99), pair(2, 3, 0.99), pair(0, 3, 0.001), pair(4, 5, 0.97), pair(3, 4, 0.99)];
    const expected = cluster(6, pairs, options);
    for (const shuffled of [[...pairs].reverse(), [pairs[3]!, pairs[0]!, pairs[5]!, pairs[1]!, pairs[4]!, pairs[2]!]]) {
      expect(cluster(6, shuffled, options)).toEqual(expected);
    }
  });
});
