import type { Audit } from '../audit/create-audit';
import type { ResolveService } from '../identity/resolve.service';
import type { ErasureRepository } from './erasure.repository';
import { modelValuesOf } from './model-remnants';
import { identityKeyHash, suppressionHash } from './suppression';

export interface ErasureReceipt {
  receiptId: string;
  customerId: string;
  erasedAt: string;
  records: number;
  /** Per source system: the external ids that must also be deleted there. */
  sources: { source: string; entity: string; externalIds: string[] }[];
  /** Emails, phones and identifiers (only as keyed hashes) a new record in any silo is left out for. */
  identityKeysSuppressed?: number;
  /** Stored identity models the person's names, birth date, city and postcode were taken out of. */
  identityModelsCleaned?: number;
  /** Asked again after the erasure: this is the receipt it left, and nothing more was removed. */
  alreadyErased?: true;
}

export class ErasureError extends Error {}

/**
 * Right to erasure: removes a customer's records from every table of the hub, and their values from the
 * stored identity models' frequency tables, in one transaction with its access-log entry, and leaves a
 * receipt per source plus suppression hashes so a re-import skips them. Waits for a resolution in progress.
 * `matching`: the resolver, to read the records as the models counted them.
 */
export async function eraseCustomer(
  deps: { repo: ErasureRepository; audit: Audit; suppressionKey: string; matching: Pick<ResolveService, 'toMatchRecord' | 'settings'> },
  request: { customerId: string; actor: string; roles: string[]; purpose: string; requestId: string; reason: string },
): Promise<ErasureReceipt | null> {
  const reason = request.reason.trim();
  if (reason.length === 0 || reason.length > 1000) throw new ErasureError('reason must be 1–1000 characters');
  return deps.repo.transaction(async (em) => {
    await deps.repo.lockResolution(em);
    const records = await deps.repo.records(em, request.customerId);
    const exists: { n: number }[] = await em.query('SELECT count(*)::int AS n FROM customer WHERE id = $1', [request.customerId]);
    if (exists[0]!.n === 0) {
      const earlier = await deps.repo.receiptOf(em, request.customerId);
      if (!earlier) return null;
      const { id, erasedAt, ...rest } = earlier;
      return { receiptId: id, customerId: request.customerId, erasedAt: erasedAt.toISOString(), ...rest, alreadyErased: true };
    }
    const aliases = await deps.repo.aliases(em, request.customerId);
    const bySource = new Map<string, { source: string; entity: string; externalIds: string[] }>();
    for (const r of records) {
      const key = `${r.source}\u0000${r.entity}`;
      const entry = bySource.get(key) ?? { source: r.source, entity: r.entity, externalIds: [] };
      entry.externalIds.push(r.externalId);
      bySource.set(key, entry);
    }
    const sources = [...bySource.values()];
    // natural keys keep the silos' own records out; identity keys, new records of the person in any silo
    const recordIds = records.map((r) => r.id);
    const identityKeys = await deps.repo.identityKeys(em, recordIds);
    const hashes = [
      ...records.map((r) => suppressionHash(deps.suppressionKey, r.source, r.entity, r.externalId)),
      ...identityKeys.map((k) => identityKeyHash(deps.suppressionKey, k.kind, k.value)),
    ];
    const modelsCleaned = await deps.repo.removeFromModels(em, modelValuesOf(await deps.repo.persons(em, recordIds), deps.matching));
    const receiptId = await deps.repo.erase(em, request.customerId, records, { actor: request.actor, reason, sources }, hashes);
    await deps.audit.log.appendNow(
      {
        requestId: request.requestId,
        actor: request.actor,
        roles: request.roles,
        purpose: request.purpose,
        operationName: 'eraseCustomer',
        customerIds: [request.customerId, ...aliases],
        fields: { 'Mutation.eraseCustomer': 'allowed' },
        outcome: 'erased',
      },
      em,
    );
    return { receiptId, customerId: request.customerId, erasedAt: new Date().toISOString(), records: records.length, sources, identityKeysSuppressed: identityKeys.length, identityModelsCleaned: modelsCleaned };
  });
}
