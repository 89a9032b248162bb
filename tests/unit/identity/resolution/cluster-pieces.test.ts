// Clustering in pieces (ranges of review components, taken by either thread of a full run) must give what
// one pass over every component gives, whatever the ranges.
import { blockIndex } from '../../../../src/identity/engine/blocking';
import type { MatchRecord } from '../../../../src/identity/engine/match-record';
import { DEFAULT_IDENTITY_CONFIG } from '../../../../src/identity/identity-config';
import { componentRanges, componentsFromNumbers, type ClusterPiece } from '../../../../src/identity/resolution/cluster-pieces';
import { scoreBlocks, weakPairsWithin } from '../../../../src/identity/resolution/candidate-scoring';
import { modelFor } from '../../../../src/identity/resolution/estimate';
import {
  assembleRegion,
  componentClustering,
  componentsOfStrong,
  matchClusterOf,
  prepareRegion,
  resolveRegion,
  type Decision,
} from '../../../../src/identity/resolution/resolve-region';
import { population } from '../engine/population';

const options = DEFAULT_IDENTITY_CONFIG;
const records: MatchRecord[] = population(1200, 7).records.map((r, i) => ({ ...r, id: String(i + 1) }));
const model = modelFor('estimate', records, options.maxBlockSize, blockIndex(records));
const decisions: Decision[] = [
  { a: '1', b: '1100', kind: 'link' },
  { a: '4', b: '5', kind: 'split' },
];

function inPieces(count: number) {
  const region = prepareRegion(records, model, decisions, options);
  const { strong, stats } = scoreBlocks(region.index, region.scorer);
  const components = componentsOfStrong(region, strong);
  const weak = weakPairsWithin(region.index, region.scorer, components.match.of);
  const clustering = componentClustering(region, strong, weak, components);
  const ranges = componentRanges(components.review, count);
  // pieces made in reverse order, as another thread might finish them, then put back in range order
  const pieces: ClusterPiece[] = [];
  for (let k = ranges.length - 1; k >= 0; k--) pieces[k] = clustering.piece(ranges[k]!);
  return { result: assembleRegion(region, strong, weak, components, pieces, stats), ranges, components };
}

describe('clustering in pieces', () => {
  const whole = resolveRegion(records, model, decisions, options);

  it.each([1, 7, 64])('gives the clusters, pairs and phase-1 clusters of one pass (%i ranges)', (count) => {
    const { result, ranges, components } = inPieces(count);
    expect(whole.clusters.length).toBeGreaterThan(100);
    expect(whole.links.toArray().some((l) => l.decision === 'review')).toBe(true);
    expect(result.clusters).toEqual(whole.clusters);
    expect(result.links.toArray()).toEqual(whole.links.toArray());
    expect([...matchClusterOf(result)]).toEqual([...matchClusterOf(whole)]);
    // the ranges cover every review component once, in order
    expect(ranges[0]!.from).toBe(0);
    expect(ranges[ranges.length - 1]!.to).toBe(components.review.members.length);
    for (let k = 1; k < ranges.length; k++) expect(ranges[k]!.from).toBe(ranges[k - 1]!.to);
    if (count > 1) expect(ranges.length).toBeGreaterThan(1);
  });

  it('rebuilds components from their per-record numbers (as the engine thread receives them)', () => {
    const region = prepareRegion(records, model, decisions, options);
    const { strong } = scoreBlocks(region.index, region.scorer);
    const { review } = componentsOfStrong(region, strong);
    const rebuilt = componentsFromNumbers(review.of, review.members.length);
    expect(rebuilt.members.map((m) => [...m])).toEqual(review.members.map((m) => [...m]));
  });
});
