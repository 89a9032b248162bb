/**
 * Items `0 .. work.length - 1` cut into about `count` consecutive ranges `[from, to)` holding similar shares of
 * the work, so that threads taking ranges one at a time from a counter finish close together. Empty ranges
 * are left out. An item heavier than a share ends its range, and the items after it make small ranges until
 * the shares catch up: at most count + 1 ranges in all.
 */
export function workRanges(work: ArrayLike<number>, count: number): { from: number; to: number }[] {
  let total = 0;
  for (let i = 0; i < work.length; i++) total += work[i]!;
  const ranges: { from: number; to: number }[] = [];
  let from = 0;
  let sum = 0;
  for (let i = 0; i < work.length; i++) {
    sum += work[i]!;
    if (sum >= (total * (ranges.length + 1)) / count || i === work.length - 1) {
      ranges.push({ from, to: i + 1 });
      from = i + 1;
    }
  }
  return ranges;
}
