// What a resolution's commit reads of its result: each cluster's records with their current customer, and
// each record's match key (the first record of its phase-1 cluster). A full run's persons are the region's
// records in the same order, so both are found by index; otherwise through Maps of the ids.
import type { ClusterMember } from './assign-customer-ids';
import type { PersonRow } from './resolve.repository';
import { matchClusterOf, type RegionResult } from './resolution/resolve-region';

export interface CommitMembers {
  clusters: ClusterMember[][];
  /** the match key of `persons[i]` */
  matchKeys: string[];
}

export function commitMembers(result: RegionResult, persons: readonly PersonRow[]): CommitMembers {
  const { ids, clusters, matchFirst } = result.indexed;
  // the same strings: a full run's records are decoded with their row's id, and rows come ordered by id
  if (persons.length === ids.length && persons.every((p, i) => p.id === ids[i])) {
    return {
      clusters: clusters.map((c) => c.map((x) => ({ recordId: ids[x]!, customerId: persons[x]!.customerId }))),
      matchKeys: persons.map((_, i) => ids[matchFirst[i]!]!),
    };
  }
  const customerOf = new Map(persons.map((p) => [p.id, p.customerId]));
  const matchCluster = matchClusterOf(result);
  return {
    clusters: result.clusters.map((c) => c.map((id) => ({ recordId: id, customerId: customerOf.get(id) ?? null }))),
    matchKeys: persons.map((p) => matchCluster.get(p.id) ?? p.id),
  };
}
