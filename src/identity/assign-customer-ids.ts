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
  // Largest first, then by smallest record id. Each cluster's smallest id is found once, and record ids
  // (digits) compare by code unit exactly as localeCompare orders them: at 491,543 clusters, finding it
  // again and localeCompare in every comparison took 2-3 s of a full run.
  const first = clusters.map(smallestId);
  const order = clusters.map((_, c) => c);
  order.sort((a, b) => clusters[b]!.length - clusters[a]!.length || (first[a]! < first[b]! ? -1 : first[a]! > first[b]! ? 1 : 0));
  const claimed = new Set<string>();
  const created: string[] = [];
  const clusterIds: string[] = new Array(clusters.length);
  for (const c of order) {
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
  // only ids no cluster kept (usually a few of hundreds of thousands) need to know where their records went
  const unclaimed = new Set<string>();
  for (const previous of previousIds) if (!claimed.has(previous)) unclaimed.add(previous);
  const destinations = countDestinations(clusters, clusterIds, unclaimed);
  for (const previous of unclaimed) {
    const where = destinations.get(previous);
    if (!where) emptied.push(previous);
    else aliases.set(previous, mostCommon(where));
  }
  return { clusterIds, created, aliases, emptied };
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
