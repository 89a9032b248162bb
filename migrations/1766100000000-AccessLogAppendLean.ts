import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AccessLogAppendIds1765400000000 } from './1765400000000-AccessLogAppendIds';

/**
 * access_log_append() skips a field set that is already stored before parsing it. Nearly every batch names
 * only sets stored long ago, yet each call parsed their JSON (jsonb_in) and decisions (array_in) only for
 * ON CONFLICT to throw the row away: about 8% of the function's CPU in a profile of 8-entry batches. And its
 * statements run with generic plans: given arrays, the plan cache chose a fresh custom plan for each of them
 * on every call (planning was 13% of the function's CPU). Same signature, same rows and hashes; the
 * application now also sends every parameter in binary.
 */
export class AccessLogAppendLean1766100000000 implements MigrationInterface {
  name = 'AccessLogAppendLean1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION access_log_append(
        p_at timestamptz[], p_request_id text[], p_actor text[], p_roles text[], p_purpose text[], p_client text[],
        p_operation_name text[], p_query_hash text[], p_customer_ids uuid[], p_ids_from int[], p_ids_count int[],
        p_field_set text[], p_outcome text[], p_serialised text[], p_set_ids text[], p_set_fields text[], p_set_decisions text[]
      ) RETURNS TABLE (entry_position bigint, entry_prev_hash text, entry_hash text)
      -- generic plans: with array arguments the plan cache kept planning its statements anew on every call
      LANGUAGE plpgsql VOLATILE SET plan_cache_mode = force_generic_plan AS $fn$
      DECLARE
        n int := coalesce(array_length(p_serialised, 1), 0);
        head_position bigint;
        head_hash text;
        prev text;
        prevs text[] := array_fill(NULL::text, ARRAY[n]);
        hashes text[] := array_fill(NULL::text, ARRAY[n]);
      BEGIN
        -- sets first, once each. A set already stored (nearly every batch) is skipped before its JSON and
        -- decisions are parsed; one a concurrent appender stores meanwhile is caught by ON CONFLICT.
        INSERT INTO access_field_set (id, fields, decisions)
        SELECT s.id, s.fields::jsonb, s.decisions::text[] FROM unnest(p_set_ids, p_set_fields, p_set_decisions) AS s(id, fields, decisions)
        WHERE NOT EXISTS (SELECT FROM access_field_set f WHERE f.id = s.id)
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
    // the body of 1765400000000, which creates it anew
    await new AccessLogAppendIds1765400000000().down(q);
    await new AccessLogAppendIds1765400000000().up(q);
  }
}
