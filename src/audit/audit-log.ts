import type { EntityManager } from 'typeorm';
import type { AccessEntry, AccessRecord, ChainedEntry } from './access-entry';
import { AccessLogRepository } from './access-log.repository';
import type { AuditWriter } from './append-pool';
import { normaliseRecord } from './normalise-entry';

export interface AuditLogOptions {
  /** How long a batch that failed in fail-open mode waits before it is tried again (doubling while it fails, up to 5 s). */
  maxDelayMs?: number;
  /** Most entries written in one statement. */
  maxBatch?: number;
  /**
   * true (default): record() settles when the entry is stored and rejects when it cannot be, so the API
   * can fail the request. false: record() resolves at once; failed batches are kept for the next try (up to
   * maxBuffered entries, beyond which the oldest are dropped) and reported to onError.
   */
  failClosed?: boolean;
  maxBuffered?: number;
  onError?: (error: Error, entries: number) => void;
}

/** Told about every write of entries (for /metrics): how many, and how long until they were stored and on disk. */
export interface AuditObserver {
  written(entries: number, seconds: number): void;
  failed(entries: number): void;
}

interface Pending {
  entry: AccessEntry;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Appends to the access log. Reads are written by group commit: one write at a time, and everything recorded
 * while it runs goes into the next one, as one statement. A read waits for at most the write in progress and
 * its own, never for a timer; under load the batches grow by themselves. Every write chains under one lock
 * (in access_log_append), so concurrent appenders (other processes) never fork the chain.
 *
 * With a writer that commits without waiting for the disk (the append pool), a batch is settled only after
 * its own flush (writer.durable()), which starts as soon as its append returns and overlaps the next append:
 * the chain lock is no longer held through each disk flush, and a fail-closed read still gets its answer only
 * once its entry is on disk.
 */
export class AuditLog {
  private readonly repo = new AccessLogRepository();
  private pending: Pending[] = [];
  private writing = false;
  /** Batches appended and now waiting for their flush. */
  private flushing = 0;
  private scheduled = false;
  private retry: NodeJS.Timeout | null = null;
  private idle: (() => void)[] = [];
  private readonly observers: AuditObserver[] = [];
  private failures = 0;
  private closed = false;
  private readonly options: Required<Omit<AuditLogOptions, 'onError'>> & Pick<AuditLogOptions, 'onError'>;

  /** `writer`: where append() and record() write (the dedicated append pool, or the API's DataSource). */
  constructor(
    private readonly writer: AuditWriter,
    options: AuditLogOptions = {},
  ) {
    this.options = { maxDelayMs: 200, maxBatch: 500, failClosed: true, maxBuffered: 50_000, ...options };
  }

  /**
   * Whether reads can be served: with fail-closed on, a log that cannot be written refuses every request, so
   * its connection (its own pool and login when AUDIT_DATABASE_URL is set) must answer. Fail-open: always.
   */
  async ready(): Promise<boolean> {
    if (!this.options.failClosed) return true;
    try {
      await this.writer.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  /** Queues one access (a read); written with the others recorded in the same turn or during the write before. */
  record(record: AccessRecord): Promise<void> {
    // normalised now: a malformed record is refused here, not in someone else's batch
    const entry = normaliseRecord(record, record.at ?? new Date());
    if (this.closed) {
      // after shutdown began: refused at once (fail-closed: the request fails) instead of a write on a closed pool
      const refused = Promise.reject(new Error('the access log is closed (shutting down)'));
      if (!this.options.failClosed) {
        refused.catch(() => undefined);
        this.options.onError?.(new Error('the access log is closed (shutting down)'), 1);
        return Promise.resolve();
      }
      return refused;
    }
    const written = new Promise<void>((resolve, reject) => this.pending.push({ entry, resolve, reject }));
    if (!this.writing && !this.scheduled && !this.retry) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.writeNext();
      });
    }
    if (!this.options.failClosed) {
      written.catch(() => undefined);
      return Promise.resolve();
    }
    return written;
  }

  /** Adds an observer; the function returned removes it. */
  observe(observer: AuditObserver): () => void {
    this.observers.push(observer);
    return () => {
      const at = this.observers.indexOf(observer);
      if (at >= 0) this.observers.splice(at, 1);
    };
  }

  /** Resolves when everything queued so far has been written (or its write has failed). */
  flush(): Promise<void> {
    if (this.retry) {
      clearTimeout(this.retry);
      this.retry = null;
    }
    if (this.isIdle()) return Promise.resolve();
    const done = new Promise<void>((resolve) => this.idle.push(resolve));
    this.writeNext();
    return done;
  }

  /** Flushes and refuses later records: call before closing the database. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  /** Appends now, in one statement of its own (its own transaction). */
  async append(records: AccessRecord[]): Promise<ChainedEntry[]> {
    if (records.length === 0) return [];
    const started = performance.now();
    try {
      const entries = await this.repo.append(this.writer, records.map((r) => normaliseRecord(r)));
      await this.writer.durable?.();
      this.tellWritten(entries.length, started);
      return entries;
    } catch (error) {
      this.tellFailed(records.length);
      throw error;
    }
  }

  /** Appends inside the caller's transaction (a mutation's entry commits or rolls back with the change). */
  async appendNow(record: AccessRecord, manager: EntityManager): Promise<ChainedEntry> {
    const [entry] = await this.repo.append(manager, [normaliseRecord(record)]);
    return entry;
  }

  private writeNext(): void {
    if (this.writing) return;
    if (this.pending.length === 0 || this.retry) {
      this.settleIdle();
      return;
    }
    this.writing = true;
    const batch = this.pending.splice(0, this.options.maxBatch);
    void this.write(batch).finally(() => {
      this.writing = false;
      this.writeNext();
    });
  }

  private async write(batch: Pending[]): Promise<void> {
    const started = performance.now();
    try {
      await this.repo.store(this.writer, batch.map((p) => p.entry));
      this.failures = 0;
      if (this.writer.durable && this.options.failClosed) this.settleWhenDurable(batch, this.writer.durable(), started);
      else {
        this.tellWritten(batch.length, started);
        for (const p of batch) p.resolve();
      }
    } catch (error) {
      const err = error as Error;
      this.tellFailed(batch.length);
      this.options.onError?.(err, batch.length);
      if (this.options.failClosed) {
        for (const p of batch) p.reject(err);
        return;
      }
      // Fail open: keep the entries for a later try, oldest first, within the bound.
      this.pending = [...batch, ...this.pending].slice(-this.options.maxBuffered);
      this.failures += 1;
      const delay = Math.min(5_000, Math.max(1, this.options.maxDelayMs) * 2 ** (this.failures - 1));
      this.retry = setTimeout(() => {
        this.retry = null;
        this.writeNext();
      }, delay).unref();
    }
  }

  /** Fail-closed with an asynchronously committing writer: the batch is answered when its flush is. */
  private settleWhenDurable(batch: Pending[], flushed: Promise<void>, started: number): void {
    this.flushing += 1;
    flushed
      .then(
        () => {
          this.tellWritten(batch.length, started);
          for (const p of batch) p.resolve();
        },
        (error: unknown) => {
          const err = error as Error;
          this.tellFailed(batch.length);
          this.options.onError?.(err, batch.length);
          for (const p of batch) p.reject(err);
        },
      )
      .finally(() => {
        this.flushing -= 1;
        this.settleIdle();
      });
  }

  /** Nothing being written or flushed, and nothing queued that a write could take now. */
  private isIdle(): boolean {
    return !this.writing && this.flushing === 0 && (this.pending.length === 0 || this.retry !== null);
  }

  /** Answers flush() callers once the log is idle. */
  private settleIdle(): void {
    if (this.isIdle()) for (const resolve of this.idle.splice(0)) resolve();
  }

  private tellWritten(entries: number, started: number): void {
    const seconds = (performance.now() - started) / 1000;
    for (const o of this.observers) o.written(entries, seconds);
  }

  private tellFailed(entries: number): void {
    for (const o of this.observers) o.failed(entries);
  }
}
