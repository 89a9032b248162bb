import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A data-subject export lists the person's segment entries and exits (docs/privacy.md): without an index on
 * the customer, that is a scan of the whole append-only change log per export. One btree entry per change row.
 */
export class SegmentChangeByCustomer1766700000500 implements MigrationInterface {
  name = 'SegmentChangeByCustomer1766700000500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX segment_change_customer_idx ON segment_change (customer_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX segment_change_customer_idx`);
  }
}
