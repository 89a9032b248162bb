import type { MigrationInterface, QueryRunner } from 'typeorm';
import { contentHash, withoutEmptyValues } from '../src/ingest/content-hash';

/**
 * Imports now store and hash a payload without its empty values (a CSV cell "", a JSON null or "": see
 * src/ingest/content-hash.ts), so a re-export with one more empty column is no change. Records stored before
 * were hashed with their empty values; left so, nearly every one would have counted as changed on its next
 * import (every contact, member and ticket of the demo holds an empty value): lastChangedAt moved, every
 * person re-resolved, every customer's traits recomputed, for records whose content did not change.
 *
 * This stores those records as an import now would: payload without empty values, hash over it. Only a
 * record whose stored hash is the one its stored payload gives is rewritten (others were not written by an
 * import as it stood, and are left alone). The content is the same, so the triggers that queue identity
 * resolution and traits for a changed hash are off for this rewrite, last_changed_at is kept, and the hash
 * identity resolution last saw (identity_record) moves along, so no person counts as changed there either.
 */
export class PayloadsWithoutEmptyValues1766600000001 implements MigrationInterface {
  name = 'PayloadsWithoutEmptyValues1766600000001';

  /** chunk: records read at a time (tests use small ones to page). */
  constructor(private readonly chunk = 5000) {}

  async up(q: QueryRunner): Promise<void> {
    // the migration runs in its own transaction: a failure puts the triggers back with everything else
    await q.query('ALTER TABLE source_record DISABLE TRIGGER source_record_metrics_update');
    await q.query('ALTER TABLE source_record DISABLE TRIGGER source_record_identity_pending');
    for (let after = '0'; ; ) {
      // id stays a bigint in SQL (pg hands it over as a string): ORDER BY a text id pages in the wrong order
      const rows: { id: string; payload: Record<string, unknown>; content_hash: string; deleted: boolean }[] = await q.query(
        `SELECT id, payload, content_hash, deleted_at IS NOT NULL AS deleted FROM source_record
         WHERE id > $1::bigint AND payload @? '$.** ? (@ == null || @ == "")' ORDER BY id LIMIT $2`,
        [after, this.chunk],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1]!.id;
      const rewrite = [];
      for (const row of rows) {
        const payload = withoutEmptyValues(row.payload);
        if (payload === row.payload || contentHash(row.payload, row.deleted) !== row.content_hash) continue;
        rewrite.push({ id: row.id, payload, old_hash: row.content_hash, content_hash: contentHash(payload, row.deleted) });
      }
      if (rewrite.length === 0) continue;
      const rewritten = JSON.stringify(rewrite);
      await q.query(
        `UPDATE source_record s SET payload = x.payload, content_hash = x.content_hash
         FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, payload jsonb, content_hash text) WHERE s.id = x.id`,
        [rewritten],
      );
      // identity resolution keeps the hash each person was resolved with: same content, so it stays current
      await q.query(
        `UPDATE identity_record s SET content_hash = x.content_hash
         FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, old_hash text, content_hash text)
         WHERE s.record_id = x.id AND s.content_hash = x.old_hash`,
        [rewritten],
      );
    }
    await q.query('ALTER TABLE source_record ENABLE TRIGGER source_record_metrics_update');
    await q.query('ALTER TABLE source_record ENABLE TRIGGER source_record_identity_pending');
  }

  async down(): Promise<void> {
    // the empty values are gone and cannot be put back; the schema is unchanged. Code from before this
    // release counts each rewritten record as changed once, on its next import.
  }
}
