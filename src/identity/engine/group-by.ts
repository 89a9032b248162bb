/**
 * Items `0 .. count - 1` grouped by key, as compressed rows: group k holds `items[start[k] .. start[k + 1])`,
 * in item order. `groupOf(i)` returns the item's group, or −1 to leave it out. A counting sort in two passes:
 * no array per group, whatever the number of groups.
 */
export function groupBy(count: number, groups: number, groupOf: (item: number) => number): { start: Int32Array; items: Int32Array } {
  const start = new Int32Array(groups + 1);
  for (let i = 0; i < count; i++) {
    const k = groupOf(i);
    if (k >= 0) start[k + 1]!++;
  }
  for (let k = 0; k < groups; k++) start[k + 1]! += start[k]!;
  const items = new Int32Array(start[groups]!);
  const next = start.slice(0, groups);
  for (let i = 0; i < count; i++) {
    const k = groupOf(i);
    if (k >= 0) items[next[k]!++] = i;
  }
  return { start, items };
}
