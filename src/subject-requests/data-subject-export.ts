import type { Audit } from '../audit/create-audit';
import type { ChainedEntry } from '../audit/access-entry';
import type { AccessLogFilter } from '../audit/access-log-filter';
import type { HistoryEntry } from '../identity/identity.repository';
import type { IdentityService } from '../identity/identity.service';
import { consentsOf } from '../profile/channel-views';
import type { RecordRow } from '../profile/records';
import type { SubjectExportRepository } from './subject-export.repository';

/** The most access-log entries an export lists (newest first); beyond, the document says it was cut. */
const ACCESS_HISTORY_LIMIT = 10_000;

export const EXPORT_FORMAT = 'tessera.data-subject-export/1';

/**
 * GDPR access and portability: everything Tessera holds on one person, across every source, as one
 * machine-readable document — records with their raw payload and lineage, consents, journey, identity
 * links and merge/split history, and who accessed their data. Null for a customer that does not exist.
 */
export async function dataSubjectExport(
  deps: { repo: SubjectExportRepository; identity: IdentityService; audit: Audit },
  customerId: string,
  now: () => Date = () => new Date(),
): Promise<Record<string, unknown> | null> {
  const customer = await deps.repo.customer(customerId);
  if (!customer) return null;
  const [records, journey, [links], [history]] = await Promise.all([
    deps.repo.records(customer.id),
    deps.repo.journey(customer.id),
    deps.identity.linksOfCustomers([customer.id]),
    deps.identity.historyOfCustomers([customer.id]),
  ]);
  const { entries: access, truncated } = await accessHistory(deps.audit, [customer.id, ...customer.aliases], history ?? []);
  return {
    format: EXPORT_FORMAT,
    generatedAt: now().toISOString(),
    customer,
    sources: [...new Set(records.map((r) => r.source as string))].sort(),
    records,
    consents: consentsOf(records as unknown as RecordRow[]),
    journey,
    identity: { links, history },
    accessHistory: { entries: access, truncated },
  };
}

/**
 * Who accessed this person's data: entries naming their customer id or an id merged into it, and entries
 * naming a customer their records were moved out of (a split, a manual link) from before the move, when
 * those records were read under that id. Newest first, at most ACCESS_HISTORY_LIMIT.
 */
async function accessHistory(audit: Audit, ids: string[], history: HistoryEntry[]): Promise<{ entries: ChainedEntry[]; truncated: boolean }> {
  const filters: AccessLogFilter[] = [{ anyCustomerIds: ids }];
  for (const e of history) {
    if ((e.kind === 'split_from' || e.kind === 'linked') && e.relatedCustomerId && !ids.includes(e.relatedCustomerId)) {
      filters.push({ customerId: e.relatedCustomerId, to: e.at });
    }
  }
  const byPosition = new Map<number, ChainedEntry>();
  let truncated = false;
  for (const filter of filters) {
    let after: string | null = null;
    let read = 0;
    for (;;) {
      const page = await audit.queries.page(filter, 500, after);
      for (const e of page.entries) byPosition.set(e.position, e);
      read += page.entries.length;
      if (!page.hasNextPage) break;
      if (read >= ACCESS_HISTORY_LIMIT) {
        truncated = true;
        break;
      }
      after = page.endCursor;
    }
  }
  const entries = [...byPosition.values()].sort((a, b) => b.position - a.position);
  if (entries.length > ACCESS_HISTORY_LIMIT) truncated = true;
  return { entries: entries.slice(0, ACCESS_HISTORY_LIMIT), truncated };
}
