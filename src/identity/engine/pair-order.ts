// A pair's score is not symmetric (a swapped name is weighed on the first record's side, term frequencies
// are read from the first record's values), so every caller scores a pair in the order a full run does.

/** The two records lower id first, as resolveRegion pairs them; ids that are not numbers keep their order. */
export function inIdOrder<T extends { id: string }>(a: T, b: T): [T, T] {
  return Number(b.id) < Number(a.id) ? [b, a] : [a, b];
}

/** Two record ids lower first (ids are bigints: compared as numbers, not as text). */
export function idsInOrder(x: string, y: string): [string, string] {
  return BigInt(x) < BigInt(y) ? [x, y] : [y, x];
}
