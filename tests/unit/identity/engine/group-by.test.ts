import { groupBy } from '../../../../src/identity/engine/group-by';
import { IntScratch } from '../../../../src/identity/engine/int-scratch';

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

describe('groupBy into scratch buffers', () => {
  it('gives the same groups as fresh arrays, whatever an earlier grouping left in the buffers', () => {
    const scratch = new IntScratch();
    const into = { scratch, name: 'g' };
    const big = Array.from({ length: 500 }, (_, i) => (i * 7) % 13);
    groupBy(big.length, 13, (i) => big[i]!, into);
    const keys = [2, 0, -1, 2, 0, 3, 2];
    const fresh = groupBy(keys.length, 5, (i) => keys[i]!);
    const reused = groupBy(keys.length, 5, (i) => keys[i]!, into);
    expect([...reused.start]).toEqual([...fresh.start]);
    expect([...reused.items]).toEqual([...fresh.items]);
    expect(reused.start.length).toBe(6);
    expect(reused.items.length).toBe(6);
  });
});
