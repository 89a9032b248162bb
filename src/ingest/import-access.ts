import { createHash } from 'node:crypto';
import type { AccessRecord } from '../audit/access-entry';
import type { FileReport, ImportReport } from './import-report';

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
