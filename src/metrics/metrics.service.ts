import { Progress, type ProgressListener } from '../shared/progress';
import type { MetricsRepository } from './metrics.repository';

export interface RecomputeOptions {
  /** Every customer, not only those queued since the last run. */
  full?: boolean;
  /** The time windows and recency count back from here (default: now). */
  asOf?: Date;
  /** Hears one phase, 'metrics': customers recomputed of the customers queued (or of all, full), per batch. */
  onProgress?: ProgressListener;
}

export interface RecomputeSummary {
  mode: 'incremental' | 'full' | 'customers';
  customers: number;
  statements: number;
  ms: number;
}

/** Customers per statement: large enough to amortise the statement, small enough to keep its memory modest. */
export const RECOMPUTE_BATCH = 5000;

/**
 * Keeps customer_metrics current. Triggers on source_record queue every customer whose records changed
 * (import, owner linking, resolution, link/split); recompute() works the queue off in set-based batches.
 * Callers run it after whatever wrote records: an import with resolution, a link or split.
 */
export class MetricsService {
  constructor(private readonly repo: MetricsRepository, private readonly batch = RECOMPUTE_BATCH) {}

  async recompute(options: RecomputeOptions = {}): Promise<RecomputeSummary> {
    const started = Date.now();
    const asOf = options.asOf ?? new Date();
    let customers = 0;
    let statements = 0;
    const progress = new Progress(options.onProgress);
    if (options.onProgress) {
      // counted only for a listener; the queue may grow meanwhile (triggers), so done is capped at the total
      progress.phase('metrics', options.full ? await this.repo.customerCount() : await this.repo.dirtyCount());
    }
    if (options.full) {
      let after: string | null = null;
      for (;;) {
        const r = await this.repo.recomputeAfter(asOf, after, this.batch);
        statements++;
        progress.tick((customers += r.customers));
        if (r.customers < this.batch || !r.lastId) break;
        after = r.lastId;
      }
    } else {
      for (;;) {
        const r = await this.repo.recomputeDirty(asOf, this.batch);
        statements++;
        progress.tick((customers += r.customers));
        if (r.customers < this.batch) break;
      }
    }
    progress.end(customers);
    return { mode: options.full ? 'full' : 'incremental', customers, statements, ms: Date.now() - started };
  }

  /** Recomputes the named customers now, queued or not. */
  async recomputeCustomers(customerIds: readonly string[], asOf = new Date()): Promise<RecomputeSummary> {
    const started = Date.now();
    const r = await this.repo.recomputeIds(asOf, [...new Set(customerIds)]);
    return { mode: 'customers', customers: r.customers, statements: 1, ms: Date.now() - started };
  }
}
