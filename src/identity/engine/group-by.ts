import type { IntScratch } from './int-scratch';

/**
 * Items `0 .. count - 1` grouped by key, as compressed rows: group k holds `items[start[k] .. start[k + 1])`,
 * in item order. `groupOf(i)` returns the item's group, or −1 to leave it out. A counting sort in two passes:
 * no array per group, whatever the number of groups. `into`: build in these scratch buffers
 * (`<name>.start`, `<name>.items`), valid until their next use.
 */
export function groupBy(
  count: number,
  groups: number,
  groupOf: (item: number) => number,
  into?: { scratch: IntScratch; name: string },
): { start: Int32Array; items: Int32Array } {
  const ints = (part: string, length: number, fill?: number) =>
    into ? into.scratch.ints(`${into.name}.${part}`, length, fill) : new Int32Array(length);
  // Group k's count goes to start[k + 2]; summed, start[k + 1] is where group k begins; filling moves it to
  // where group k ends, which is where group k + 1 begins: one array, no second one of next positions.
  const start = ints('start', groups + 2, 0);
  for (let i = 0; i < count; i++) {
    const k = groupOf(i);
    if (k >= 0) start[k + 2]!++;
  }
  for (let k = 0; k < groups; k++) start[k + 2]! += start[k + 1]!;
  const items = ints('items', start[groups + 1]!);
  for (let i = 0; i < count; i++) {
    const k = groupOf(i);
    if (k >= 0) items[start[k + 1]!++] = i;
  }
  return { start: start.subarray(0, groups + 1), items };
}
