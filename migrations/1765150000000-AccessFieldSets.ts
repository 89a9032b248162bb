import { createHash } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

const WRITER = 'tessera_audit_writer';

/** The v1 serialisation of a field map (docs/audit.md), kept here as it was so this migration never changes. */
function pairsOf(fields: Record<string, unknown>): string {
  return JSON.stringify(Object.keys(fields).sort().map((k) => [k, fields[k]]));
}

/**
 * Each distinct set of field decisions is stored once, in access_field_set, and entries name it (field_set):
 * an entry held ~2 KB of field names and fed two GIN indexes ~110 keys, for a set that repeats millions of
 * times. The hashed serialisation is unchanged (the set's pairs are part of it), so every existing hash still
 * verifies; existing entries are moved to sets here. A set's id is the SHA-256 of its pairs, so appenders in
 * any process agree on it; editing a set's content breaks the hash of every entry that names it.
 */
export class AccessFieldSets1765150000000 implements MigrationInterface {
  name = 'AccessFieldSets1765150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_field_set (
        id text PRIMARY KEY,
        fields jsonb NOT NULL,
        decisions text[] NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // append-only like the log (access_log_refuse_change reads access_log's columns, so a function of its own)
    await q.query(`
      CREATE FUNCTION access_field_set_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'access_field_set is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER access_field_set_append_only BEFORE UPDATE OR DELETE ON access_field_set FOR EACH ROW EXECUTE FUNCTION access_field_set_refuse_change()`);
    await q.query(`CREATE TRIGGER access_field_set_no_truncate BEFORE TRUNCATE ON access_field_set FOR EACH STATEMENT EXECUTE FUNCTION access_field_set_refuse_change()`);
    await q.query(`ALTER TABLE access_log ADD COLUMN field_set text`);

    const distinct: { fields: string }[] = await q.query(`SELECT DISTINCT fields::text AS fields FROM access_log`);
    for (const { fields } of distinct) {
      const parsed = JSON.parse(fields) as Record<string, unknown>;
      const pairs = pairsOf(parsed);
      const decisions = [...new Set(Object.values(parsed).map(String))].sort();
      await q.query(`INSERT INTO access_field_set (id, fields, decisions) VALUES ($1, $2::jsonb, $3) ON CONFLICT (id) DO NOTHING`, [
        createHash('sha256').update(pairs, 'utf8').digest('hex'),
        fields,
        decisions,
      ]);
    }
    if (distinct.length > 0) {
      // storage moves, hashed content does not: the one rewrite of past entries, by the owner, in this migration
      await q.query(`ALTER TABLE access_log DISABLE TRIGGER access_log_append_only`);
      await q.query(`UPDATE access_log l SET field_set = s.id FROM access_field_set s WHERE s.fields = l.fields`);
      await q.query(`ALTER TABLE access_log ENABLE TRIGGER access_log_append_only`);
    }
    await q.query(`ALTER TABLE access_log ALTER COLUMN field_set SET NOT NULL`);
    await q.query(`DROP INDEX access_log_fields_idx`);
    await q.query(`DROP INDEX access_log_decisions_idx`);
    await q.query(`ALTER TABLE access_log DROP COLUMN fields`);
    // a rare field's entries without walking the whole log
    await q.query(`CREATE INDEX access_log_field_set_idx ON access_log (field_set, position DESC)`);

    // What auditors and the API read: every entry with its fields, as before.
    await q.query(`
      CREATE VIEW access_log_with_fields AS
      SELECT l.position, l.at, l.request_id, l.actor, l.roles, l.purpose, l.client, l.operation_name, l.query_hash,
             l.customer_ids, s.fields, l.field_set, l.outcome, l.prev_hash, l.hash
      FROM access_log l LEFT JOIN access_field_set s ON s.id = l.field_set`);

    await q.query(`DROP FUNCTION access_log_append(timestamptz[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[])`);
    await q.query(`
      CREATE FUNCTION access_log_append(
        p_at timestamptz[], p_request_id text[], p_actor text[], p_roles text[], p_purpose text[], p_client text[],
        p_operation_name text[], p_query_hash text[], p_customer_ids text[], p_field_set text[], p_outcome text[],
        p_serialised text[], p_set_ids text[], p_set_fields text[], p_set_decisions text[]
      ) RETURNS TABLE (entry_position bigint, entry_prev_hash text, entry_hash text)
      LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        n int := coalesce(array_length(p_serialised, 1), 0);
        head_position bigint;
        head_hash text;
        prev text;
        prevs text[] := array_fill(NULL::text, ARRAY[n]);
        hashes text[] := array_fill(NULL::text, ARRAY[n]);
      BEGIN
        -- sets first, once each; one a concurrent appender stored is already there
        INSERT INTO access_field_set (id, fields, decisions)
        SELECT s.id, s.fields::jsonb, s.decisions::text[] FROM unnest(p_set_ids, p_set_fields, p_set_decisions) AS s(id, fields, decisions)
        ON CONFLICT (id) DO NOTHING;
        PERFORM pg_advisory_xact_lock(7264517001);
        SELECT h.position, h.hash INTO head_position, head_hash FROM (
          (SELECT l.position, l.hash FROM access_log l ORDER BY l.position DESC LIMIT 1)
          UNION ALL
          (SELECT c.pruned_through, c.pruned_hash FROM access_log_checkpoint c WHERE c.pruned_through > 0 ORDER BY c.pruned_through DESC LIMIT 1)
        ) h ORDER BY h.position DESC LIMIT 1;
        head_position := coalesce(head_position, 0);
        prev := coalesce(head_hash, repeat('0', 64));
        FOR i IN 1 .. n LOOP
          prevs[i] := prev;
          prev := encode(sha256(convert_to(prev || E'\\n' || p_serialised[i], 'UTF8')), 'hex');
          hashes[i] := prev;
        END LOOP;
        INSERT INTO access_log (position, at, request_id, actor, roles, purpose, client, operation_name, query_hash,
                                customer_ids, field_set, outcome, prev_hash, hash)
        SELECT head_position + t.i, t.at, t.request_id, t.actor, t.roles::text[], t.purpose, t.client, t.operation_name, t.query_hash,
               t.customer_ids::uuid[], t.field_set, t.outcome, t.prev_hash, t.hash
        FROM unnest(p_at, p_request_id, p_actor, p_roles, p_purpose, p_client, p_operation_name, p_query_hash,
                    p_customer_ids, p_field_set, p_outcome, prevs, hashes) WITH ORDINALITY
          AS t(at, request_id, actor, roles, purpose, client, operation_name, query_hash,
               customer_ids, field_set, outcome, prev_hash, hash, i);
        RETURN QUERY SELECT head_position + u.i, u.prev_hash, u.hash FROM unnest(prevs, hashes) WITH ORDINALITY AS u(prev_hash, hash, i);
      END
      $fn$`);

    const [role] = await q.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [WRITER]);
    if (role) {
      await q.query(`GRANT SELECT, INSERT ON access_field_set TO ${WRITER}`);
      await q.query(`GRANT SELECT ON access_log_with_fields TO ${WRITER}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION access_log_append(timestamptz[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[])`);
    await q.query(`DROP VIEW access_log_with_fields`);
    await q.query(`ALTER TABLE access_log ADD COLUMN fields jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE access_log DISABLE TRIGGER access_log_append_only`);
    await q.query(`UPDATE access_log l SET fields = s.fields FROM access_field_set s WHERE s.id = l.field_set`);
    await q.query(`ALTER TABLE access_log ENABLE TRIGGER access_log_append_only`);
    await q.query(`DROP INDEX access_log_field_set_idx`);
    await q.query(`ALTER TABLE access_log DROP COLUMN field_set`);
    await q.query(`DROP TABLE access_field_set`);
    await q.query(`DROP FUNCTION access_field_set_refuse_change()`);
    await q.query(`CREATE INDEX access_log_fields_idx ON access_log USING gin (fields)`);
    await q.query(`CREATE INDEX access_log_decisions_idx ON access_log USING gin (access_log_decisions(fields))`);
    // the one-statement appender of 1765100000000, as it was
    const { AccessLogAppend1765100000000 } = await import('./1765100000000-AccessLogAppend');
    await new AccessLogAppend1765100000000().up(q);
  }
}
