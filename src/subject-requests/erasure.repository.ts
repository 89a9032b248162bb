import type { DataSource, EntityManager } from 'typeorm';

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
      `SELECT DISTINCT r.id::text AS id, r.source, r.entity, r.external_id AS "externalId"
       FROM source_record p JOIN source_record r ON r.person_record_id = p.id OR r.id = p.id
       WHERE p.customer_id = $1 AND p.person IS NOT NULL
       ORDER BY 1`,
      [customerId],
    );
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
