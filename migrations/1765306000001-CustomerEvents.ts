import type { MigrationInterface, QueryRunner } from 'typeorm';
import { ALL_CUSTOMER_EVENTS_SQL } from '../src/segments/customer-events-sql';

/**
 * customer_journey_event (docs/segments.md, Events): each customer's journey events keyed by the customer, written
 * with the customer's traits whenever their records change (the customer_metrics queue), so an event
 * condition is one index range scan by type and time. Existing events are projected here.
 */
export class CustomerEvents1765306000001 implements MigrationInterface {
  name = 'CustomerEvents1765306000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE customer_journey_event (
        event_id bigint PRIMARY KEY,
        customer_id uuid NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        type text NOT NULL,
        channel text NOT NULL,
        source text NOT NULL,
        occurred_at timestamptz NOT NULL
      )`);
    await q.query(ALL_CUSTOMER_EVENTS_SQL);
    // conditions: a type in a window, index-only to the customer (channel and source narrow it in the index)
    await q.query(`CREATE INDEX customer_journey_event_type_time_idx ON customer_journey_event (type, occurred_at) INCLUDE (customer_id, channel, source)`);
    await q.query(`CREATE INDEX customer_journey_event_customer_idx ON customer_journey_event (customer_id)`);
    await q.query('ANALYZE customer_journey_event');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE customer_journey_event');
  }
}
