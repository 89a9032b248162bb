import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Segments (docs/segments.md): definitions, the membership snapshot each refresh diffs against, and the
 * append-only log of who entered and left (what marketing tools sync from). Plus the indexes the compiled
 * conditions need at a million customers, and segment_birth_date, the SQL twin of normaliseBirthDate.
 */
export class Segments1764800000000 implements MigrationInterface {
  name = 'Segments1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE segment (
        id uuid PRIMARY KEY,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        description text NOT NULL DEFAULT '',
        definition jsonb NOT NULL,
        purpose text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        refreshed_at timestamptz,
        explanation jsonb
      )`);
    await q.query(`CREATE UNIQUE INDEX segment_active_name_idx ON segment (lower(name)) WHERE status = 'active'`);
    await q.query(`CREATE INDEX segment_list_idx ON segment (name, id)`);
    // No foreign key to customer: a customer merged away or erased must leave with a change row (trigger below).
    await q.query(`
      CREATE TABLE segment_member (
        segment_id uuid NOT NULL REFERENCES segment (id) ON DELETE CASCADE,
        customer_id uuid NOT NULL,
        entered_at timestamptz NOT NULL,
        PRIMARY KEY (segment_id, customer_id)
      )`);
    await q.query(`CREATE INDEX segment_member_customer_idx ON segment_member (customer_id)`);
    await q.query(`
      CREATE TABLE segment_change (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        segment_id uuid NOT NULL REFERENCES segment (id) ON DELETE CASCADE,
        customer_id uuid NOT NULL,
        change text NOT NULL CHECK (change IN ('entered', 'left')),
        at timestamptz NOT NULL
      )`);
    // changes(since, first, after): keyset by (at, id) within a segment.
    await q.query(`CREATE INDEX segment_change_keyset_idx ON segment_change (segment_id, at, id)`);
    await q.query(`
      CREATE FUNCTION segment_customers_removed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- the segments' row locks serialise change rows per segment, as a refresh does (ids follow commit order)
        PERFORM 1 FROM segment s
        WHERE s.id IN (SELECT m.segment_id FROM segment_member m JOIN removed r ON r.id = m.customer_id)
        ORDER BY s.id FOR UPDATE;
        WITH gone AS (
          DELETE FROM segment_member m USING removed r WHERE m.customer_id = r.id RETURNING m.segment_id, m.customer_id
        )
        INSERT INTO segment_change (segment_id, customer_id, change, at)
        SELECT segment_id, customer_id, 'left', clock_timestamp() FROM gone ORDER BY segment_id, customer_id;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER customer_segment_membership_delete AFTER DELETE ON customer
      REFERENCING OLD TABLE AS removed FOR EACH STATEMENT EXECUTE FUNCTION segment_customers_removed()`);
    await q.query(BIRTH_DATE_FUNCTION);
    await this.conditionIndexes(q);
  }

  /** What the compiled conditions read at scale (measured in bench/segments, docs/benchmarks.md). */
  private async conditionIndexes(q: QueryRunner): Promise<void> {
    // Event conditions and the fatigue rule: events of a type in a window, index-only to the record id.
    await q.query(`CREATE INDEX journey_event_type_time_idx ON journey_event (type, occurred_at) INCLUDE (record_id)`);
    // Events to customers without the heap: fact → its person record → that record's customer, index-only.
    await q.query(`CREATE INDEX source_record_live_owner_idx ON source_record (id) INCLUDE (person_record_id, customer_id) WHERE deleted_at IS NULL`);
    // Source membership and consent: live person records by kind or source, with their customer.
    await q.query(`CREATE INDEX source_record_person_entity_idx ON source_record (entity, customer_id) WHERE person IS NOT NULL AND deleted_at IS NULL`);
    await q.query(`CREATE INDEX source_record_person_source_idx ON source_record (source, customer_id) WHERE person IS NOT NULL AND deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['journey_event_type_time_idx', 'source_record_live_owner_idx', 'source_record_person_entity_idx', 'source_record_person_source_idx']) {
      await q.query(`DROP INDEX IF EXISTS ${index}`);
    }
    await q.query('DROP TRIGGER IF EXISTS customer_segment_membership_delete ON customer');
    await q.query('DROP FUNCTION IF EXISTS segment_customers_removed()');
    await q.query('DROP FUNCTION IF EXISTS segment_birth_date(text)');
    for (const table of ['segment_change', 'segment_member', 'segment']) await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}

/**
 * A birth date as normaliseBirthDate (src/identity/matching/normalise-date.ts) reads it: YYYY-MM-DD or
 * YYYY/MM/DD (a time part ignored), MM/DD/YYYY (DD/MM/YYYY when the first number cannot be a month),
 * DD.MM.YYYY; impossible dates, years before 1900 and dates without a year are null. Unlike the
 * TypeScript, a future date is kept (now() would make the function volatile); no range a segment uses
 * reaches it.
 */
const BIRTH_DATE_FUNCTION = `
  CREATE FUNCTION segment_birth_date(raw text) RETURNS date LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
  DECLARE
    t text := btrim(raw);
    m text[];
    y int;
    mo int;
    d int;
  BEGIN
    IF t IS NULL OR t = '' THEN RETURN NULL; END IF;
    m := regexp_match(t, '^(\\d{4})[-/](\\d{1,2})[-/](\\d{1,2})(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?$', 'i');
    IF m IS NOT NULL THEN
      y := m[1]; mo := m[2]; d := m[3];
    ELSE
      m := regexp_match(t, '^(\\d{1,2})/(\\d{1,2})/(\\d{4})$');
      IF m IS NOT NULL THEN
        IF m[1]::int > 12 AND m[2]::int <= 12 THEN y := m[3]; mo := m[2]; d := m[1];
        ELSE y := m[3]; mo := m[1]; d := m[2];
        END IF;
      ELSE
        m := regexp_match(t, '^(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})$');
        IF m IS NULL THEN RETURN NULL; END IF;
        y := m[3]; mo := m[2]; d := m[1];
      END IF;
    END IF;
    IF y < 1900 OR mo < 1 OR mo > 12 OR d < 1 THEN RETURN NULL; END IF;
    -- a separate test: make_date must only see a valid month
    IF d > extract(day FROM make_date(y, mo, 1) + interval '1 month - 1 day') THEN RETURN NULL; END IF;
    RETURN make_date(y, mo, d);
  END $$`;
