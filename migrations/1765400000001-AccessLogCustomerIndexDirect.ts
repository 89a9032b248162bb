import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The GIN index on access_log.customer_ids without its pending list (fastupdate off): each append inserts its
 * own ids into the index. With the pending list, appends were cheap until the list passed 4 MB (about 130,000
 * ids: a tenth of a million-member export), then the appender that crossed it merged the whole list into the
 * index, under the chain lock, so every request waiting for its fail-closed entry waited for that merge too;
 * and every "who accessed customer X" query read the whole pending list. Measured on an export's entries
 * (bench/segments/export-log-bench.ts, 300,000 members, 3 runs each, load 5): PostgreSQL CPU 0.52–0.78 s with
 * the list, 0.45–0.63 s without. The entries already in the list are merged here.
 */
export class AccessLogCustomerIndexDirect1765400000001 implements MigrationInterface {
  name = 'AccessLogCustomerIndexDirect1765400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX access_log_customer_idx SET (fastupdate = off)`);
    await q.query(`SELECT gin_clean_pending_list('access_log_customer_idx')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER INDEX access_log_customer_idx RESET (fastupdate)`);
  }
}
