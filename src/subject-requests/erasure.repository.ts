import type { DataSource, EntityManager } from 'typeorm';
import type { ErasedPerson, ModelValues } from './model-remnants';
import { RESOLUTION_LOCK_KEY } from '../identity/resolution-lock';
import { RECORDS_OF_CUSTOMER } from './records-of-customer-sql';


export interface ErasedRecord {
  id: string;
  source: string;
  entity: string;
  externalId: string;
}

/** Reads what an erasure covers, and removes it in the caller's transaction. */
export class ErasureRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Every record of the customer, deleted ones included: their person records and what those own. */
  async records(em: EntityManager, customerId: string): Promise<ErasedRecord[]> {
    return em.query(
      `SELECT r.id::text AS id, r.source, r.entity, r.external_id AS "externalId"
       FROM source_record r WHERE r.id IN (${RECORDS_OF_CUSTOMER})
       ORDER BY 1`,
      [customerId],
    );
  }

  /**
   * Waits for a resolution in progress and keeps new ones out until the erasure commits: a resolution reading
   * the person's records meanwhile would estimate a model from them (and write links to records now gone).
   * Taken first, before the erasure locks any row a resolution may wait for.
   */
  async lockResolution(em: EntityManager): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(${RESOLUTION_LOCK_KEY})`);
  }

  /** The content of the erased person records, and their stored normalisation where it is of older content. */
  async persons(em: EntityManager, recordIds: string[]): Promise<ErasedPerson[]> {
    return em.query(
      `SELECT r.id::text AS id, r.source, r.person,
              CASE WHEN s.content_hash <> r.content_hash THEN s.match_record END AS "earlierMatchRecord",
              CASE WHEN s.content_hash <> r.content_hash THEN s.key_version END AS "earlierKeyVersion"
       FROM source_record r LEFT JOIN identity_record s ON s.record_id = r.id
       WHERE r.id = ANY($1::bigint[]) AND r.person IS NOT NULL`,
      [recordIds],
    );
  }

  /**
   * Takes the erased records out of every stored model's term-frequency tables (identity_model.model.tf:
   * table → { total, counts: value → records }): each value's count drops by the erased records carrying
   * it, a value left with none is removed, and the table's total drops by what was taken. Only values a
   * model counted are touched. Scoring reads a missing value as one record (compiled-model.ts tfWeight), so
   * a value only the person held weighs as before for anyone who brings it later. Returns the models changed.
   */
  async removeFromModels(em: EntityManager, erased: ModelValues): Promise<number> {
    if (erased.values.length === 0) return 0;
    const rows: unknown[] = await em.query(
      `WITH erased AS (
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[]) AS e(tbl, value, n)
       ), models AS MATERIALIZED (
         SELECT id, model -> 'tf' AS tf FROM identity_model
       ), hits AS (
         SELECT m.id, e.tbl, e.value, e.n, (m.tf -> e.tbl -> 'counts' ->> e.value)::int AS count
         FROM models m JOIN erased e ON (m.tf -> e.tbl -> 'counts') ? e.value
       ), per_table AS (
         SELECT id, tbl,
                coalesce(array_agg(value) FILTER (WHERE count <= n), '{}') AS gone,
                coalesce(jsonb_object_agg(value, count - n) FILTER (WHERE count > n), '{}') AS left_counts,
                sum(least(count, n))::int AS taken
         FROM hits GROUP BY id, tbl
       ), new_tables AS (
         SELECT p.id, p.tbl, jsonb_build_object(
                  'total', greatest((m.tf -> p.tbl ->> 'total')::int - p.taken, 0),
                  'counts', ((m.tf -> p.tbl -> 'counts') - p.gone) || p.left_counts) AS t
         FROM per_table p JOIN models m ON m.id = p.id
       ), per_model AS (
         SELECT id, jsonb_object_agg(tbl, t) AS tables FROM new_tables GROUP BY id
       )
       UPDATE identity_model im SET model = jsonb_set(im.model, '{tf}', (im.model -> 'tf') || pm.tables), revision = im.revision + 1
       FROM per_model pm WHERE im.id = pm.id
       RETURNING im.id`,
      [erased.tables, erased.values, erased.records],
    );
    return rows.length;
  }

  /** The ids merged into the customer: they name the same person in the access log. */
  async aliases(em: EntityManager, customerId: string): Promise<string[]> {
    const rows: { id: string }[] = await em.query(`SELECT alias_id::text AS id FROM customer_alias WHERE customer_id = $1 ORDER BY 1`, [customerId]);
    return rows.map((r) => r.id);
  }

  /** The latest receipt of an erasure of this customer id, if it was erased. */
  async receiptOf(em: EntityManager, customerId: string): Promise<{ id: string; erasedAt: Date; records: number; sources: { source: string; entity: string; externalIds: string[] }[] } | null> {
    const [row] = await em.query(
      `SELECT id::text AS id, erased_at AS "erasedAt", records, sources FROM erasure_receipt WHERE customer_id = $1 ORDER BY id DESC LIMIT 1`,
      [customerId],
    );
    return row ?? null;
  }

  /**
   * The normalised identity keys (email match keys, E.164 phones, identifiers) of these records that no live
   * record outside them holds: a key shared with someone who stays (a family email) identifies them too.
   */
  async identityKeys(em: EntityManager, recordIds: string[]): Promise<{ kind: string; value: string }[]> {
    return em.query(
      `SELECT DISTINCT k.kind, k.value FROM identity_key k
       WHERE k.record_id = ANY($1::bigint[])
         AND NOT EXISTS (SELECT 1 FROM identity_key o JOIN source_record r ON r.id = o.record_id
                         WHERE o.kind = k.kind AND o.value = k.value AND r.deleted_at IS NULL AND o.record_id <> ALL($1::bigint[]))
       ORDER BY 1, 2`,
      [recordIds],
    );
  }

  /**
   * Removes the records (journey, identity keys, links and decisions go with them by cascade), the
   * customer's lineage, aliases and the customer itself. Returns the receipt id.
   */
  async erase(
    em: EntityManager,
    customerId: string,
    records: ErasedRecord[],
    receipt: { actor: string; reason: string; sources: unknown },
    suppressionHashes: string[],
  ): Promise<string> {
    const ids = records.map((r) => r.id);
    // facts first, then the person records they point to
    await em.query(`DELETE FROM source_record WHERE id = ANY($1::bigint[]) AND person IS NULL`, [ids]);
    await em.query(`DELETE FROM source_record WHERE id = ANY($1::bigint[])`, [ids]);
    await em.query(`DELETE FROM customer_event WHERE customer_id = $1 OR related_customer_id = $1`, [customerId]);
    await em.query(`DELETE FROM customer WHERE id = $1`, [customerId]); // aliases cascade
    const [{ id }] = await em.query(
      `INSERT INTO erasure_receipt (customer_id, actor, reason, sources, records) VALUES ($1, $2, $3, $4, $5) RETURNING id::text AS id`,
      [customerId, receipt.actor, receipt.reason, JSON.stringify(receipt.sources), records.length],
    );
    await em.query(
      `INSERT INTO suppression (key_hash, receipt_id) SELECT h, $2 FROM unnest($1::text[]) AS h ON CONFLICT (key_hash) DO NOTHING`,
      [suppressionHashes, id],
    );
    return id;
  }

  /** Which of these hashes are suppressed (one statement per import batch). */
  async suppressed(hashes: string[]): Promise<Set<string>> {
    if (hashes.length === 0) return new Set();
    const rows: { key_hash: string }[] = await this.dataSource.query(`SELECT key_hash FROM suppression WHERE key_hash = ANY($1::text[])`, [hashes]);
    return new Set(rows.map((r) => r.key_hash));
  }
}
