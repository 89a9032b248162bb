import type { MigrationInterface, QueryRunner } from 'typeorm';

/** customer_metrics_hot's columns (migration 1765400000002), copied into customer_attributes. */
const COLUMNS: [string, string][] = [
  ['last_engaged_at', 'timestamptz'],
  ['last_purchase_at', 'timestamptz'],
  ['emails_sent_30d', 'integer'],
  ['purchase_count', 'integer'],
  ['recency_days', 'integer'],
  ['ticket_count', 'integer'],
  ['nps_score', 'integer'],
  ['experience_score', 'numeric(5,1)'],
  ['open_rate_30d', 'numeric(5,2)'],
  ['click_rate_30d', 'numeric(5,2)'],
  ['lifetime_value', 'numeric(14,2)'],
  ['csat', 'numeric(5,2)'],
];

/**
 * A condition mixing profile attributes and traits ("in GB or IE and experience score under 40") joined
 * customer_attributes and customer_metrics_hot on the customer id: at a million customers a hash join of a
 * 333k and a 133k set, 470–850 ms. With the hot traits copied next to the attributes it is one bitmap scan
 * of one table (about 200 ms under the same load). The copies follow customer_metrics through statement
 * triggers, as customer_metrics_hot does; a customer with traits but no attributes row gets one with empty
 * attributes, which is what a customer without person records projects to (customer-attributes-sql.ts).
 *
 * Also: birth dates. Nearly every customer has one; `birth_dates[1]` is indexed for those rows and the few
 * with several dates have their own partial index, so a birth-date or birth-year range is a BitmapOr of
 * two index scans instead of evaluating the test on every row (600–670 ms → about 200 ms, same load).
 */
export class AttributesWithHotTraits1765900000000 implements MigrationInterface {
  name = 'AttributesWithHotTraits1765900000000';

  async up(q: QueryRunner): Promise<void> {
    const names = COLUMNS.map(([c]) => c);
    const attributes = ['customer_id', 'has_email', 'has_phone', 'countries', 'cities', 'postcodes', 'birth_dates'];
    // Rebuilt rather than updated in place: an UPDATE of every row would leave the table twice its size.
    await q.query(`CREATE TABLE customer_attributes_next (LIKE customer_attributes INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
    await q.query(`ALTER TABLE customer_attributes_next ${COLUMNS.map(([c, t]) => `ADD COLUMN ${c} ${t}`).join(', ')}`);
    await q.query(`INSERT INTO customer_attributes_next (${attributes.join(', ')}, ${names.join(', ')})
      SELECT ${attributes.map((c) => `a.${c}`).join(', ')}, ${names.map((c) => `m.${c}`).join(', ')}
      FROM customer_attributes a LEFT JOIN customer_metrics m ON m.customer_id = a.customer_id`);
    await q.query('DROP TABLE customer_attributes');
    await q.query('ALTER TABLE customer_attributes_next RENAME TO customer_attributes');
    await q.query('ALTER TABLE customer_attributes ADD PRIMARY KEY (customer_id), ADD FOREIGN KEY (customer_id) REFERENCES customer (id) ON DELETE CASCADE');
    for (const column of ['countries', 'cities', 'postcodes']) {
      await q.query(`CREATE INDEX customer_attributes_${column}_idx ON customer_attributes USING gin (${column})`);
    }
    await q.query('CREATE INDEX customer_attributes_birth_date_idx ON customer_attributes ((birth_dates[1])) WHERE cardinality(birth_dates) = 1');
    await q.query('CREATE INDEX customer_attributes_birth_dates_many_idx ON customer_attributes (customer_id) WHERE cardinality(birth_dates) > 1');

    const upsert = (rows: string) => `
      INSERT INTO customer_attributes AS a (${attributes.join(', ')}, ${names.join(', ')})
      SELECT customer_id, false, false, '{}', '{}', '{}', '{}', ${names.join(', ')} FROM ${rows}
      ON CONFLICT (customer_id) DO UPDATE SET ${names.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
      WHERE (${names.map((c) => `a.${c}`).join(', ')}) IS DISTINCT FROM (${names.map((c) => `EXCLUDED.${c}`).join(', ')});`;
    const clear = `UPDATE customer_attributes a SET ${names.map((c) => `${c} = NULL`).join(', ')}`;
    await q.query(`CREATE FUNCTION customer_attributes_traits_write() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${upsert('new_rows')} RETURN NULL; END $$`);
    await q.query(`CREATE FUNCTION customer_attributes_traits_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${clear} FROM old_rows o WHERE a.customer_id = o.customer_id; RETURN NULL; END $$`);
    await q.query(`CREATE FUNCTION customer_attributes_traits_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${clear}; RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER customer_attributes_traits_insert AFTER INSERT ON customer_metrics
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_attributes_traits_write()`);
    await q.query(`CREATE TRIGGER customer_attributes_traits_update AFTER UPDATE ON customer_metrics
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_attributes_traits_write()`);
    await q.query(`CREATE TRIGGER customer_attributes_traits_delete AFTER DELETE ON customer_metrics
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_attributes_traits_delete()`);
    await q.query(`CREATE TRIGGER customer_attributes_traits_truncate AFTER TRUNCATE ON customer_metrics
      FOR EACH STATEMENT EXECUTE FUNCTION customer_attributes_traits_truncate()`);
    // customers with traits and no attributes row (none are expected) get one, as the triggers would give them
    await q.query(`${upsert('customer_metrics m WHERE NOT EXISTS (SELECT 1 FROM customer_attributes x WHERE x.customer_id = m.customer_id)')}`);
    await q.query('ANALYZE customer_attributes');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX customer_attributes_birth_dates_many_idx');
    await q.query('DROP INDEX customer_attributes_birth_date_idx');
    for (const t of ['insert', 'update', 'delete', 'truncate']) await q.query(`DROP TRIGGER customer_attributes_traits_${t} ON customer_metrics`);
    for (const f of ['write', 'delete', 'truncate']) await q.query(`DROP FUNCTION customer_attributes_traits_${f}()`);
    await q.query(`ALTER TABLE customer_attributes ${COLUMNS.map(([c]) => `DROP COLUMN ${c}`).join(', ')}`);
  }
}
