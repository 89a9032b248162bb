import type { MigrationInterface, QueryRunner } from 'typeorm';
import { MetricsQueueUpdateSetBased1766000000001 } from './1766000000001-MetricsQueueUpdateSetBased';

/**
 * customer_metrics_queue_updated runs its query through EXECUTE, so it is planned for each statement with the
 * real sizes of its transition tables. PL/pgSQL kept the plan of a session's first call: an import's first
 * upsert fires the UPDATE trigger with empty transition tables (ON CONFLICT that updates nothing), the plan
 * joined new_rows to old_rows by nested loop for the 1 row it expected, and the session kept it. The next big
 * UPDATE on that connection went quadratic: linkOwners linking 40,000 interactions compared 1.6 billion row
 * pairs, rereading a spilled tuplestore (802 s of an 806 s statement, auto_explain). Planned per statement the
 * same UPDATE takes 4.4 s; planning costs about a millisecond per statement.
 */
export class MetricsQueueUpdatePlannedPerStatement1766400000000 implements MigrationInterface {
  name = 'MetricsQueueUpdatePlannedPerStatement1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION customer_metrics_queue_updated() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        -- EXECUTE: planned for this statement's transition tables, never a plan cached for another size
        EXECUTE $q$
          WITH changed AS MATERIALIZED (
            SELECT n.id, n.customer_id AS new_customer, o.customer_id AS old_customer,
                   n.person_record_id AS new_person, o.person_record_id AS old_person
            FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.content_hash IS DISTINCT FROM o.content_hash OR n.deleted_at IS DISTINCT FROM o.deleted_at
               OR n.customer_id IS DISTINCT FROM o.customer_id OR n.person_record_id IS DISTINCT FROM o.person_record_id),
          -- the new version of every changed row; the old one where its customer or person record moved
          versions AS (
            SELECT id, new_customer AS customer_id, new_person AS person_record_id FROM changed
            UNION ALL
            SELECT id, old_customer, old_person FROM changed
            WHERE old_customer IS DISTINCT FROM new_customer OR old_person IS DISTINCT FROM new_person),
          ids AS MATERIALIZED (
            SELECT customer_id FROM versions WHERE customer_id IS NOT NULL
            UNION
            SELECT (SELECT p.customer_id FROM source_record p WHERE p.id = v.person_record_id) FROM versions v
            WHERE v.person_record_id <> v.id)
          INSERT INTO customer_metrics_dirty (customer_id)
          SELECT customer_id FROM ids
          -- a probe per customer: a join hashed the whole customer table for every batch
          WHERE (SELECT true FROM customer c WHERE c.id = ids.customer_id)
          ORDER BY customer_id
          ON CONFLICT DO NOTHING $q$;
        RETURN NULL;
      END $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await new MetricsQueueUpdateSetBased1766000000001().up(q);
  }
}
