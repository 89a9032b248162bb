import { createHash } from 'node:crypto';
import path from 'node:path';
import type { AccessRecord } from '../audit/access-entry';
import type { FileReport, ImportReport } from './import-report';
import type { UnloggedRun } from './import-run.repository';

/** Who runs an import, as the access log names them. */
export interface ImportActor {
  /** The operator (CLI `--actor`, default the OS user) or `system` (demo seed, services). */
  actor: string;
  /** `operator` for a person at the command line, `system` for automatic runs. */
  roles: string[];
  /** Default `import`. */
  purpose?: string;
  /** e.g. `tessera-cli`, `tessera-seed`. */
  client?: string | null;
}

export const SYSTEM_IMPORT: ImportActor = { actor: 'system', roles: ['system'], purpose: 'import', client: null };

/**
 * Most customer ids one import entry lists. A file that touches more customers writes several entries
 * (`part=i/n`), each with the file's counts, so no entry holds a giant array and each stays cheap to hash,
 * index and export.
 */
export const CUSTOMERS_PER_IMPORT_ENTRY = 1000;

/**
 * Customers of the records a file changed, as linked when the entry is written; `unlinked`: records that
 * belong to no customer (not resolved yet, or facts without an owning person such as CRM accounts).
 */
export interface TouchedCustomers {
  customerIds: string[];
  unlinked: number;
}

/** `imported inserted=… updated=… …`: what the file did, never a value from it. */
export function importOutcome(f: FileReport, suppressed: number, unlinked: number, failed: boolean): string {
  const counts = `inserted=${f.inserted} updated=${f.updated} unchanged=${f.unchanged} deleted=${f.deleted} rejected=${f.rejected} suppressed=${suppressed}`;
  return `${failed ? 'failed' : 'imported'} ${counts}${unlinked > 0 ? ` unlinked=${unlinked}` : ''}`;
}

/**
 * The access-log entries of one imported file: request id `import-run-<id>`, operation `import <source> <file>`,
 * query hash = SHA-256 of the file's path, no fields (an import writes records, no policy decision is taken),
 * customers in chunks of CUSTOMERS_PER_IMPORT_ENTRY.
 */
export function importFileEntries(
  report: ImportReport,
  file: FileReport & { path: string; suppressed: number },
  touched: TouchedCustomers,
  by: ImportActor,
  failed: boolean,
): AccessRecord[] {
  const ids = [...new Set(touched.customerIds)].sort();
  const parts = Math.max(1, Math.ceil(ids.length / CUSTOMERS_PER_IMPORT_ENTRY));
  const outcome = importOutcome(file, file.suppressed, touched.unlinked, failed);
  return Array.from({ length: parts }, (_, i) => ({
    requestId: `import-run-${report.runId}`,
    actor: by.actor,
    roles: by.roles,
    purpose: by.purpose ?? 'import',
    client: by.client ?? null,
    operationName: `import ${report.source} ${file.file}`,
    queryHash: createHash('sha256').update(file.path, 'utf8').digest('hex'),
    customerIds: ids.slice(i * CUSTOMERS_PER_IMPORT_ENTRY, (i + 1) * CUSTOMERS_PER_IMPORT_ENTRY),
    fields: {},
    outcome: parts > 1 ? `${outcome} part=${i + 1}/${parts}` : outcome,
  }));
}

/** What a run's status says it did, as the first word of a recovered entry's outcome. */
const RECOVERED_STATUS: Record<UnloggedRun['status'], string> = { succeeded: 'imported', failed: 'failed', interrupted: 'interrupted', running: 'interrupted' };

/**
 * The entries of a run that ended without them (its process died after committing, or its entries failed),
 * written by the run that found it (`recoveredBy`): who ran it (stored with the run), one entry for the whole
 * location (the per-file split died with the process), the run's committed counts, the customers of the
 * records that still carry the run's id, and `recovered-by=import-run-<id>`.
 */
export function recoveredRunEntries(source: string, run: UnloggedRun, touched: TouchedCustomers, recoveredBy: string): AccessRecord[] {
  const by = run.by ?? { actor: 'unknown', roles: ['operator'] };
  const ids = [...new Set(touched.customerIds)].sort();
  const parts = Math.max(1, Math.ceil(ids.length / CUSTOMERS_PER_IMPORT_ENTRY));
  const c = run.counts;
  const outcome =
    `${RECOVERED_STATUS[run.status]} inserted=${c.inserted} updated=${c.updated} unchanged=${c.unchanged} deleted=${c.deleted} rejected=${c.rejected}` +
    `${touched.unlinked > 0 ? ` unlinked=${touched.unlinked}` : ''} recovered-by=import-run-${recoveredBy}`;
  return Array.from({ length: parts }, (_, i) => ({
    requestId: `import-run-${run.runId}`,
    actor: by.actor,
    roles: by.roles,
    purpose: by.purpose ?? 'import',
    client: by.client ?? null,
    operationName: `import ${source} ${path.basename(run.location) || run.location}`,
    queryHash: createHash('sha256').update(run.location, 'utf8').digest('hex'),
    customerIds: ids.slice(i * CUSTOMERS_PER_IMPORT_ENTRY, (i + 1) * CUSTOMERS_PER_IMPORT_ENTRY),
    fields: {},
    outcome: parts > 1 ? `${outcome} part=${i + 1}/${parts}` : outcome,
  }));
}
