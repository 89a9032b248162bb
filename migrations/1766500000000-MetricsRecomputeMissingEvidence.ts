import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Queues for recompute the customers whose stored traits the corrected definitions can change
 * (src/metrics/recompute-sql.ts): a solved ticket without metrics counted as 0 handoffs (only customers with
 * solved tickets), and valueCurrency named a currency when some amounts had none (only rows that name one).
 * The server works the queue off when it starts; `tessera metrics` does it by hand.
 */
export class MetricsRecomputeMissingEvidence1766500000000 implements MigrationInterface {
  name = 'MetricsRecomputeMissingEvidence1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(QUEUE);
  }

  /** The same customers again: after a downgrade their rows are recomputed with the old definitions. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(QUEUE);
  }
}

// ordered inserts, as the queue triggers do, so a concurrent writer cannot deadlock with it
const QUEUE = `
  INSERT INTO customer_metrics_dirty (customer_id)
  SELECT customer_id FROM customer_metrics WHERE solved_tickets > 0 OR value_currency IS NOT NULL
  ORDER BY customer_id
  ON CONFLICT (customer_id) DO NOTHING`;
