import type { DataSource } from 'typeorm';
import { recomputeSql } from './recompute-sql';

export interface BatchResult {
  customers: number;
  /** The largest customer id of the batch (keyset position of a full run). */
  lastId: string | null;
}

// The three ways to pick a batch; each also takes its customers off the dirty list in the same statement.
const DIRTY_SQL = recomputeSql(
  'SELECT customer_id FROM taken',
  `taken AS (
     DELETE FROM customer_metrics_dirty WHERE customer_id IN (
       SELECT customer_id FROM customer_metrics_dirty ORDER BY customer_id LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING customer_id
   ),`,
);
const FULL_SQL = recomputeSql(
  'SELECT id FROM batch',
  `batch AS MATERIALIZED (SELECT id FROM customer WHERE $2::uuid IS NULL OR id > $2::uuid ORDER BY id LIMIT $3),
   cleared AS (DELETE FROM customer_metrics_dirty WHERE customer_id IN (SELECT id FROM batch)),`,
);
const IDS_SQL = recomputeSql(
  'SELECT unnest($2::uuid[])',
  `cleared AS (DELETE FROM customer_metrics_dirty WHERE customer_id = ANY($2::uuid[])),`,
);

/** customer_metrics recomputes, set-based (reads go through profile/customer.repository.ts with the profile). */
export class MetricsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Recomputes up to `limit` customers from the dirty list (0 when it is empty). */
  async recomputeDirty(asOf: Date, limit: number): Promise<BatchResult> {
    return this.one(DIRTY_SQL, [asOf, limit]);
  }

  /** Recomputes the next `limit` customers in id order after `afterId` (a full rebuild, batch by batch). */
  async recomputeAfter(asOf: Date, afterId: string | null, limit: number): Promise<BatchResult> {
    return this.one(FULL_SQL, [asOf, afterId, limit]);
  }

  /** Recomputes the given customers (unknown ids are skipped). */
  async recomputeIds(asOf: Date, customerIds: readonly string[]): Promise<BatchResult> {
    return this.one(IDS_SQL, [asOf, customerIds]);
  }

  async customerCount(): Promise<number> {
    const [row] = await this.dataSource.query('SELECT count(*)::int AS n FROM customer');
    return row.n;
  }

  async dirtyCount(): Promise<number> {
    const [row] = await this.dataSource.query('SELECT count(*)::int AS n FROM customer_metrics_dirty');
    return row.n;
  }

  /**
   * The pool forces generic plans (good for the hot reads); this statement needs a plan for its actual batch
   * size: a generic plan guesses the CTE sizes and chose nested loops 50 times slower at 5,000 customers.
   */
  private async one(sql: string, params: unknown[]): Promise<BatchResult> {
    return this.dataSource.transaction(async (em) => {
      await em.query('SET LOCAL plan_cache_mode = force_custom_plan');
      const [row] = await em.query(sql, params);
      return { customers: row.customers, lastId: row.lastId };
    });
  }
}
