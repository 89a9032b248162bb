// Where an incremental region may end. Clustering decomposes over components, but the review band's
// components are large on real data (in the 100k demo, band pairs left apart chain 87,820 records into
// one), so following every band pair would re-cluster a third of the population for one record.
//
// The band phase (clusterBand) merges two phase-1 clusters only when every pair across them is scored in
// the band or above and none is a human split. A band pair between phase-1 clusters A and B that have one
// pair across them missing, below the band or split can therefore never merge anything, whatever else
// happens: it is inert, and a region may end at it. Merges happen only along live pairs, so a region closed
// under live pairs (and match pairs, human links and customers) clusters exactly as a full run would.
//
// The test leaves out conflicts, one-per-source limits, sizes below the cap and mean evidence: a pair it
// calls live may still be refused, and following it only makes the region larger, never wrong.
import { idsInOrder } from '../engine/pair-order';

export interface CrossingPair {
  /** the side inside the region */
  inside: string;
  outside: string;
}

export interface BoundaryInput {
  crossing: CrossingPair[];
  /** phase-1 cluster (record ids) of each inside record, as this run clustered it */
  insideCluster: (id: string) => readonly string[];
  /** phase-1 cluster of each outside record, as stored (unchanged: the region holds every changed record) */
  outsideCluster: ReadonlyMap<string, readonly string[]>;
  /** current pairs in the band or above, not split: `smaller id|larger id` */
  strong: ReadonlySet<string>;
  maxClusterSize: number;
}

export const pairKey = (x: string, y: string) => idsInOrder(x, y).join('|');

/** Outside records whose phase-1 cluster a crossing band pair could merge with the region's: they join it. */
export function liveOutside(input: BoundaryInput): string[] {
  const out = new Set<string>();
  for (const { inside, outside } of input.crossing) {
    if (out.has(outside)) continue;
    const a = input.insideCluster(inside);
    const b = input.outsideCluster.get(outside) ?? [outside];
    if (a.length + b.length > input.maxClusterSize) continue;
    if (a.every((x) => b.every((y) => input.strong.has(pairKey(x, y))))) out.add(outside);
  }
  return [...out];
}
