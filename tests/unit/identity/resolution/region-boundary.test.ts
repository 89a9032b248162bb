import { liveOutside, pairKey } from '../../../../src/identity/resolution/region-boundary';

const strong = (...pairs: [string, string][]) => new Set(pairs.map(([x, y]) => pairKey(x, y)));
const clusters: Record<string, string[]> = { '1': ['1', '2'], '2': ['1', '2'], '3': ['3'] };

describe('liveOutside', () => {
  it.each([
    ['every pair across the two phase-1 clusters in the band: live', strong(['1', '10'], ['2', '10'], ['1', '11'], ['2', '11']), 50, ['10']],
    ['one pair across missing: inert', strong(['1', '10'], ['2', '10'], ['1', '11']), 50, []],
    ['the merged cluster would pass the size cap: inert', strong(['1', '10'], ['2', '10'], ['1', '11'], ['2', '11']), 3, []],
  ])('%s', (_, pairs, cap, expected) => {
    const out = liveOutside({
      crossing: [{ inside: '1', outside: '10' }],
      insideCluster: (id) => clusters[id] ?? [id],
      outsideCluster: new Map([['10', ['10', '11']]]),
      strong: pairs,
      maxClusterSize: cap,
    });
    expect(out).toEqual(expected);
  });

  it('an outside record alone in its phase-1 cluster needs only the pairs to it', () => {
    const out = liveOutside({
      crossing: [{ inside: '3', outside: '20' }, { inside: '1', outside: '21' }],
      insideCluster: (id) => clusters[id] ?? [id],
      outsideCluster: new Map(),
      strong: strong(['3', '20'], ['1', '21']),
      maxClusterSize: 50,
    });
    expect(out).toEqual(['20']);
  });

  it('orders pair keys numerically, as identity_link does', () => {
    expect(pairKey('10', '9')).toBe('9|10');
  });
});
