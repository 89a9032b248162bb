import type { MigrationInterface, QueryRunner } from 'typeorm';
import { currencyCodeSql } from '../src/metrics/currency-code';

/**
 * Queues for recompute the customers whose valueCurrency the currency-code rule changes
 * (src/metrics/currency-code.ts: 'usd', 'USD' and ' Usd ' are one currency): those with a computed row and
 * an opportunity or order whose currency is not already written as the upper-case code. The server works
 * the queue off when it starts; `tessera metrics` does it by hand.
 */
export class MetricsRecomputeCurrencyCase1766700000100 implements MigrationInterface {
  name = 'MetricsRecomputeCurrencyCase1766700000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(QUEUE);
  }

  /** The same customers again: after a downgrade their rows are recomputed with the old rule. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(QUEUE);
  }
}

const OPPORTUNITY = `r.data ->> 'currency'`;
const ORDER = `r.data -> 'attributes' ->> 'currency'`;

// the amounts recompute-sql.ts sums (opportunities, orders), of any state: queuing one too many is harmless;
// ordered inserts, as the queue triggers do, so a concurrent writer cannot deadlock with it
const QUEUE = `
  INSERT INTO customer_metrics_dirty (customer_id)
  SELECT DISTINCT m.customer_id
  FROM source_record r
  JOIN source_record p ON p.id = r.person_record_id
  JOIN customer_metrics m ON m.customer_id = p.customer_id
  WHERE (r.entity = 'opportunity' AND ${OPPORTUNITY} <> ${currencyCodeSql(OPPORTUNITY)})
     OR (r.entity = 'interaction' AND ${ORDER} <> ${currencyCodeSql(ORDER)})
  ORDER BY m.customer_id
  ON CONFLICT (customer_id) DO NOTHING`;
