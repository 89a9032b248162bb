import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * access_log_append(): a batch of entries chained and stored in ONE statement (it was five round trips:
 * BEGIN, lock, head, INSERT, COMMIT). The application still builds each entry's documented serialisation
 * (docs/audit.md); the function takes the chain lock, reads the head, hashes
 * SHA-256(prev_hash || '\n' || serialisation) entry after entry and inserts them. A PL/pgSQL function takes a
 * new snapshot for each statement, so the head is read after the lock is held, as before. SECURITY INVOKER:
 * the caller still needs INSERT on access_log (tessera_audit_writer has it).
 */
export class AccessLogAppend1765100000000 implements MigrationInterface {
  name = 'AccessLogAppend1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION access_log_append(
        p_at timestamptz[], p_request_id text[], p_actor text[], p_roles text[], p_purpose text[], p_client text[],
        p_operation_name text[], p_query_hash text[], p_customer_ids text[], p_fields text[], p_outcome text[],
        p_serialised text[]
      ) RETURNS TABLE (entry_position bigint, entry_prev_hash text, entry_hash text)
      LANGUAGE plpgsql VOLATILE AS $fn$
      DECLARE
        head_position bigint;
        head_hash text;
        prev text;
        positions bigint[] := '{}';
        prevs text[] := '{}';
        hashes text[] := '{}';
      BEGIN
        PERFORM pg_advisory_xact_lock(7264517001);
        SELECT h.position, h.hash INTO head_position, head_hash FROM (
          (SELECT l.position, l.hash FROM access_log l ORDER BY l.position DESC LIMIT 1)
          UNION ALL
          (SELECT c.pruned_through, c.pruned_hash FROM access_log_checkpoint c WHERE c.pruned_through > 0 ORDER BY c.pruned_through DESC LIMIT 1)
        ) h ORDER BY h.position DESC LIMIT 1;
        head_position := coalesce(head_position, 0);
        prev := coalesce(head_hash, repeat('0', 64));
        FOR i IN 1 .. coalesce(array_length(p_serialised, 1), 0) LOOP
          positions := positions || (head_position + i);
          prevs := prevs || prev;
          prev := encode(sha256(convert_to(prev || E'\\n' || p_serialised[i], 'UTF8')), 'hex');
          hashes := hashes || prev;
        END LOOP;
        INSERT INTO access_log (position, at, request_id, actor, roles, purpose, client, operation_name, query_hash,
                                customer_ids, fields, outcome, prev_hash, hash)
        SELECT t.position, t.at, t.request_id, t.actor, t.roles::text[], t.purpose, t.client, t.operation_name, t.query_hash,
               t.customer_ids::uuid[], t.fields::jsonb, t.outcome, t.prev_hash, t.hash
        FROM unnest(positions, p_at, p_request_id, p_actor, p_roles, p_purpose, p_client, p_operation_name, p_query_hash,
                    p_customer_ids, p_fields, p_outcome, prevs, hashes)
          AS t(position, at, request_id, actor, roles, purpose, client, operation_name, query_hash,
               customer_ids, fields, outcome, prev_hash, hash);
        RETURN QUERY SELECT * FROM unnest(positions, prevs, hashes);
      END
      $fn$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION access_log_append(timestamptz[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[], text[])`);
  }
}
