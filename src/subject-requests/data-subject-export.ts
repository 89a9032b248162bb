import type { CountryCode } from 'libphonenumber-js';
import type { Audit } from '../audit/create-audit';
import type { ChainedEntry } from '../audit/access-entry';
import type { AccessLogFilter } from '../audit/access-log-filter';
import type { HistoryEntry } from '../identity/identity.repository';
import type { IdentityService } from '../identity/identity.service';
import type { JunkConfig } from '../identity/matching/junk-values';
import { consentsOf } from '../profile/channel-views';
import { buildGoldenProfile } from '../profile/golden-profile';
import type { RecordRow } from '../profile/records';
import type { Survivorship } from '../profile/survivorship';
import { EXPORT_SECTIONS, EXPORT_TERMS } from './export-sections';
import { ownAccessEntry, ownLink } from './other-people';
import type { SubjectExportRepository } from './subject-export.repository';
import { subjectTraits } from './subject-traits';

/** The most access-log entries an export lists (newest first); beyond, the document says it was cut. */
const ACCESS_HISTORY_LIMIT = 10_000;
/** The most segment entries and exits an export lists (newest first), likewise. */
const SEGMENT_CHANGES_LIMIT = 10_000;

/** 2: records the source marked deleted, profile, traits, segments, about and terms. */
export const EXPORT_FORMAT = 'tessera.data-subject-export/2';

export interface SubjectExportDeps {
  repo: SubjectExportRepository;
  identity: IdentityService;
  audit: Audit;
  /** As the API builds profiles: the default phone region and the configured placeholders. */
  region: CountryCode;
  junk?: JunkConfig;
  survivorship?: Survivorship;
}

/**
 * GDPR access and portability: everything Tessera holds on one person, across every source, as one
 * machine-readable document — records with their raw payload and lineage (those the source marked deleted
 * too), the golden profile with each value's provenance, consents, journey, computed traits, segment
 * memberships and their history, identity links and merge/split history, and who accessed their data; with
 * a plain description of each section (`about`, `terms`). Null for a customer that does not exist.
 */
export async function dataSubjectExport(deps: SubjectExportDeps, customerId: string, now: () => Date = () => new Date()): Promise<Record<string, unknown> | null> {
  const customer = await deps.repo.customer(customerId);
  if (!customer) return null;
  const ids = [customer.id, ...customer.aliases];
  const [records, journey, [links], [history], metrics, attributes, memberships, changes] = await Promise.all([
    deps.repo.records(customer.id),
    deps.repo.journey(customer.id),
    deps.identity.linksOfCustomers([customer.id]),
    deps.identity.historyOfCustomers([customer.id]),
    deps.repo.traits(customer.id),
    deps.repo.segmentAttributes(customer.id),
    deps.repo.memberships(customer.id),
    deps.repo.segmentChanges(ids, SEGMENT_CHANGES_LIMIT + 1),
  ]);
  const [{ entries: access, truncated }, pruning] = await Promise.all([accessHistory(deps.audit, ids, history ?? []), deps.audit.queries.pruning()]);
  // the hub presents only live records as the person: profile and consents are built from those
  const live = records.filter((r) => r.deletedAt === null) as unknown as RecordRow[];
  const own = new Set(ids);
  return {
    format: EXPORT_FORMAT,
    generatedAt: now().toISOString(),
    about: EXPORT_SECTIONS,
    terms: EXPORT_TERMS,
    customer,
    profile: buildGoldenProfile(live, deps.region, deps.junk, deps.survivorship),
    sources: [...new Set(records.map((r) => r.source as string))].sort(),
    records,
    consents: consentsOf(live),
    journey,
    traits: subjectTraits(metrics, attributes),
    segments: { memberships, changes: { entries: changes.slice(0, SEGMENT_CHANGES_LIMIT), truncated: changes.length > SEGMENT_CHANGES_LIMIT } },
    identity: { links: (links ?? []).map((l) => ownLink(l, own)), history },
    // entries removed under the retention policy are missing from any history: say from when it is complete
    accessHistory: { entries: access.map((e) => ownAccessEntry(e, new Set([...ids, ...formerIds(ids, history ?? [])]))), truncated, pruned: pruning ? { through: pruning.through, prunedAt: pruning.prunedAt, completeFrom: pruning.keptFrom } : null },
  };
}

/** A history entry saying some of the person's records were moved out of another customer (a split, a manual link). */
const movedOut = (e: HistoryEntry, ids: string[]) =>
  (e.kind === 'split_from' || e.kind === 'linked') && e.relatedCustomerId !== null && !ids.includes(e.relatedCustomerId);

/** The other ids the person's records were read under: customers some of them were moved out of. */
const formerIds = (ids: string[], history: HistoryEntry[]) => history.filter((e) => movedOut(e, ids)).map((e) => e.relatedCustomerId!);

/**
 * Who accessed this person's data: entries naming their customer id or an id merged into it, and entries
 * naming a customer their records were moved out of (a split, a manual link) from before the move, when
 * those records were read under that id. Newest first, at most ACCESS_HISTORY_LIMIT.
 */
async function accessHistory(audit: Audit, ids: string[], history: HistoryEntry[]): Promise<{ entries: ChainedEntry[]; truncated: boolean }> {
  const filters: AccessLogFilter[] = [{ anyCustomerIds: ids }];
  for (const e of history) {
    if (movedOut(e, ids)) filters.push({ customerId: e.relatedCustomerId!, to: e.at });
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
