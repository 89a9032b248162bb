import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A trigram index on customer.search_text, so a search (`LIKE '%term%'`) for a rare name, email or phone reads
 * the index instead of every customer: at 491,543 customers such a search took 1.0–1.5 s, 2–5 ms with it.
 * pg_trgm is a contrib extension, trusted since PostgreSQL 13 (a database owner may create it). Where it is
 * not installed or may not be created, the step is skipped with a warning: search works, by a scan.
 */
export class CustomerSearchTrigrams1766900000100 implements MigrationInterface {
  name = 'CustomerSearchTrigrams1766900000100';

  async up(q: QueryRunner): Promise<void> {
    const [{ available }] = await q.query(`SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') AS available`);
    if (!available) return skipped(q, 'the pg_trgm extension is not installed on this server (PostgreSQL contrib)');
    // Both steps guarded: the extension may be refused, or be installed in a schema off the search path
    // (its operator class then unknown here). Either way search still works, by a scan.
    await q.query('SAVEPOINT trigrams');
    try {
      await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      await q.query('CREATE INDEX customer_search_trgm_idx ON customer USING gin (search_text gin_trgm_ops)');
    } catch (error) {
      await q.query('ROLLBACK TO SAVEPOINT trigrams');
      return skipped(q, `the migrating user may not create the pg_trgm extension or its index (${(error as Error).message})`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // the extension stays: other schemas of the database may use it
    await q.query('DROP INDEX IF EXISTS customer_search_trgm_idx');
  }
}

function skipped(q: QueryRunner, why: string): void {
  q.connection.logger.log('warn', `customer search index not created: ${why}; searches scan every customer (a DBA can run CREATE EXTENSION pg_trgm and migrations/1766900000100-CustomerSearchTrigrams.ts's index)`);
}
