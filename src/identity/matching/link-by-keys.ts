/**
 * Deterministic linking: records that share a normalised key (email, E.164 phone, identifier) are the
 * same person, unless their first names clearly disagree (a shared family email or household phone).
 * Returns connected components as lists of record ids.
 */
export interface LinkableRecord {
  id: string;
  /** Canonical first name (nicknames folded); undefined when unknown. */
  firstName?: string;
}

export interface KeyRow {
  recordId: string;
  kind: string;
  value: string;
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = x;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    let node = x;
    while (node !== root) {
      const next = this.parent.get(node)!;
      this.parent.set(node, root);
      node = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    // Smaller id as root keeps the result independent of input order.
    if (ra < rb) this.parent.set(rb, ra);
    else this.parent.set(ra, rb);
  }
}

export function linkByKeys(records: LinkableRecord[], keys: KeyRow[]): string[][] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const groups = new Map<string, string[]>();
  for (const k of keys) {
    if (!byId.has(k.recordId)) continue;
    const key = `${k.kind}\u0000${k.value}`;
    const members = groups.get(key);
    if (members) members.push(k.recordId);
    else groups.set(key, [k.recordId]);
  }
  const uf = new UnionFind();
  for (const members of groups.values()) linkGroup(members, byId, uf);
  const components = new Map<string, string[]>();
  for (const r of records) {
    const root = uf.find(r.id);
    const list = components.get(root);
    if (list) list.push(r.id);
    else components.set(root, [r.id]);
  }
  return [...components.values()];
}

/** Within one key group: same (or unknown) first name links; different known first names do not. */
function linkGroup(members: string[], byId: Map<string, LinkableRecord>, uf: UnionFind): void {
  if (members.length < 2) return;
  const anchors = new Map<string, string>();
  const unnamed: string[] = [];
  for (const id of [...members].sort()) {
    const name = byId.get(id)!.firstName;
    if (!name) {
      unnamed.push(id);
      continue;
    }
    const anchor = anchors.get(name);
    if (anchor) uf.union(anchor, id);
    else anchors.set(name, id);
  }
  // Records without a name join the first named person of the group (or each other if none is named).
  const target = anchors.size > 0 ? [...anchors.values()][0] : unnamed[0];
  for (const id of unnamed) uf.union(target, id);
}
