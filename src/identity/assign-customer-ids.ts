/**
 * Stable customer ids: each new cluster keeps the id most of its records already had; an id whose
 * records all moved into another cluster becomes an alias of it (merge); a cluster with no free
 * existing id gets a new one (new person, or the smaller side of a split).
 */
export interface ClusterMember {
  recordId: string;
  customerId: string | null;
}

export interface Assignment {
  /**
   * The customer id of each cluster, in the order the clusters were given: a full run at 10^6 records read
   * them per cluster, where a Map of every record id to its customer cost about a second to fill and read.
   */
  clusterIds: string[];
  created: string[];
  /** Absorbed id → the id it now resolves to. */
  aliases: Map<string, string>;
  /** Ids that no longer have any record (all their records were deleted). */
  emptied: string[];
}

export function assignCustomerIds(clusters: ClusterMember[][], previousIds: Iterable<string>, newId: () => string): Assignment {
  const { single, holders, mixed } = heldIds(clusters);
  // A cluster whose records all hold one id that no other cluster holds keeps it, in whatever order the
  // clusters are taken: nearly every cluster of a re-run. Only the others are ordered and take ids in turn
  // (a re-run at 10^6 records sorted and picked for 491,543 clusters: about 1.8 s).
  const keeps = (c: number) => single[c] !== null && holders.get(single[c]!) === 1;
  const clusterIds: string[] = new Array(clusters.length);
  const rest: number[] = [];
  clusters.forEach((_, c) => (keeps(c) ? (clusterIds[c] = single[c]!) : rest.push(c)));
  // Largest first, then by smallest record id. Each cluster's smallest id is found once, and record ids
  // (digits) compare by code unit exactly as localeCompare orders them: at 491,543 clusters, finding it
  // again and localeCompare in every comparison took 2-3 s of a full run.
  const first: string[] = new Array(clusters.length);
  for (const c of rest) first[c] = smallestId(clusters[c]!);
  rest.sort((a, b) => clusters[b]!.length - clusters[a]!.length || (first[a]! < first[b]! ? -1 : first[a]! > first[b]! ? 1 : 0));
  const claimed = new Set<string>();
  const created: string[] = [];
  for (const c of rest) {
    let id = pickExistingId(clusters[c]!, claimed);
    if (!id) {
      id = newId();
      created.push(id);
    }
    claimed.add(id);
    clusterIds[c] = id;
  }
  const aliases = new Map<string, string>();
  const emptied: string[] = [];
  // only ids no cluster kept (usually a few of hundreds of thousands) need to know where their records went;
  // an id held by one cluster alone and by none of mixed ids was kept by it
  const unclaimed = new Set<string>();
  for (const previous of previousIds) {
    if (!claimed.has(previous) && !(holders.get(previous) === 1 && !mixed.has(previous))) unclaimed.add(previous);
  }
  const destinations = countDestinations(clusters, clusterIds, unclaimed);
  for (const previous of unclaimed) {
    const where = destinations.get(previous);
    if (!where) emptied.push(previous);
    else aliases.set(previous, mostCommon(where));
  }
  return { clusterIds, created, aliases, emptied };
}

/**
 * Per cluster, the one id all its records hold (null: none, or several); per id, how many clusters hold
 * it; and the ids held in clusters of several ids.
 */
function heldIds(clusters: ClusterMember[][]): { single: (string | null)[]; holders: Map<string, number>; mixed: Set<string> } {
  const holders = new Map<string, number>();
  const mixed = new Set<string>();
  const hold = (id: string) => holders.set(id, (holders.get(id) ?? 0) + 1);
  const single = clusters.map((cluster) => {
    const ids = idsOf(cluster);
    if (ids.length === 1) hold(ids[0]!);
    else for (const id of ids) hold(id), mixed.add(id);
    return ids.length === 1 ? ids[0]! : null;
  });
  return { single, holders, mixed };
}

/** The distinct ids a cluster's records hold; most clusters hold one, checked without a set. */
function idsOf(cluster: ClusterMember[]): string[] {
  let only: string | null = null;
  for (const m of cluster) {
    if (m.customerId === null) continue;
    if (only === null) only = m.customerId;
    else if (m.customerId !== only) return [...new Set(cluster.flatMap((x) => (x.customerId === null ? [] : [x.customerId])))];
  }
  return only === null ? [] : [only];
}

function pickExistingId(cluster: ClusterMember[], claimed: Set<string>): string | undefined {
  // Most clusters are unchanged: every record still has one id. No counting then.
  let only: string | null = null;
  let one = true;
  for (const m of cluster) {
    if (m.customerId === null) continue;
    if (only === null) only = m.customerId;
    else if (m.customerId !== only) {
      one = false;
      break;
    }
  }
  if (one) return only === null || claimed.has(only) ? undefined : only;
  const counts = new Map<string, number>();
  for (const m of cluster) if (m.customerId) counts.set(m.customerId, (counts.get(m.customerId) ?? 0) + 1);
  return [...counts.entries()]
    .filter(([id]) => !claimed.has(id))
    .sort(([a, ca], [b, cb]) => cb - ca || a.localeCompare(b))[0]?.[0];
}

/** For each of these previous ids: the new ids its records went to, with counts. */
function countDestinations(clusters: ClusterMember[][], clusterIdOf: string[], previous: Set<string>): Map<string, Map<string, number>> {
  const result = new Map<string, Map<string, number>>();
  if (previous.size === 0) return result;
  clusters.forEach((cluster, i) => {
    for (const m of cluster) {
      if (!m.customerId || !previous.has(m.customerId)) continue;
      const counts = result.get(m.customerId) ?? new Map<string, number>();
      counts.set(clusterIdOf[i], (counts.get(clusterIdOf[i]) ?? 0) + 1);
      result.set(m.customerId, counts);
    }
  });
  return result;
}

function mostCommon(counts: Map<string, number>): string {
  return [...counts.entries()].sort(([a, ca], [b, cb]) => cb - ca || a.localeCompare(b))[0][0];
}

function smallestId(cluster: ClusterMember[]): string {
  return cluster.reduce((min, m) => (m.recordId < min ? m.recordId : min), cluster[0]?.recordId ?? '');
}
