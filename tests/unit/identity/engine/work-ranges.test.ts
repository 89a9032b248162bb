import { workRanges } from '../../../../src/identity/engine/work-ranges';

describe('workRanges', () => {
  it('cuts even work into the given number of consecutive ranges covering every item', () => {
    const ranges = workRanges(new Array(100).fill(1), 4);
    expect(ranges).toEqual([
      { from: 0, to: 25 },
      { from: 25, to: 50 },
      { from: 50, to: 75 },
      { from: 75, to: 100 },
    ]);
  });

  it('ends a range at an item heavier than a share, and cuts the rest small until the shares catch up', () => {
    expect(workRanges([1, 1, 96, 1, 1], 4)).toEqual([
      { from: 0, to: 3 },
      { from: 3, to: 4 },
      { from: 4, to: 5 },
    ]);
    // never more than count + 1 ranges, whatever the weights
    expect(workRanges([1000, ...new Array(50).fill(1)], 8).length).toBeLessThanOrEqual(9);
  });

  it('has no range for no items', () => {
    expect(workRanges([], 8)).toEqual([]);
  });
});
