import { groupBy } from '../../../../src/identity/engine/group-by';

describe('groupBy', () => {
  it('groups items by key in item order, leaves out −1, keeps empty groups', () => {
    const keys = [2, 0, -1, 2, 0, 3, 2];
    const { start, items } = groupBy(keys.length, 5, (i) => keys[i]!);
    const group = (k: number) => [...items.subarray(start[k]!, start[k + 1]!)];
    expect([0, 1, 2, 3, 4].map(group)).toEqual([[1, 4], [], [0, 3, 6], [5], []]);
    expect(start.length).toBe(6);
    expect(items.length).toBe(6);
  });

  it('handles nothing to group', () => {
    expect(groupBy(0, 0, () => 0)).toEqual({ start: new Int32Array(1), items: new Int32Array(0) });
  });
});
