import type { MigrationInterface, QueryRunner } from 'typeorm';

// The customers of inserted or deleted rows: a person row's own, a fact's person's; only those that still exist.
const queue = (rows: string) => `
  INSERT INTO customer_metrics_dirty (customer_id)
  SELECT x.customer_id FROM (
    SELECT r.customer_id FROM ${rows} r WHERE r.customer_id IS NOT NULL
    UNION
    SELECT p.customer_id FROM ${rows} r JOIN source_record p ON p.id = r.person_record_id WHERE p.customer_id IS NOT NULL
  ) x
  -- planned per statement: a few rows probe customer by its key, many hash it
  JOIN customer c ON c.id = x.customer_id
  ORDER BY x.customer_id
  ON CONFLICT DO NOTHING`;

/** As session 6 did for the update trigger (1766400000000), for the insert and delete triggers. */
const PLANNED_PER_STATEMENT = (fn: string, rows: string) => `
  CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $fn$
  BEGIN
    -- EXECUTE: planned for this statement's transition table, never a plan cached for another size
    EXECUTE $q$ ${queue(rows)} $q$;
    RETURN NULL;
  END $fn$`;

/** The definitions of 1764700000000, for down(). */
const CACHED = (fn: string, rows: string) => `
  CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO customer_metrics_dirty (customer_id)
    SELECT DISTINCT x.customer_id FROM (
      SELECT r.customer_id FROM ${rows} r WHERE r.customer_id IS NOT NULL
      UNION ALL
      SELECT p.customer_id FROM ${rows} r JOIN source_record p ON p.id = r.person_record_id WHERE p.customer_id IS NOT NULL
    ) x JOIN customer c ON c.id = x.customer_id
    ORDER BY x.customer_id
    ON CONFLICT DO NOTHING; RETURN NULL; END $$`;

/**
 * customer_metrics_queue_inserted / _deleted run their query through EXECUTE, planned per statement with the
 * real size of the transition table. PL/pgSQL kept the plan of a session's first call: after a 10,000-row
 * insert, each later insert on that connection, one row included, hashed the whole customer table (a 1-row
 * insert: 21 ms of trigger at 105,508 customers, about 200 ms at a million; auto_explain). Planned per
 * statement the 1-row case probes one customer (0.16 ms on that store), and a 10,000-row insert still hashes.
 */
export class MetricsQueueInsertDeletePlannedPerStatement1766800000000 implements MigrationInterface {
  name = 'MetricsQueueInsertDeletePlannedPerStatement1766800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(PLANNED_PER_STATEMENT('customer_metrics_queue_inserted', 'new_rows'));
    await q.query(PLANNED_PER_STATEMENT('customer_metrics_queue_deleted', 'old_rows'));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(CACHED('customer_metrics_queue_inserted', 'new_rows'));
    await q.query(CACHED('customer_metrics_queue_deleted', 'old_rows'));
  }
}
