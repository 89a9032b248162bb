import type { Audit } from '../audit/create-audit';
import type { ChainedEntry } from '../audit/access-entry';
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
  const access: ChainedEntry[] = [];
  let after: string | null = null;
  let truncated = false;
  for (;;) {
    const page = await deps.audit.queries.page({ customerId: customer.id }, 500, after);
    access.push(...page.entries);
    if (!page.hasNextPage) break;
    if (access.length >= ACCESS_HISTORY_LIMIT) {
      truncated = true;
      break;
    }
    after = page.endCursor;
  }
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
