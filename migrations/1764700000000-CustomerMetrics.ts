import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Computed traits per customer (docs/metrics.md): one row per customer, one typed column per scalar trait so
 * segments filter on plain columns, jsonb only for maps. customer_metrics_dirty is the work list of
 * incremental recomputes: statement-level triggers on source_record add every customer whose records (or
 * whose records' customer) changed, whatever wrote them (import, owner linking, resolution, link/split).
 */
export class CustomerMetrics1764700000000 implements MigrationInterface {
  name = 'CustomerMetrics1764700000000';

  async up(q: QueryRunner): Promise<void> {
    // Rates are percentages 0–100; money is summed as the sources state it (no FX conversion).
    await q.query(`
      CREATE TABLE customer_metrics (
        customer_id uuid PRIMARY KEY REFERENCES customer (id) ON DELETE CASCADE,
        as_of timestamptz NOT NULL,
        ticket_count integer NOT NULL DEFAULT 0,
        open_tickets integer NOT NULL DEFAULT 0,
        solved_tickets integer NOT NULL DEFAULT 0,
        csat numeric(5,2),
        csat_count integer NOT NULL DEFAULT 0,
        reopen_rate numeric(5,2),
        first_contact_resolution_rate numeric(5,2),
        avg_resolution_minutes numeric(12,1),
        last_resolution_minutes integer,
        avg_handoffs numeric(6,2),
        last_ticket_at timestamptz,
        channel_mix jsonb NOT NULL DEFAULT '{}',
        list_statuses jsonb NOT NULL DEFAULT '{}',
        subscribed_lists integer NOT NULL DEFAULT 0,
        last_engaged_at timestamptz,
        emails_sent_30d integer NOT NULL DEFAULT 0,
        open_rate_30d numeric(5,2),
        click_rate_30d numeric(5,2),
        emails_sent_90d integer NOT NULL DEFAULT 0,
        open_rate_90d numeric(5,2),
        click_rate_90d numeric(5,2),
        bounces integer NOT NULL DEFAULT 0,
        last_interaction_at timestamptz,
        lifetime_value numeric(14,2) NOT NULL DEFAULT 0,
        open_pipeline numeric(14,2) NOT NULL DEFAULT 0,
        value_currency text,
        purchase_count integer NOT NULL DEFAULT 0,
        first_purchase_at timestamptz,
        last_purchase_at timestamptz,
        recency_days integer,
        nps_score integer,
        nps_category text CHECK (nps_category IN ('promoter', 'passive', 'detractor')),
        ces_score numeric(4,1),
        experience_score numeric(5,1),
        experience_components jsonb NOT NULL DEFAULT '[]'
      )`);
    // The traits segments filter and sort on most; the rest are cheap enough to filter after these.
    for (const column of ['experience_score', 'lifetime_value', 'csat', 'last_engaged_at', 'last_purchase_at']) {
      await q.query(`CREATE INDEX customer_metrics_${column}_idx ON customer_metrics (${column})`);
    }

    await q.query(`
      CREATE TABLE customer_metrics_dirty (
        customer_id uuid PRIMARY KEY REFERENCES customer (id) ON DELETE CASCADE
      )`);
    // Customers of the changed rows: a person row's own customer (old and new), a fact's person's customer.
    // Only customers that still exist are queued; ordered inserts keep concurrent batches from deadlocking.
    const queue = (rows: string) => `
      INSERT INTO customer_metrics_dirty (customer_id)
      SELECT DISTINCT x.customer_id FROM (
        SELECT r.customer_id FROM ${rows} r WHERE r.customer_id IS NOT NULL
        UNION ALL
        SELECT p.customer_id FROM ${rows} r JOIN source_record p ON p.id = r.person_record_id WHERE p.customer_id IS NOT NULL
      ) x JOIN customer c ON c.id = x.customer_id
      ORDER BY x.customer_id
      ON CONFLICT DO NOTHING;`;
    await q.query(`
      CREATE FUNCTION customer_metrics_queue_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${queue('new_rows')} RETURN NULL; END $$`);
    await q.query(`
      CREATE FUNCTION customer_metrics_queue_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${queue('old_rows')} RETURN NULL; END $$`);
    // Updates that change nothing a trait reads (e.g. lineage only) queue nothing.
    const changed = `(SELECT n.* FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.content_hash IS DISTINCT FROM o.content_hash OR n.deleted_at IS DISTINCT FROM o.deleted_at
           OR n.customer_id IS DISTINCT FROM o.customer_id OR n.person_record_id IS DISTINCT FROM o.person_record_id
        UNION ALL
        SELECT o.* FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE o.customer_id IS DISTINCT FROM n.customer_id OR o.person_record_id IS DISTINCT FROM n.person_record_id)`;
    await q.query(`
      CREATE FUNCTION customer_metrics_queue_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN ${queue(changed)} RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER source_record_metrics_insert AFTER INSERT ON source_record
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_metrics_queue_inserted()`);
    await q.query(`CREATE TRIGGER source_record_metrics_update AFTER UPDATE ON source_record
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_metrics_queue_updated()`);
    await q.query(`CREATE TRIGGER source_record_metrics_delete AFTER DELETE ON source_record
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_metrics_queue_deleted()`);
    // Customers that exist before this migration get their traits on the next recompute.
    await q.query(`INSERT INTO customer_metrics_dirty (customer_id) SELECT id FROM customer`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER IF EXISTS source_record_metrics_${event} ON source_record`);
    for (const fn of ['inserted', 'updated', 'deleted']) await q.query(`DROP FUNCTION IF EXISTS customer_metrics_queue_${fn}()`);
    await q.query('DROP TABLE IF EXISTS customer_metrics_dirty');
    await q.query('DROP TABLE IF EXISTS customer_metrics');
  }
}
