import type { DataSource } from 'typeorm';
import { blockLimit } from './engine/blocking';
import type { MatchModel } from './engine/model';
import type { StoredModel } from './resolution/estimate';
import type { Decision } from './resolution/resolve-region';
import type { PersonAttributes } from '../sources/record';

export interface PersonRow {
  id: string;
  source: string;
  person: PersonAttributes;
  customerId: string | null;
  contentHash: string;
}

interface RawPerson {
  id: string;
  source: string;
  person: PersonAttributes;
  customer_id: string | null;
  content_hash: string;
}

const PERSON_COLUMNS = 'r.id::text AS id, r.source, r.person, r.customer_id, r.content_hash';
const LIVE_PERSON = 'r.person IS NOT NULL AND r.deleted_at IS NULL';
const toPerson = (r: RawPerson): PersonRow => ({
  id: r.id,
  source: r.source,
  person: r.person,
  customerId: r.customer_id,
  contentHash: r.content_hash,
});

/** Reads what a resolution needs: person records, their resolved state, the model, decisions, regions. */
export class ResolveRepository {
  constructor(readonly dataSource: DataSource) {}

  async livePersons(): Promise<PersonRow[]> {
    const rows: RawPerson[] = await this.dataSource.query(`SELECT ${PERSON_COLUMNS} FROM source_record r WHERE ${LIVE_PERSON} ORDER BY r.id`);
    return rows.map(toPerson);
  }

  async personsByIds(ids: string[]): Promise<PersonRow[]> {
    if (ids.length === 0) return [];
    const rows: RawPerson[] = await this.dataSource.query(
      `SELECT ${PERSON_COLUMNS} FROM source_record r WHERE r.id = ANY($1::bigint[]) AND ${LIVE_PERSON} ORDER BY r.id`,
      [ids],
    );
    return rows.map(toPerson);
  }

  /** Live person records whose content (or key version) differs from what they were last resolved with. */
  async changedRecordIds(keyVersion: number): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT r.id::text AS id FROM source_record r LEFT JOIN identity_record s ON s.record_id = r.id
       WHERE ${LIVE_PERSON}
         AND (s.record_id IS NULL OR s.content_hash <> r.content_hash OR s.key_version <> $1 OR r.customer_id IS NULL)
       ORDER BY r.id`,
      [keyVersion],
    );
    return rows.map((r) => r.id);
  }

  /** Records resolved before that are no longer live persons (deleted by their source), with their customer. */
  async removedRecords(): Promise<{ id: string; customerId: string | null }[]> {
    const rows: { id: string; customer_id: string | null }[] = await this.dataSource.query(
      `SELECT r.id::text AS id, r.customer_id FROM identity_record s JOIN source_record r ON r.id = s.record_id
       WHERE r.person IS NULL OR r.deleted_at IS NOT NULL`,
    );
    return rows.map((r) => ({ id: r.id, customerId: r.customer_id }));
  }

  async latestModel(): Promise<StoredModel | undefined> {
    const [row]: { id: string; model: MatchModel; estimated: boolean; record_count: number }[] = await this.dataSource.query(
      'SELECT id::text AS id, model, estimated, record_count FROM identity_model ORDER BY id DESC LIMIT 1',
    );
    return row ? { id: row.id, model: row.model, estimated: row.estimated, recordCount: row.record_count } : undefined;
  }

  async saveModel(model: MatchModel, estimated: boolean, recordCount: number): Promise<string> {
    const [row]: { id: string }[] = await this.dataSource.query(
      'INSERT INTO identity_model (version, model, estimated, record_count) VALUES ($1, $2, $3, $4) RETURNING id::text AS id',
      [model.version, JSON.stringify(model), estimated, recordCount],
    );
    return row!.id;
  }

  /** Human decisions; with ids, only those between two of them. */
  async decisions(among?: string[]): Promise<Decision[]> {
    const rows: { a: string; b: string; kind: 'link' | 'split' }[] = among
      ? await this.dataSource.query(
          `SELECT record_a::text AS a, record_b::text AS b, kind FROM identity_decision
           WHERE record_a = ANY($1::bigint[]) AND record_b = ANY($1::bigint[])`,
          [among],
        )
      : await this.dataSource.query('SELECT record_a::text AS a, record_b::text AS b, kind FROM identity_decision');
    return rows;
  }

  /**
   * Record pairs that share a blocking key small enough to use (within the key's limit, see blockLimit,
   * in the whole population), one side among the given records (record id → its `rule:value` keys).
   */
  async blockedPairs(keys: Map<string, string[]>, maxBlockSize: number): Promise<[string, string][]> {
    const ids: string[] = [];
    const texts: string[] = [];
    const limits: number[] = [];
    for (const [id, list] of keys) {
      for (const k of list) {
        ids.push(id);
        texts.push(k);
        limits.push(blockLimit(k, maxBlockSize));
      }
    }
    if (ids.length === 0) return [];
    const rows: { a: string; b: string }[] = await this.dataSource.query(
      `WITH mine AS (SELECT DISTINCT id AS record_id, hashtextextended(k, 0) AS key_hash, lim FROM unnest($1::bigint[], $2::text[], $3::int[]) AS x(id, k, lim)),
       usable AS (
         SELECT k.key_hash FROM (SELECT DISTINCT key_hash, lim FROM mine) k
         WHERE (SELECT count(*) FROM (SELECT 1 FROM identity_block_key b WHERE b.key_hash = k.key_hash LIMIT k.lim + 1) s) <= k.lim)
       SELECT DISTINCT m.record_id::text AS a, b.record_id::text AS b
       FROM mine m JOIN usable u ON u.key_hash = m.key_hash
       JOIN identity_block_key b ON b.key_hash = m.key_hash AND b.record_id <> m.record_id`,
      [ids, texts, limits],
    );
    return rows.map((r) => [r.a, r.b]);
  }

  /** Of the given `rule:value` keys, those held by more records than their limit (see blockLimit). */
  async oversizedKeys(keys: string[], maxBlockSize: number): Promise<string[]> {
    if (keys.length === 0) return [];
    const rows: { k: string }[] = await this.dataSource.query(
      `SELECT k FROM unnest($1::text[], $2::int[]) AS x(k, lim)
       WHERE (SELECT count(*) FROM (SELECT 1 FROM identity_block_key b WHERE b.key_hash = hashtextextended(k, 0) LIMIT lim + 1) s) > lim`,
      [keys, keys.map((k) => blockLimit(k, maxBlockSize))],
    );
    return rows.map((r) => r.k);
  }

  /**
   * Records one step away from the given ones: scored pairs kept from earlier runs, human links, and
   * records of the same customer. Repeated until nothing new, it yields whole components and customers.
   */
  async neighbours(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id::text AS id FROM (
         SELECT record_b AS id FROM identity_link WHERE record_a = ANY($1::bigint[])
         UNION SELECT record_a FROM identity_link WHERE record_b = ANY($1::bigint[])
         UNION SELECT record_b FROM identity_decision WHERE record_a = ANY($1::bigint[]) AND kind = 'link'
         UNION SELECT record_a FROM identity_decision WHERE record_b = ANY($1::bigint[]) AND kind = 'link'
         UNION SELECT r2.id FROM source_record r1 JOIN source_record r2 ON r2.customer_id = r1.customer_id
               WHERE r1.id = ANY($1::bigint[]) AND r2.person IS NOT NULL AND r2.deleted_at IS NULL
       ) x WHERE NOT (id = ANY($1::bigint[]))`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  async existingCustomerIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query('SELECT id FROM customer');
    return rows.map((r) => r.id);
  }

  async totals(): Promise<{ records: number; customers: number }> {
    const [row]: { records: number; customers: number }[] = await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM source_record r WHERE ${LIVE_PERSON}) AS records, (SELECT count(*)::int FROM customer) AS customers`,
    );
    return row!;
  }

  async analyze(): Promise<void> {
    await this.dataSource.query('ANALYZE customer, customer_alias, identity_link, identity_block_key, identity_record');
  }
}
