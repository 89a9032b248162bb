import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The source-record store with lineage, the customer graph and the import log.
 * Every record of every source lives in source_record (raw payload + canonical data);
 * person records carry the customer id, facts point at their person record.
 */
export class InitialSchema1764100000000 implements MigrationInterface {
  name = 'InitialSchema1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE import_run (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source text NOT NULL,
        format text NOT NULL,
        location text NOT NULL,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'succeeded', 'failed')),
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        inserted integer NOT NULL DEFAULT 0,
        updated integer NOT NULL DEFAULT 0,
        unchanged integer NOT NULL DEFAULT 0,
        deleted integer NOT NULL DEFAULT 0,
        rejected integer NOT NULL DEFAULT 0,
        error text
      )`);
    await q.query(`
      CREATE TABLE import_rejection (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        import_run_id bigint NOT NULL REFERENCES import_run (id) ON DELETE CASCADE,
        file text NOT NULL,
        line integer NOT NULL,
        reason text NOT NULL
      )`);
    await q.query(`CREATE INDEX import_rejection_run_idx ON import_rejection (import_run_id)`);
    await q.query(`
      CREATE TABLE customer (
        id uuid PRIMARY KEY,
        display_name text NOT NULL DEFAULT '',
        search_text text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Keyset order of the customers connection.
    await q.query(`CREATE INDEX customer_display_name_idx ON customer (display_name, id)`);
    await q.query(`
      CREATE TABLE customer_alias (
        alias_id uuid PRIMARY KEY,
        customer_id uuid NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        reason text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX customer_alias_customer_idx ON customer_alias (customer_id)`);
    await q.query(`
      CREATE TABLE source_record (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source text NOT NULL,
        entity text NOT NULL,
        external_id text NOT NULL,
        payload jsonb NOT NULL,
        data jsonb NOT NULL,
        person jsonb,
        quality jsonb NOT NULL DEFAULT '[]',
        content_hash text NOT NULL,
        owner_entity text,
        owner_external_id text,
        person_record_id bigint REFERENCES source_record (id) ON DELETE SET NULL,
        customer_id uuid REFERENCES customer (id) ON DELETE SET NULL,
        source_changed_at timestamptz,
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_changed_at timestamptz NOT NULL DEFAULT now(),
        deleted_at timestamptz,
        import_run_id bigint REFERENCES import_run (id) ON DELETE SET NULL,
        CONSTRAINT source_record_natural_key UNIQUE (source, entity, external_id)
      )`);
    await q.query(`CREATE INDEX source_record_customer_idx ON source_record (customer_id) WHERE customer_id IS NOT NULL`);
    await q.query(`CREATE INDEX source_record_person_idx ON source_record (person_record_id) WHERE person_record_id IS NOT NULL`);
    await q.query(
      `CREATE INDEX source_record_owner_idx ON source_record (source, owner_entity, owner_external_id) WHERE owner_external_id IS NOT NULL`,
    );
    // Facts still waiting for their owner (imported before it): the linker's work list.
    await q.query(
      `CREATE INDEX source_record_unlinked_idx ON source_record (source) WHERE owner_external_id IS NOT NULL AND person_record_id IS NULL`,
    );
    await q.query(
      `CREATE INDEX source_record_opportunity_account_idx ON source_record (source, (data ->> 'accountId')) WHERE entity = 'opportunity'`,
    );
    await q.query(`
      CREATE TABLE identity_key (
        record_id bigint NOT NULL REFERENCES source_record (id) ON DELETE CASCADE,
        kind text NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (record_id, kind, value)
      )`);
    await q.query(`CREATE INDEX identity_key_value_idx ON identity_key (kind, value)`);
    await q.query(`
      CREATE TABLE journey_event (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        record_id bigint NOT NULL REFERENCES source_record (id) ON DELETE CASCADE,
        occurred_at timestamptz NOT NULL,
        type text NOT NULL,
        channel text NOT NULL,
        source text NOT NULL,
        summary text NOT NULL,
        attributes jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX journey_event_record_idx ON journey_event (record_id, occurred_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['journey_event', 'identity_key', 'source_record', 'customer_alias', 'customer', 'import_rejection', 'import_run']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
