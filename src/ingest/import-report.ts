import type { InterruptedRun } from './import-run.repository';

export interface Rejection {
  file: string;
  /** 0: the file as a whole (none of its records could be read). */
  line: number;
  reason: string;
}

export interface FileReport {
  file: string;
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  /** Rejections: each rejected record, and 1 for a file rejected as a whole. */
  rejected: number;
  /** Why the file was rejected as a whole (a required column missing, not JSON at all); its records were not read. */
  unusable?: string;
  /**
   * Copies of a record whose id came earlier in the same file (an export with an id twice, often a bad join):
   * how many, and the first few ids. One record is kept (prepared-record.ts dedupeBatch, and the store's rule
   * across batches); each copy is also counted in unchanged or updated.
   */
  duplicates?: { copies: number; sample: string[] };
}

const DUPLICATE_SAMPLE = 5;

export function noteDuplicate(file: FileReport, externalId: string): void {
  const duplicates = (file.duplicates ??= { copies: 0, sample: [] });
  duplicates.copies += 1;
  if (duplicates.sample.length < DUPLICATE_SAMPLE && !duplicates.sample.includes(externalId)) duplicates.sample.push(externalId);
}

/**
 * Records of the source that name an owner not imported yet (a ticket's requester, an interaction's personId):
 * kept, and linked by the import that brings the owner. Counted over the whole source after the run.
 */
export interface WaitingForOwner {
  records: number;
  /** Of them, the ones this run wrote (inserted or updated). */
  fromThisRun: number;
  /** The first few, with the owner they name; ownerStored: the owner is there but waits itself (metrics of such a ticket). */
  sample: { entity: string; externalId: string; ownerEntity: string; ownerExternalId: string; ownerStored: boolean }[];
}

export interface ImportReport {
  runId: string;
  source: string;
  format: string;
  location: string;
  files: FileReport[];
  skippedFiles: string[];
  rejections: Rejection[];
  /** Records linked to their owner after they were written: the owner came later in this run, or this run brought the owner of an earlier run's record. */
  linked: number;
  waiting?: WaitingForOwner;
  /** Records skipped because their customer was erased (suppression list), quarantined ones included. */
  suppressed?: number;
  /** New person records left out because they carry an erased person's email, phone or identifier (first 1,000). */
  quarantined?: { file: string; line: number; reason: string }[];
  /** Earlier runs of the source that had stopped without finishing, marked `interrupted` when this one started. */
  interrupted?: InterruptedRun[];
}

/** Files rejected as a whole: an import that has any did not read all of its input (the CLI exits 1). */
export function unusableFiles(report: ImportReport): FileReport[] {
  return report.files.filter((f) => f.unusable !== undefined);
}

export function emptyFileReport(file: string): FileReport {
  return { file, inserted: 0, updated: 0, unchanged: 0, deleted: 0, rejected: 0 };
}

function duplicatesLine(file: string, d: { copies: number; sample: string[] }): string {
  // every repeated id is named until the sample is full
  const more = d.sample.length === DUPLICATE_SAMPLE && d.copies > d.sample.length ? ', …' : '';
  return `${file}: ${d.copies} ${d.copies === 1 ? 'record repeats an id' : 'records repeat an id'} read earlier in the file (${d.sample.join(', ')}${more}): ` +
    'one record is kept per id, the later copy unless it is older by its change time; the copies are counted in unchanged or updated';
}

/** The plain-text report the CLI prints. Rejections are listed up to `maxRejections`. */
export function formatImportReport(report: ImportReport, maxRejections = 50): string {
  const width = Math.max(12, ...report.files.map((f) => f.file.length));
  const lines = [`import ${report.source} (${report.format}) from ${report.location}  [run ${report.runId}]`];
  for (const run of report.interrupted ?? []) {
    const c = run.committed;
    lines.push(
      `run ${run.runId} of ${report.source} (started ${run.startedAt.toISOString()}) stopped without finishing: marked interrupted; what it committed is kept: ` +
        `inserted ${c.inserted}  updated ${c.updated}  unchanged ${c.unchanged}  deleted ${c.deleted}  rejected ${c.rejected}`,
    );
  }
  for (const f of report.files) {
    if (f.unusable !== undefined) {
      lines.push(`  ${f.file.padEnd(width)}  rejected as a whole, nothing imported: ${f.unusable}`);
      continue;
    }
    lines.push(
      `  ${f.file.padEnd(width)}  inserted ${f.inserted}  updated ${f.updated}  unchanged ${f.unchanged}  deleted ${f.deleted}  rejected ${f.rejected}`,
    );
  }
  for (const f of report.files) if (f.duplicates) lines.push(duplicatesLine(f.file, f.duplicates));
  const held = report.quarantined ?? [];
  const quarantined = held.length;
  // the quarantined records are among the suppressed ones: say so, or they read as counted twice
  if (report.suppressed) lines.push(`suppressed ${report.suppressed} records of erased customers (not imported)${quarantined ? `, of which ${quarantined} below` : ''}`);
  if (quarantined) {
    lines.push('quarantined (records not in the hub that carry an erased person\'s email, phone or identifier):');
    for (const q of held.slice(0, maxRejections)) lines.push(`  ${q.file}:${q.line}  ${q.reason}`);
    if (quarantined > maxRejections) lines.push(`  … and ${quarantined - maxRejections} more`);
  }
  const waiting = report.waiting;
  if (waiting && waiting.records > 0) {
    const ofRun = waiting.fromThisRun === waiting.records ? 'all written by this run' : `${waiting.fromThisRun} written by this run`;
    lines.push(`waiting for their owner (kept; linked when the owner is imported): ${waiting.records} records of ${report.source}, ${ofRun}`);
    for (const w of waiting.sample) {
      lines.push(`  ${w.entity} ${w.externalId} names ${w.ownerEntity} ${w.ownerExternalId}${w.ownerStored ? ', which waits for its own owner' : ', not imported'}`);
    }
    if (waiting.records > waiting.sample.length) lines.push(`  … and ${waiting.records - waiting.sample.length} more`);
  }
  if (report.skippedFiles.length > 0) lines.push(`skipped (not a ${report.format} file): ${report.skippedFiles.join(', ')}`);
  // a file rejected as a whole (line 0) is on its own line above, whatever the number of rejected rows
  const rows = report.rejections.filter((r) => r.line !== 0);
  if (rows.length > 0) {
    lines.push('rejected:');
    for (const r of rows.slice(0, maxRejections)) lines.push(`  ${r.file}:${r.line}  ${r.reason}`);
    if (rows.length > maxRejections) lines.push(`  … and ${rows.length - maxRejections} more (table import_rejection)`);
  }
  return lines.join('\n');
}
