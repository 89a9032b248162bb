// Scoring predicted clusters against the truth without materialising pairs: every pair count is
// Σ n·(n−1)/2 over group sizes (truth clusters, predicted clusters, and their intersections).
//
// Both maps are record id → cluster id. A truth record missing from `predicted` counts as a
// singleton cluster of its own; a predicted record missing from the truth is an error.

export interface PairwiseMetrics {
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  /** correct / predicted (1 when nothing was predicted). */
  precision: number;
  /** correct / true (1 when there are no true pairs). */
  recall: number;
  f1: number;
}

export interface ClusterMetrics {
  /** Predicted clusters, singletons included. */
  clusters: number;
  /** Predicted clusters whose records are exactly one truth cluster. */
  exact: number;
  /** exact / predicted clusters. */
  precision: number;
  /** exact / truth clusters. */
  recall: number;
}

interface Groups {
  truthSizes: number[];
  predictedSizes: number[];
  /** predicted cluster · truthCount + truth cluster → records in both. */
  overlaps: Map<number, number>;
}

/** Cluster ids become dense integers; overlaps are keyed by pair number, never by string pairs. */
function groups(predicted: Map<string, string>, truth: Map<string, string>): Groups {
  for (const record of predicted.keys()) {
    if (!truth.has(record)) throw new Error(`predicted record ${record} is not in the truth`);
  }
  const truthIds = new Map<string, number>();
  const truthOf = new Int32Array(truth.size);
  const truthSizes: number[] = [];
  let i = 0;
  for (const person of truth.values()) {
    let t = truthIds.get(person);
    if (t === undefined) {
      t = truthSizes.length;
      truthIds.set(person, t);
      truthSizes.push(0);
    }
    truthSizes[t]++;
    truthOf[i++] = t;
  }
  const predictedIds = new Map<string, number>();
  const predictedSizes: number[] = [];
  const overlaps = new Map<number, number>();
  const width = truthSizes.length;
  i = 0;
  for (const record of truth.keys()) {
    const cluster = predicted.get(record);
    let p = cluster === undefined ? undefined : predictedIds.get(cluster);
    if (p === undefined) {
      p = predictedSizes.length; // a new cluster, or a missing record as its own singleton
      if (cluster !== undefined) predictedIds.set(cluster, p);
      predictedSizes.push(0);
    }
    predictedSizes[p]++;
    const both = p * width + truthOf[i++];
    overlaps.set(both, (overlaps.get(both) ?? 0) + 1);
  }
  return { truthSizes, predictedSizes, overlaps };
}

function pairs(sizes: Iterable<number>): number {
  let total = 0;
  for (const n of sizes) total += (n * (n - 1)) / 2;
  return total;
}

export function pairwiseMetrics(predicted: Map<string, string>, truth: Map<string, string>): PairwiseMetrics {
  const g = groups(predicted, truth);
  const truePairs = pairs(g.truthSizes);
  const predictedPairs = pairs(g.predictedSizes);
  const correctPairs = pairs(g.overlaps.values());
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predictedPairs, correctPairs, precision, recall, f1 };
}

export function clusterMetrics(predicted: Map<string, string>, truth: Map<string, string>): ClusterMetrics {
  const g = groups(predicted, truth);
  const width = g.truthSizes.length;
  let exact = 0;
  for (const [both, n] of g.overlaps) {
    const p = Math.floor(both / width);
    const t = both - p * width;
    if (g.predictedSizes[p] === n && g.truthSizes[t] === n) exact++;
  }
  const clusters = g.predictedSizes.length;
  const truthClusters = g.truthSizes.length;
  return {
    clusters,
    exact,
    precision: clusters === 0 ? 1 : exact / clusters,
    recall: truthClusters === 0 ? 1 : exact / truthClusters,
  };
}
