import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An absorbed customer id follows the records it stood for (src/identity/alias-follow.ts): the lineage gets
 * two kinds, `alias_moved` and `alias_dropped`. Aliases left behind by earlier splits (the old id answered
 * for the person its records had been merged into, so an erasure by that id erased the other person) are
 * repaired here with the same statement over every alias, as `system`; a later `resolve --full` does the same.
 */
export class AliasesFollowRecords1766700000700 implements MigrationInterface {
  name = 'AliasesFollowRecords1766700000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE customer_event DROP CONSTRAINT IF EXISTS customer_event_kind_check`);
    await q.query(
      `ALTER TABLE customer_event ADD CONSTRAINT customer_event_kind_check
       CHECK (kind IN ('created', 'merged', 'absorbed', 'split', 'split_from', 'linked', 'emptied', 'alias_moved', 'alias_dropped'))`,
    );
    // a copy of followAliases(em, 'all', …) as it was when this migration was written
    await q.query(
      `WITH candidate AS (SELECT a.alias_id, a.customer_id AS target FROM customer_alias a),
       absorbed AS (
         SELECT c.alias_id, c.target, max(e.at) AS at
         FROM candidate c JOIN customer_event e ON e.customer_id = c.alias_id AND e.kind = 'absorbed'
         GROUP BY c.alias_id, c.target),
       stood AS (
         SELECT x.alias_id, x.target, r.id AS record_id
         FROM absorbed x JOIN customer_event e ON e.customer_id = x.alias_id AND e.at = x.at AND e.kind IN ('absorbed', 'split')
         CROSS JOIN LATERAL unnest(e.record_ids) AS r(id)),
       placed AS (
         SELECT s.alias_id, s.target, array_agg(DISTINCT s.record_id ORDER BY s.record_id) AS records,
                array_agg(DISTINCT r.customer_id) FILTER (WHERE r.customer_id IS NOT NULL) AS customers
         FROM stood s LEFT JOIN source_record r ON r.id = s.record_id AND r.person IS NOT NULL AND r.deleted_at IS NULL
         GROUP BY s.alias_id, s.target),
       verdict AS (
         SELECT alias_id, target, records, coalesce(cardinality(customers), 0) AS places,
                CASE WHEN cardinality(customers) = 1 THEN customers[1] END AS follow
         FROM placed WHERE customers IS NULL OR cardinality(customers) <> 1 OR customers[1] <> target),
       moved AS (
         UPDATE customer_alias a SET customer_id = v.follow FROM verdict v WHERE a.alias_id = v.alias_id AND v.follow IS NOT NULL),
       dropped AS (
         DELETE FROM customer_alias a USING verdict v WHERE a.alias_id = v.alias_id AND v.follow IS NULL)
       INSERT INTO customer_event (customer_id, kind, related_customer_id, record_ids, actor, reason)
       SELECT CASE WHEN follow IS NULL THEN target ELSE alias_id END,
              CASE WHEN follow IS NULL THEN 'alias_dropped' ELSE 'alias_moved' END,
              CASE WHEN follow IS NULL THEN alias_id ELSE follow END,
              records, 'system',
              'repair (migration 1766700000700)' ||
              CASE WHEN follow IS NOT NULL THEN ': the old id follows its records'
                   WHEN places = 0 THEN ': the old id answers nothing, its records are gone'
                   ELSE ': the old id answers nothing, its records are now in ' || places || ' customers' END
       FROM verdict`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // the repaired aliases stay as they are: pointing them back would answer for the wrong person again
    await q.query(`DELETE FROM customer_event WHERE kind IN ('alias_moved', 'alias_dropped')`);
    await q.query(`ALTER TABLE customer_event DROP CONSTRAINT IF EXISTS customer_event_kind_check`);
    await q.query(
      `ALTER TABLE customer_event ADD CONSTRAINT customer_event_kind_check
       CHECK (kind IN ('created', 'merged', 'absorbed', 'split', 'split_from', 'linked', 'emptied'))`,
    );
  }
}
