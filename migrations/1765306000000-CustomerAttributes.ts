import type { MigrationInterface, QueryRunner } from 'typeorm';
import { attributesUpsertSql } from '../src/segments/customer-attributes-sql';

/**
 * customer_attributes (docs/segments.md, Profile attributes): the profile attributes segment conditions
 * test, one typed row per customer, written with the customer's traits whenever their records change (the
 * customer_metrics queue). Arrays because a customer may hold several records and addresses; GIN indexes
 * for `&&` on the text lists. Existing customers are projected here, in one set-based statement.
 */
export class CustomerAttributes1765306000000 implements MigrationInterface {
  name = 'CustomerAttributes1765306000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE customer_attributes (
        customer_id uuid PRIMARY KEY REFERENCES customer (id) ON DELETE CASCADE,
        has_email boolean NOT NULL,
        has_phone boolean NOT NULL,
        countries text[] NOT NULL,
        cities text[] NOT NULL,
        postcodes text[] NOT NULL,
        birth_dates date[] NOT NULL
      )`);
    await q.query(
      attributesUpsertSql(
        '(SELECT id AS customer_id FROM customer)',
        '(SELECT customer_id, person FROM source_record WHERE customer_id IS NOT NULL AND person IS NOT NULL AND deleted_at IS NULL)',
      ),
    );
    for (const column of ['countries', 'cities', 'postcodes']) {
      await q.query(`CREATE INDEX customer_attributes_${column}_idx ON customer_attributes USING gin (${column})`);
    }
    await q.query('ANALYZE customer_attributes');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE customer_attributes');
  }
}
