// Customer lineage from one id assignment: which customers were created, merged, absorbed, split or
// emptied, and which records moved. Pure, so every path that re-clusters records tells the same story.
import type { Assignment, ClusterMember } from '../assign-customer-ids';

/** alias_moved / alias_dropped: an absorbed id followed its records, or was dropped (alias-follow.ts). */
export type CustomerEventKind = 'created' | 'merged' | 'absorbed' | 'split' | 'split_from' | 'linked' | 'emptied' | 'alias_moved' | 'alias_dropped';

export interface CustomerEvent {
  customerId: string;
  kind: CustomerEventKind;
  relatedCustomerId: string | null;
  recordIds: string[];
}

/** Events of one assignment; a cluster that kept its id and its records says nothing. */
export function lineageEvents(clusters: ClusterMember[][], assignment: Assignment): CustomerEvent[] {
  const events: CustomerEvent[] = [];
  const created = new Set(assignment.created);
  clusters.forEach((cluster, c) => {
    if (cluster.length === 0) return;
    const id = assignment.clusterIds[c]!;
    for (const [previous, recordIds] of groupByPrevious(cluster, id)) {
      if (previous === null) {
        events.push({ customerId: id, kind: created.has(id) ? 'created' : 'linked', relatedCustomerId: null, recordIds });
      } else if (assignment.aliases.get(previous) === id) {
        events.push({ customerId: id, kind: 'merged', relatedCustomerId: previous, recordIds });
        events.push({ customerId: previous, kind: 'absorbed', relatedCustomerId: id, recordIds });
      } else {
        events.push({ customerId: id, kind: created.has(id) ? 'split_from' : 'linked', relatedCustomerId: previous, recordIds });
        events.push({ customerId: previous, kind: 'split', relatedCustomerId: id, recordIds });
      }
    }
  });
  for (const id of assignment.emptied) events.push({ customerId: id, kind: 'emptied', relatedCustomerId: null, recordIds: [] });
  return events;
}

const NOTHING_CAME: ReadonlyMap<string | null, string[]> = new Map();

/** Records that came from somewhere else than the cluster's id (null: records new to resolution). */
function groupByPrevious(cluster: ClusterMember[], id: string): ReadonlyMap<string | null, string[]> {
  // a full run with nothing moved meets half a million clusters: no map for those that kept their records
  let out: Map<string | null, string[]> | undefined;
  for (const m of cluster) {
    if (m.customerId === id) continue;
    out ??= new Map();
    const list = out.get(m.customerId) ?? [];
    list.push(m.recordId);
    out.set(m.customerId, list);
  }
  return out ?? NOTHING_CAME;
}
