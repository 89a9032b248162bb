import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * access_log_append() with the batch's customer ids as ONE uuid[] (every id of every entry, in entry order,
 * with each entry's first index and count) instead of one array literal per entry. The application sends
 * that array and the serialisations in PostgreSQL's binary array format (src/audit/pg-array.ts): the server
 * copies 16 bytes per id instead of parsing the literal twice (the text[] around it, then each element as
 * uuid[]), and node-postgres no longer escapes 37 KB per 1,000-customer entry. Chaining, hashing, the lock and
 * what is stored are unchanged (the same rows, the same hashes). The function of 1765150000000 stays, for an
 * older application during a rolling deploy.
 */
export class AccessLogAppendIds1765400000000 implements MigrationInterface {
  name = 'AccessLogAppendIds1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION access_log_append(
        p_at timestamptz[], p_request_id text[], p_actor text[], p_roles text[], p_purpose text[], p_client text[],
        p_operation_name text[], p_query_hash text[], p_customer_ids uuid[], p_ids_from int[], p_ids_count int[],
        p_field_set text[], p_outcome text[], p_serialised text[], p_set_ids text[], p_set_fields text[], p_set_decisions text[]
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
               -- a slice of a fixed-width array without nulls is found by offset, not by walking it
               coalesce(p_customer_ids[t.ids_from : t.ids_from + t.ids_count - 1], '{}'::uuid[]),
               t.field_set, t.outcome, t.prev_hash, t.hash
        FROM unnest(p_at, p_request_id, p_actor, p_roles, p_purpose, p_client, p_operation_name, p_query_hash,
                    p_ids_from, p_ids_count, p_field_set, p_outcome, prevs, hashes) WITH ORDINALITY
          AS t(at, request_id, actor, roles, purpose, client, operation_name, query_hash,
               ids_from, ids_count, field_set, outcome, prev_hash, hash, i);
        RETURN QUERY SELECT head_position + u.i, u.prev_hash, u.hash FROM unnest(prevs, hashes) WITH ORDINALITY AS u(prev_hash, hash, i);
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION access_log_append(timestamptz[], text[], text[], text[], text[], text[], text[], text[], uuid[], int[], int[], text[], text[], text[], text[], text[], text[])`);
  }
}
