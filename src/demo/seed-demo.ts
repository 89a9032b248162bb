import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Services } from '../services';
import type { ImportActor } from '../ingest/import-access';
import type { ImportReport } from '../ingest/import-report';
import { generateDemo } from './generate-demo';
import { demoDay } from './people';

const SEED_ACTOR: ImportActor = { actor: 'system', roles: ['system'], purpose: 'import', client: 'tessera-seed' };

export const DEMO_SOURCES = [
  { source: 'salesforce', format: 'salesforce-csv', folder: 'salesforce' },
  { source: 'zendesk', format: 'zendesk-json', folder: 'zendesk' },
  { source: 'mailchimp', format: 'mailchimp-json', folder: 'mailchimp' },
] as const;

/** Writes the demo company's native exports (once per size) and imports them like any other export. */
export async function seedDemo(services: Services, dataDir: string, customers: number, log: Logger): Promise<void> {
  const outDir = path.resolve(dataDir, `demo-${customers}`);
  // The marker is written last, so an interrupted generation is redone rather than half-imported.
  const complete = path.join(outDir, '.complete');
  if (!existsSync(complete)) {
    log.info({ customers, outDir }, 'writing demo exports');
    await generateDemo(outDir, { customers, now: demoDay() });
    await writeFile(complete, `${new Date().toISOString()}\n`);
  }
  // Logged once resolved, so the access-log entries name the customers the demo records joined.
  const reports: ImportReport[] = [];
  try {
    for (const s of DEMO_SOURCES) {
      const report = await services.importer.run({ source: s.source, format: s.format, location: path.join(outDir, s.folder), by: SEED_ACTOR, deferAccessLog: true });
      reports.push(report);
      log.info({ source: s.source, files: report.files, rejected: report.rejections.length }, 'demo source imported');
    }
    const resolution = await services.resolver.resolve();
    log.info(resolution, 'identities resolved');
    log.info(await services.metrics.recompute(), 'customer metrics computed');
  } finally {
    for (const report of reports) await services.importer.logAccess(report);
  }
}
