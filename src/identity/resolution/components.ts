// Connected components of the pairs that may merge clusters (at or above the review threshold, or a
// human link). Clustering never merges across them, so each is clustered on its own: memory is bounded
// by the largest component, not by the population.
export class UnionFind {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
  }
  find(x: number): number {
    while (this.parent[x] !== x) {
      this.parent[x] = this.parent[this.parent[x]!]!;
      x = this.parent[x]!;
    }
    return x;
  }
  union(x: number, y: number): void {
    const rx = this.find(x);
    const ry = this.find(y);
    if (rx !== ry) this.parent[Math.max(rx, ry)] = Math.min(rx, ry);
  }
}

export interface Components {
  /** component number per record; −1 for a record alone */
  of: Int32Array;
  /** members per component, ascending record index; components ordered by their first member */
  members: Int32Array[];
}

export function componentsOf(n: number, uf: UnionFind): Components {
  const size = new Int32Array(n);
  for (let x = 0; x < n; x++) size[uf.find(x)]!++;
  const of = new Int32Array(n).fill(-1);
  const members: Int32Array[] = [];
  const filled: number[] = [];
  for (let x = 0; x < n; x++) {
    const root = uf.find(x);
    if (size[root]! < 2) continue;
    // The root is the smallest index of its component, so it is met first.
    if (root === x) {
      of[x] = members.length;
      members.push(new Int32Array(size[root]!));
      filled.push(0);
    }
    const k = of[root]!;
    of[x] = k;
    members[k]![filled[k]!++] = x;
  }
  return { of, members };
}
