import type { EntityManager } from 'typeorm';
import type { AccessRecord, ChainedEntry } from './access-entry';
import { AccessLogRepository, type SqlRunner } from './access-log.repository';
import type { AuditWriter } from './append-pool';
import { chainEntries, GENESIS_HASH } from './hash-chain';
import { normaliseRecord } from './normalise-entry';

export interface AuditLogOptions {
  /** Longest a recorded read waits before its batch is written. */
  maxDelayMs?: number;
  /** A batch is written as soon as it has this many entries. */
  maxBatch?: number;
  /**
   * true (default): record() settles when the entry is stored and rejects when it cannot be, so the API
   * can fail the request. false: record() resolves at once; failed batches are kept for the next flush (up to
   * maxBuffered entries, beyond which the oldest are dropped) and reported to onError.
   */
  failClosed?: boolean;
  maxBuffered?: number;
  onError?: (error: Error, entries: number) => void;
}

interface Pending {
  record: AccessRecord;
  at: Date;
  resolve(): void;
  reject(error: Error): void;
}

/** Appends to the access log. Every write chains under one lock, so concurrent appenders never fork the chain. */
export class AuditLog {
  private readonly repo = new AccessLogRepository();
  private pending: Pending[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly options: Required<Omit<AuditLogOptions, 'onError'>> & Pick<AuditLogOptions, 'onError'>;

  /** `writer`: where append() and record() write (the dedicated append pool, or the API's DataSource). */
  constructor(
    private readonly writer: AuditWriter,
    options: AuditLogOptions = {},
  ) {
    this.options = { maxDelayMs: 200, maxBatch: 500, failClosed: true, maxBuffered: 50_000, ...options };
  }

  /** Queues one access (a read); written within maxDelayMs together with the others. */
  record(record: AccessRecord): Promise<void> {
    const at = record.at ?? new Date();
    normaliseRecord(record, at); // refuse a malformed record now, not in someone else's batch
    const written = new Promise<void>((resolve, reject) => this.pending.push({ record, at, resolve, reject }));
    if (this.pending.length >= this.options.maxBatch) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.options.maxDelayMs).unref();
    if (!this.options.failClosed) {
      written.catch(() => undefined);
      return Promise.resolve();
    }
    return written;
  }

  /** Writes everything queued so far; resolves when it is stored (or has failed). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.writing = this.writing.then(() => this.writeQueued(batch));
    return this.writing;
  }

  /** Flushes and stops the timer: call before closing the database. */
  async close(): Promise<void> {
    await this.flush();
  }

  /** Appends now, in its own transaction: one INSERT for all of them. */
  async append(records: AccessRecord[]): Promise<ChainedEntry[]> {
    if (records.length === 0) return [];
    return this.writer.transaction((sql) => this.appendIn(sql, records));
  }

  /** Appends inside the caller's transaction (a mutation's entry commits or rolls back with the change). */
  async appendNow(record: AccessRecord, manager: EntityManager): Promise<ChainedEntry> {
    const [entry] = await this.appendIn(manager, [record]);
    return entry;
  }

  private async appendIn(sql: SqlRunner, records: AccessRecord[]): Promise<ChainedEntry[]> {
    const entries = records.map((r) => normaliseRecord(r));
    await this.repo.lockChain(sql);
    const head = await this.repo.head(sql);
    const chained = chainEntries({ position: head.position, hash: head.hash ?? GENESIS_HASH }, entries);
    await this.repo.insert(sql, chained);
    return chained;
  }

  private async writeQueued(batch: Pending[]): Promise<void> {
    try {
      await this.append(batch.map((p) => ({ ...p.record, at: p.at })));
      for (const p of batch) p.resolve();
    } catch (error) {
      const err = error as Error;
      this.options.onError?.(err, batch.length);
      if (this.options.failClosed) {
        for (const p of batch) p.reject(err);
        return;
      }
      // Fail open: keep the entries for the next flush, oldest first, within the bound.
      this.pending = [...batch, ...this.pending].slice(-this.options.maxBuffered);
      if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.options.maxDelayMs).unref();
    }
  }
}
