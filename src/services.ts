import os from 'node:os';
import path from 'node:path';
import type { CountryCode } from 'libphonenumber-js';
import { createAudit, type AuditOptions } from './audit/create-audit';
import { dataSubjectExport } from './subject-requests/data-subject-export';
import { eraseCustomer } from './subject-requests/erase-customer';
import { ErasureRepository } from './subject-requests/erasure.repository';
import { DEVELOPMENT_SUPPRESSION_KEY } from './subject-requests/suppression';
import { SubjectExportRepository } from './subject-requests/subject-export.repository';
import type { DataSource } from 'typeorm';
import { DEFAULT_IDENTITY_CONFIG, type IdentityConfig } from './identity/identity-config';
import { decisionAccess } from './identity/decision-access';
import { IdentityRepository } from './identity/identity.repository';
import { IdentityService } from './identity/identity.service';
import { ResolutionStoreRepository } from './identity/resolution-store.repository';
import { ResolveRepository } from './identity/resolve.repository';
import { ResolveService } from './identity/resolve.service';
import { ImportRunRepository } from './ingest/import-run.repository';
import { ImportService, type ImportRequest } from './ingest/import.service';
import type { ImportReport } from './ingest/import-report';
import { SourceRecordRepository } from './ingest/source-record.repository';
import { JourneyRepository } from './journey/journey.repository';
import { ExperienceSummaryRepository } from './metrics/experience-summary.repository';
import { MetricsRepository } from './metrics/metrics.repository';
import { MetricsService, type RecomputeSummary } from './metrics/metrics.service';
import { CustomerRepository } from './profile/customer.repository';
import { DEFAULT_SURVIVORSHIP, type Survivorship } from './profile/survivorship';
import { displayNameBy } from './profile/display-name-by';
import type { ResolveSummary } from './identity/resolve.service';

/** The domain services wired over one DataSource; shared by the server, the CLI and the tests. */
export function createServices(
  dataSource: DataSource,
  options: { region: CountryCode; identity?: Partial<IdentityConfig>; audit?: AuditOptions; suppressionKey?: string; survivorship?: Survivorship },
) {
  const customers = new CustomerRepository(dataSource);
  const erasures = new ErasureRepository(dataSource);
  const suppressionKey = options.suppressionKey ?? DEVELOPMENT_SUPPRESSION_KEY;
  const journey = new JourneyRepository(dataSource);
  // Without configuration (tests, benches) a development signing key in the temp folder signs checkpoints.
  const audit = createAudit(dataSource, options.audit ?? { signingKey: { dataDir: path.join(os.tmpdir(), 'tessera-audit-dev') }, maxDelayMs: 10 });
  const importer = new ImportService({
    records: new SourceRecordRepository(dataSource),
    runs: new ImportRunRepository(dataSource),
    prepare: { defaultRegion: options.region },
    suppression: { key: suppressionKey, suppressed: (hashes) => erasures.suppressed(hashes) },
    accessLog: audit.log,
  });
  const resolveReads = new ResolveRepository(dataSource);
  const survivorship = options.survivorship ?? DEFAULT_SURVIVORSHIP;
  // the list name follows the profile's name rule
  const resolver = new ResolveService(resolveReads, new ResolutionStoreRepository(dataSource, undefined, undefined, displayNameBy(survivorship)), {
    ...DEFAULT_IDENTITY_CONFIG,
    ...options.identity,
    defaultRegion: options.region,
  });
  const metrics = new MetricsService(new MetricsRepository(dataSource));
  // a link or split moves records between customers: their traits follow at once
  const identity = new IdentityService(new IdentityRepository(dataSource), resolver, () => metrics.recompute(), (em, change) =>
    audit.log.appendNow(decisionAccess(change), em),
  );
  const subjectExports = new SubjectExportRepository(dataSource);
  return {
    audit,
    /** GDPR access/portability document of one customer (null if unknown). */
    subjectExport: (customerId: string) =>
      dataSubjectExport({ repo: subjectExports, identity, audit, region: options.region, junk: resolver.settings.junk, survivorship }, customerId),
    /** Right to erasure: removes the customer everywhere, returns the receipt (null if unknown). */
    erase: (request: Parameters<typeof eraseCustomer>[1]) => eraseCustomer({ repo: erasures, audit, suppressionKey, matching: resolver }, request),
    customers,
    /** How golden profiles choose among their records' values (SURVIVORSHIP_FILE). */
    survivorship,
    journey,
    resolver,
    identity,
    /** Computed traits: recompute() after anything that wrote records (docs/metrics.md). */
    metrics,
    /** CSAT, NPS, effort and handoffs over all customers in a period (docs/metrics.md). */
    experience: new ExperienceSummaryRepository(dataSource),
    /** Import then resolve identities and recompute the touched customers' traits, so the graph is current when it returns. */
    async importAndResolve(request: ImportRequest): Promise<{ report: ImportReport; resolution: ResolveSummary; metrics: RecomputeSummary }> {
      // logged after resolution, so the entries name the customers the new records joined
      const report = await importer.run({ ...request, deferAccessLog: true });
      try {
        const resolution = await resolver.resolve();
        return { report, resolution, metrics: await metrics.recompute() };
      } finally {
        await importer.logAccess(report);
      }
    },
    importer,
  };
}

export type Services = ReturnType<typeof createServices>;
