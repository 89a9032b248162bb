import { randomUUID } from 'node:crypto';
import { assignCustomerIds, type ClusterMember } from './assign-customer-ids';
import { linkByKeys } from './matching/link-by-keys';
import { canonicalFirstName, normaliseName, splitFullName } from './matching/normalise-name';
import type { PersonRow, ResolveRepository } from './resolve.repository';

export interface ResolveSummary {
  records: number;
  customers: number;
  created: number;
  merged: number;
  moved: number;
  removed: number;
  ms: number;
}

/**
 * Deterministic resolution over all live person records. Re-running it is stable: clusters keep their
 * ids, so it is safe (and cheap) to run after every import.
 */
export class ResolveService {
  constructor(
    private readonly repo: ResolveRepository,
    private readonly newId: () => string = randomUUID,
  ) {}

  async resolve(): Promise<ResolveSummary> {
    const started = Date.now();
    const [persons, keys, previous] = await Promise.all([this.repo.livePersons(), this.repo.keys(), this.repo.existingCustomerIds()]);
    const components = linkByKeys(
      persons.map((p) => ({ id: p.id, firstName: firstNameKey(p) })),
      keys,
    );
    const byId = new Map(persons.map((p) => [p.id, p]));
    const clusters: ClusterMember[][] = components.map((ids) => ids.map((id) => ({ recordId: id, customerId: byId.get(id)!.customerId })));
    const assignment = assignCustomerIds(clusters, previous, this.newId);
    const moves: { recordId: string; customerId: string }[] = [];
    const touched = new Set<string>(assignment.created);
    for (const [recordId, customerId] of assignment.customerOf) {
      if (byId.get(recordId)!.customerId !== customerId) {
        moves.push({ recordId, customerId });
        touched.add(customerId);
      }
    }
    const removed = [...assignment.aliases.keys(), ...assignment.emptied];
    await this.repo.apply({ created: assignment.created, moves, aliases: assignment.aliases, removed });
    for (const id of await this.repo.staleCustomerIds()) touched.add(id);
    await this.repo.refreshSummaries([...touched]);
    if (assignment.created.length + moves.length > 0) await this.repo.analyze();
    return {
      records: persons.length,
      customers: components.length,
      created: assignment.created.length,
      merged: assignment.aliases.size,
      moved: moves.length,
      removed: assignment.emptied.length,
      ms: Date.now() - started,
    };
  }
}

function firstNameKey(p: PersonRow): string | undefined {
  const raw = p.firstName ?? (p.fullName ? splitFullName(p.fullName).first : undefined);
  if (!raw) return undefined;
  const normalised = normaliseName(raw);
  return normalised ? canonicalFirstName(normalised) : undefined;
}
