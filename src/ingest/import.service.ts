import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import type { AccessRecord } from '../audit/access-entry';
import { getFormat, type SourceFormat } from '../sources/formats';
import { FileError } from '../sources/shared/result';
import { byteCounter } from './byte-counter';
import { importFileEntries, recoveredRunEntries, SYSTEM_IMPORT, type ImportActor } from './import-access';
import { ImportError, ImportFailedError } from './import-error';
import { emptyFileReport, noteDuplicate, type FileReport, type ImportReport, type Rejection } from './import-report';
import type { ImportRunRepository } from './import-run.repository';
import { dedupeBatch, prepareRecord, type PrepareOptions, type PreparedRecord } from './prepared-record';
import { SeenKeys } from './seen-keys';
import { checkText } from './storable-text';
import type { BatchOutcome, SourceRecordRepository } from './source-record.repository';
import { SuppressionFilter } from './suppression-filter';

export interface ImportProgress {
  file: string;
  bytesRead: number;
  totalBytes: number;
  records: number;
}

export interface ImportRequest {
  source: string;
  format: string;
  location: string;
  onProgress?: (progress: ImportProgress) => void;
  /** Who runs it, for the access log (default: system). */
  by?: ImportActor;
  /**
   * Leave the access-log entries to a later logAccess(report), e.g. after identity resolution, so they name
   * the customers the new records joined; the caller must then call it (in a `finally`), as it also releases
   * the run's lock. A failed run logs at once either way.
   */
  deferAccessLog?: boolean;
}

/** What the access log needs of a file while it is imported: the records it changed. */
interface TrackedFile {
  report: FileReport;
  path: string;
  changed: number[];
  suppressed: number;
}

export interface ImportDeps {
  records: SourceRecordRepository;
  runs: ImportRunRepository;
  prepare: PrepareOptions;
  batchSize?: number;
  /** A batch also ends once its records' text reaches this many characters (default BATCH_CHARS). */
  batchChars?: number;
  /** Erased customers' records (keyed hashes of natural keys) that an import must not bring back. */
  suppression?: { key: string; suppressed(hashes: string[]): Promise<Set<string>> };
  /**
   * Where import entries go (the access log): each is appended in the transaction that marks the run logged,
   * so a run is logged exactly once. None: nothing is logged (unit wiring).
   */
  accessLog?: { appendNow(record: AccessRecord, manager: EntityManager): Promise<unknown> };
}

const SOURCE_NAME = /^[a-z][a-z0-9_-]{0,62}$/;
/** Rejections kept in memory for the report; all of them go to import_rejection. */
const REPORTED_REJECTIONS = 1000;
/**
 * A batch goes to PostgreSQL as one jsonb parameter holding each record twice (payload and data), and
 * PostgreSQL refuses a jsonb value over 256 MB: three 50 MB records in one batch failed the whole import.
 * Ending a batch once its records' text reaches 32 Mi characters keeps it under that with records up to
 * the 64 MiB a record may have.
 */
const BATCH_CHARS = 32 * 2 ** 20;
/** Records waiting for their owner named in the report; the count covers all of them. */
const WAITING_SAMPLE = 5;

/** Reads native exports into source_record, batch by batch; each batch commits on its own, so a re-run resumes. */
export class ImportService {
  private readonly batchSize: number;
  private readonly batchChars: number;
  private readonly tracked = new WeakMap<ImportReport, { by: ImportActor; files: TrackedFile[]; logged: boolean; suppression: SuppressionFilter | null }>();
  constructor(private readonly deps: ImportDeps) {
    this.batchSize = deps.batchSize ?? 1000;
    this.batchChars = deps.batchChars ?? BATCH_CHARS;
  }

  async run(request: ImportRequest): Promise<ImportReport> {
    if (!SOURCE_NAME.test(request.source)) {
      throw new ImportError(`invalid source name "${request.source}": use lower-case letters, digits, "-" or "_" (e.g. salesforce)`);
    }
    const format = this.format(request.format);
    const { dir, files, skipped } = await this.listFiles(format, request.location);
    const by = request.by ?? SYSTEM_IMPORT;
    const { runId, interrupted } = await this.deps.runs.start(request.source, format.name, request.location, by).catch((error: unknown) => {
      throw new ImportFailedError({ source: request.source }, error);
    });
    const report: ImportReport = {
      runId,
      source: request.source,
      format: format.name,
      location: request.location,
      files: [],
      skippedFiles: skipped,
      rejections: [],
      linked: 0,
      ...(interrupted.length > 0 && { interrupted }),
    };
    this.tracked.set(report, { by, files: [], logged: false, suppression: this.suppressionFilter(request.source) });
    try {
      for (const file of files) report.files.push(await this.importFile(format, dir, file, runId, report, request));
      report.linked = await this.deps.records.linkOwners(request.source);
      report.waiting = await this.deps.records.waitingForOwner(request.source, runId, WAITING_SAMPLE);
      if (report.files.some((f) => f.inserted + f.updated > 0)) await this.deps.records.analyze();
      // the lock stays until the entries are written (logAccess), so no other run logs this one as dead
      await this.deps.runs.finish(runId, { waiting: report.waiting.records }, { keepLock: true });
    } catch (error) {
      // the input's fault stays a usage error; anything else (the database) is a failure of the system
      const failure = error instanceof ImportError || error instanceof ImportFailedError ? error : new ImportFailedError({ source: request.source, runId }, error);
      const detail = failure instanceof ImportFailedError ? failure.detail : failure.message;
      // with the database gone this fails too: it must not hide why the import stopped (the run, left
      // `running` without its lock, is marked interrupted by the next one, with its committed counts)
      await this.deps.runs.finish(runId, { error: detail, waiting: report.waiting?.records }, { keepLock: true }).catch(() => undefined);
      // What was committed before the failure is logged; the import's own error is the one reported. When
      // that fails too, the next import of the source writes the entry (logDeadRuns).
      await this.writeAccess(report, true).catch(() => undefined);
      await this.deps.runs.release(runId);
      throw failure;
    }
    if (!request.deferAccessLog) await this.logAccess(report);
    return report;
  }

  /**
   * Writes the run's access-log entries, one or more per file (import-access.ts), naming the customers its
   * changed records belong to now, and releases the run's lock. Once per report; call it after resolution
   * when the run deferred it, also when resolution failed.
   */
  async logAccess(report: ImportReport): Promise<void> {
    try {
      await this.writeAccess(report, false);
    } finally {
      await this.deps.runs.release(report.runId);
    }
  }

  private async writeAccess(report: ImportReport, failed: boolean): Promise<void> {
    const state = this.tracked.get(report);
    const log = this.deps.accessLog;
    if (!state || state.logged || !log) return;
    const entries: AccessRecord[] = [];
    for (const f of state.files) {
      const touched = await this.deps.records.customersOfRecords(f.changed);
      entries.push(...importFileEntries(report, { ...f.report, path: f.path, suppressed: f.suppressed }, touched, state.by, failed));
    }
    // with the run's mark, in one transaction: a run marked logged has its entries, and is logged once
    await this.deps.runs.logOnce(report.runId, async (em) => {
      for (const entry of entries) await log.appendNow(entry, em);
    });
    state.logged = true;
    // now, after this run's resolution, the dead runs' records have their customers too
    await this.logDeadRuns(report.source, report.runId);
  }

  /**
   * The source's runs that committed records but whose process died before writing their entries (kill -9
   * during resolution, a crash, the log unreachable at the end) get them now, from what the database kept:
   * who ran it, its counts, the customers of the records it wrote (recoveredRunEntries).
   */
  private async logDeadRuns(source: string, runId: string): Promise<void> {
    const log = this.deps.accessLog;
    if (!log) return;
    for (const dead of await this.deps.runs.unlogged(source, runId)) {
      // another run's recovery failing must not fail this import, whose own entries are written: the dead run
      // stays unlogged and the next import of the source tries again
      await this.deps.runs
        .logOnce(dead.runId, async (em) => {
          const entries = recoveredRunEntries(source, dead, await this.deps.records.customersOfRun(dead.runId), runId);
          for (const entry of entries) await log.appendNow(entry, em);
        })
        .catch(() => undefined);
    }
  }

  private format(name: string): SourceFormat {
    try {
      return getFormat(name);
    } catch (error) {
      throw new ImportError((error as Error).message);
    }
  }

  /** Erased people stay out (suppression-filter.ts); one filter per run, as it remembers who it left out. */
  private suppressionFilter(source: string): SuppressionFilter | null {
    const suppression = this.deps.suppression;
    if (!suppression) return null;
    const stored = (src: string, keys: { entity: string; externalId: string }[]) => this.deps.records.storedKeys(src, keys);
    return new SuppressionFilter({ ...suppression, stored }, source);
  }

  private async listFiles(format: SourceFormat, location: string): Promise<{ dir: string; files: string[]; skipped: string[] }> {
    const info = await stat(location).catch((error: NodeJS.ErrnoException) => {
      throw new ImportError(`cannot read ${location}: ${error.code === 'ENOENT' ? 'no such file or folder' : error.message}`);
    });
    if (info.isFile()) return { dir: path.dirname(location), files: [path.basename(location)], skipped: [] };
    // a pipe (`<(zcat …)`, /dev/stdin) or device: a format knows a file by its name, and progress by its size
    if (!info.isDirectory()) throw new ImportError(`cannot read ${location}: not a file or folder (a pipe or device?); write it to a file first`);
    const entries = await readdir(location, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      throw new ImportError(`cannot read the folder ${location}: ${error.code === 'EACCES' ? 'permission denied' : error.message}`);
    });
    const names = entries.filter((d) => d.isFile()).map((d) => d.name);
    const files = format.selectFiles(names);
    if (files.length === 0) throw new ImportError(`no ${format.name} files in ${location} (found: ${names.join(', ') || 'nothing'})`);
    return { dir: location, files, skipped: names.filter((n) => !files.includes(n)) };
  }

  private async importFile(
    format: SourceFormat,
    dir: string,
    file: string,
    runId: string,
    report: ImportReport,
    request: ImportRequest,
  ): Promise<FileReport> {
    const fullPath = path.join(dir, file);
    const totalBytes = (await stat(fullPath)).size;
    const fileReport = emptyFileReport(file);
    const tracked: TrackedFile = { report: fileReport, path: path.resolve(fullPath), changed: [], suppressed: 0 };
    this.tracked.get(report)?.files.push(tracked);
    let batch: PreparedRecord[] = [];
    let rejections: Rejection[] = [];
    let records = 0;
    let bytesRead = 0;
    let batchChars = 0;
    const suppression = this.tracked.get(report)?.suppression ?? null;
    const lineOf = new Map<PreparedRecord, number>();
    const seen = new SeenKeys();
    const write = async () => {
      const { records: deduped, superseded } = dedupeBatch(batch);
      const before = suppression?.suppressed ?? 0;
      const unique = suppression ? await suppression.filter(deduped, (r) => lineOf.get(r) ?? 0, file) : deduped;
      if (suppression && suppression.suppressed > before) {
        tracked.suppressed += suppression.suppressed - before;
        report.suppressed = suppression.suppressed;
        if (suppression.quarantined.length > 0) report.quarantined = suppression.quarantined;
      }
      lineOf.clear();
      const rejected = rejections;
      // the batch's rejections and counts commit with its records, so the run's row says how far it got
      const recordBatch = unique.length + superseded + rejected.length === 0 ? undefined : (em: EntityManager, o: BatchOutcome) =>
        this.deps.runs.recordBatch(em, runId, { inserted: o.inserted, updated: o.updated, unchanged: o.unchanged + superseded, deleted: o.deleted, rejected: rejected.length }, rejected);
      const outcome = await this.deps.records.upsertBatch(request.source, runId, unique, recordBatch);
      for (const id of outcome.ids) tracked.changed.push(id);
      fileReport.inserted += outcome.inserted;
      fileReport.updated += outcome.updated;
      fileReport.unchanged += outcome.unchanged + superseded;
      fileReport.deleted += outcome.deleted;
    };
    const flush = async () => {
      // a failed write is the system's failure, never the input's (it is not wrapped as an ImportError below)
      await write().catch((error: unknown) => {
        throw new ImportFailedError({ source: request.source, runId, file }, error);
      });
      batch = [];
      rejections = [];
      batchChars = 0;
      request.onProgress?.({ file, bytesRead, totalBytes, records });
    };
    const input = createReadStream(fullPath).pipe(byteCounter((n) => (bytesRead = n)));
    try {
      for await (const parsed of format.parse(input, file)) {
        records += 1;
        const text = parsed.ok ? checkText(parsed.record.payload) : null;
        const result = parsed.ok && text?.problem ? { ok: false as const, line: parsed.line, reason: text.problem } : parsed;
        if (result.ok) {
          const prepared = prepareRecord(result.record, this.deps.prepare);
          if (!seen.add(`${prepared.entity}\u0000${prepared.externalId}`)) noteDuplicate(fileReport, prepared.externalId);
          lineOf.set(prepared, result.line);
          batch.push(prepared);
          batchChars += text!.chars;
        } else {
          // `line` is the record's place in its list; in a JSON document the text position says where to look
          const where = result.at && !/\bline \d+/.test(result.reason) ? ` (text line ${result.at.line}, byte ${result.at.byte})` : '';
          const rejection = { file, line: result.line, reason: `${result.reason}${where}` };
          rejections.push(rejection);
          fileReport.rejected += 1;
          if (report.rejections.length < REPORTED_REJECTIONS) report.rejections.push(rejection);
        }
        if (batch.length >= this.batchSize || rejections.length >= this.batchSize || batchChars >= this.batchChars) await flush();
      }
    } catch (error) {
      if (error instanceof ImportError || error instanceof ImportFailedError) throw error;
      if (!(error instanceof FileError)) throw new ImportError(`${file}: ${(error as Error).message}`);
      // the file cannot be read as its format: it is rejected as a whole and the import goes on with the
      // next file (before, the run stopped halfway, the later files unread and no report)
      const rejection = { file, line: 0, reason: error.message };
      rejections.push(rejection);
      fileReport.rejected += 1;
      fileReport.unusable = error.message;
      report.rejections.push(rejection);
    }
    await flush();
    return fileReport;
  }
}

