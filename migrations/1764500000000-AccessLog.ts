import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tamper-evident access log (docs/audit.md). Entries form a SHA-256 chain; checkpoints sign the head.
 * Both tables are append-only in the database as well: UPDATE, DELETE and TRUNCATE are refused by triggers,
 * except deletes made through access_log_prune(), which only removes entries a checkpoint already records
 * as pruned.
 */
export class AccessLog1764500000000 implements MigrationInterface {
  name = 'AccessLog1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // position is assigned by the appender (head + 1) under a lock, not by a sequence: a sequence leaves
    // holes on rollback, and a hole must only ever mean a deleted entry.
    await q.query(`
      CREATE TABLE access_log (
        position bigint PRIMARY KEY CHECK (position > 0),
        at timestamptz NOT NULL,
        request_id text NOT NULL,
        actor text NOT NULL,
        roles text[] NOT NULL,
        purpose text NOT NULL,
        client text,
        operation_name text,
        query_hash text,
        customer_ids uuid[] NOT NULL DEFAULT '{}',
        fields jsonb NOT NULL DEFAULT '{}',
        outcome text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL
      )`);
    // The decisions an entry took, for "denied attempts" without a field name (GIN below).
    await q.query(`
      CREATE FUNCTION access_log_decisions(fields jsonb) RETURNS text[]
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT coalesce(array_agg(DISTINCT value), '{}') FROM jsonb_each_text(fields) $$`);
    // One index per auditor filter; pages are keyset by position descending.
    await q.query(`CREATE INDEX access_log_actor_idx ON access_log (actor, position DESC)`);
    await q.query(`CREATE INDEX access_log_at_idx ON access_log (at)`);
    await q.query(`CREATE INDEX access_log_customer_idx ON access_log USING gin (customer_ids)`);
    await q.query(`CREATE INDEX access_log_fields_idx ON access_log USING gin (fields)`);
    await q.query(`CREATE INDEX access_log_decisions_idx ON access_log USING gin (access_log_decisions(fields))`);

    await q.query(`
      CREATE TABLE access_log_checkpoint (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        position bigint NOT NULL,
        head_hash text NOT NULL,
        count bigint NOT NULL,
        at timestamptz NOT NULL,
        pruned_through bigint NOT NULL DEFAULT 0,
        pruned_hash text,
        key_id text NOT NULL,
        signature text NOT NULL
      )`);
    await q.query(`CREATE INDEX access_log_checkpoint_position_idx ON access_log_checkpoint (position DESC)`);

    await q.query(`
      CREATE FUNCTION access_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'access_log'
           AND current_setting('tessera.access_log_prune', true) = 'on'
           AND OLD.position <= (SELECT coalesce(max(pruned_through), 0) FROM access_log_checkpoint) THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION '% is append-only: % refused (prune through access_log_prune())', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['access_log', 'access_log_checkpoint']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION access_log_refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION access_log_refuse_change()`);
    }

    // The only delete path: entries up to the newest checkpoint's pruned_through, which the caller wrote first.
    await q.query(`
      CREATE FUNCTION access_log_prune(through_position bigint) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        covered bigint;
        removed bigint;
      BEGIN
        SELECT coalesce(max(pruned_through), 0) INTO covered FROM access_log_checkpoint;
        IF through_position > covered THEN
          RAISE EXCEPTION 'access_log_prune(%): no checkpoint records the pruning (covered through %)', through_position, covered;
        END IF;
        PERFORM set_config('tessera.access_log_prune', 'on', true);
        DELETE FROM access_log WHERE position <= through_position;
        GET DIAGNOSTICS removed = ROW_COUNT;
        PERFORM set_config('tessera.access_log_prune', 'off', true);
        RETURN removed;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION IF EXISTS access_log_prune(bigint)`);
    await q.query(`DROP TABLE IF EXISTS access_log_checkpoint`);
    await q.query(`DROP TABLE IF EXISTS access_log`);
    await q.query(`DROP FUNCTION IF EXISTS access_log_refuse_change()`);
    await q.query(`DROP FUNCTION IF EXISTS access_log_decisions(jsonb)`);
  }
}
