import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What lets an incremental resolution find its work without reading every record (docs/identity.md,
 * "Incremental resolution"):
 * - `identity_pending`: person records whose content, personhood or deletion changed, queued by a trigger in
 *   the writing transaction (so no change can slip between a resolution's read and its commit);
 * - `source_record_unresolved_idx`: live person records without a customer (new ones, or their customer
 *   was deleted), tiny once resolved;
 * - `identity_state`: live person records resolved and customers, counted by statement triggers, and the
 *   blocking-key version of the last full run: the summary and the re-estimation check read one row;
 * - per resolved record, its normalised match record (candidates are read, not normalised again) and
 *   its phase-1 cluster (`match_key`, the smallest record id of it): what decides whether a review-band
 *   pair can ever merge anything, so the region need not follow the pairs that cannot.
 */
export class IdentityIncremental1765000000000 implements MigrationInterface {
  name = 'IdentityIncremental1765000000000';

  async up(q: QueryRunner): Promise<void> {
    // No foreign key: the resolver checks each entry against the record anyway, and a queue row must not
    // cost an erasure a cascade.
    await q.query(`
      CREATE TABLE identity_pending (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        record_id bigint NOT NULL
      )`);
    await q.query(`
      CREATE FUNCTION identity_pending_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO identity_pending (record_id) VALUES (NEW.id);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER source_record_identity_pending
      AFTER UPDATE OF person, content_hash, deleted_at ON source_record
      FOR EACH ROW
      WHEN ((OLD.person IS NOT NULL OR NEW.person IS NOT NULL)
            AND (OLD.content_hash IS DISTINCT FROM NEW.content_hash OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at
                 OR (OLD.person IS NULL) <> (NEW.person IS NULL)))
      EXECUTE FUNCTION identity_pending_enqueue()`);
    await q.query(
      `CREATE INDEX source_record_unresolved_idx ON source_record (id) WHERE customer_id IS NULL AND person IS NOT NULL AND deleted_at IS NULL`,
    );
    await q.query('ALTER TABLE identity_record ADD COLUMN match_key bigint, ADD COLUMN match_record text');
    await q.query('CREATE INDEX identity_record_match_key_idx ON identity_record (match_key)');
    await q.query(`
      CREATE TABLE identity_state (
        only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
        records bigint NOT NULL,
        customers bigint NOT NULL,
        key_version integer NOT NULL
      )`);
    await q.query(`
      INSERT INTO identity_state (records, customers, key_version)
      SELECT (SELECT count(*) FROM identity_record), (SELECT count(*) FROM customer),
             (SELECT CASE WHEN min(key_version) = max(key_version) THEN min(key_version) ELSE 0 END FROM identity_record)`);
    // TG_ARGV: the counter, and +1 / -1. TRUNCATE is not counted: the next full run recounts.
    await q.query(`
      CREATE FUNCTION identity_state_count() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        delta bigint;
      BEGIN
        SELECT count(*) * TG_ARGV[1]::int INTO delta FROM changed;
        IF delta <> 0 THEN
          UPDATE identity_state
             SET records = records + CASE WHEN TG_ARGV[0] = 'records' THEN delta ELSE 0 END,
                 customers = customers + CASE WHEN TG_ARGV[0] = 'customers' THEN delta ELSE 0 END;
        END IF;
        RETURN NULL;
      END $$`);
    for (const [table, counter] of [['identity_record', 'records'], ['customer', 'customers']] as const) {
      await q.query(`CREATE TRIGGER ${table}_counted_in AFTER INSERT ON ${table} REFERENCING NEW TABLE AS changed
                     FOR EACH STATEMENT EXECUTE FUNCTION identity_state_count('${counter}', '1')`);
      await q.query(`CREATE TRIGGER ${table}_counted_out AFTER DELETE ON ${table} REFERENCING OLD TABLE AS changed
                     FOR EACH STATEMENT EXECUTE FUNCTION identity_state_count('${counter}', '-1')`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['identity_record', 'customer']) {
      await q.query(`DROP TRIGGER IF EXISTS ${table}_counted_in ON ${table}`);
      await q.query(`DROP TRIGGER IF EXISTS ${table}_counted_out ON ${table}`);
    }
    await q.query('DROP FUNCTION IF EXISTS identity_state_count()');
    await q.query('DROP TABLE IF EXISTS identity_state');
    await q.query('ALTER TABLE identity_record DROP COLUMN IF EXISTS match_key, DROP COLUMN IF EXISTS match_record');
    await q.query('DROP INDEX IF EXISTS source_record_unresolved_idx');
    await q.query('DROP TRIGGER IF EXISTS source_record_identity_pending ON source_record');
    await q.query('DROP FUNCTION IF EXISTS identity_pending_enqueue()');
    await q.query('DROP TABLE IF EXISTS identity_pending');
  }
}
