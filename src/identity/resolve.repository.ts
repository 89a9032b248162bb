import type { DataSource } from 'typeorm';
import { blockLimit } from './engine/blocking';
import type { MatchModel } from './engine/model';
import type { StoredModel } from './resolution/estimate';
import type { Decision } from './resolution/resolve-region';
import type { PersonAttributes } from '../sources/record';

export interface PersonRow {
  id: string;
  source: string;
  /** null when `matchRecord` holds the record's current normalisation */
  person: PersonAttributes | null;
  customerId: string | null;
  contentHash: string;
  /** the phase-1 cluster the record was last resolved into (see resolve-region) */
  matchKey: string | null;
  /** stored normalisation (decodeMatchRecord), when it was made from this content and key version */
  matchRecord: string | null;
}

interface RawPerson {
  id: string;
  source: string;
  person: PersonAttributes | null;
  customer_id: string | null;
  content_hash: string;
  match_key: string | null;
  match_record: string | null;
}

const PERSON_COLUMNS = 'r.id::text AS id, r.source, r.person, r.customer_id, r.content_hash, s.match_key::text AS match_key, NULL AS match_record';
const LIVE_PERSON = 'r.person IS NOT NULL AND r.deleted_at IS NULL';
const toPerson = (r: RawPerson): PersonRow => ({
  id: r.id,
  source: r.source,
  person: r.person,
  customerId: r.customer_id,
  contentHash: r.content_hash,
  matchKey: r.match_key,
  matchRecord: r.match_record,
});

export interface PendingWork {
  /** identity_pending entries read: deleted when the run commits */
  queueIds: string[];
  /** live person records new or changed since they were last resolved (or without a customer) */
  changed: string[];
  /** records resolved before that are no longer live persons, with their customer */
  removed: { id: string; customerId: string | null }[];
  /** of `changed`, those never resolved before */
  added: number;
}

/** Reads what a resolution needs: person records, their resolved state, the model, decisions, regions. */
export class ResolveRepository {
  constructor(readonly dataSource: DataSource) {}

  /** Every live person record with its content (a full run normalises them all anyway). */
  async livePersons(): Promise<PersonRow[]> {
    const rows: RawPerson[] = await this.dataSource.query(
      `SELECT ${PERSON_COLUMNS} FROM source_record r LEFT JOIN identity_record s ON s.record_id = r.id WHERE ${LIVE_PERSON} ORDER BY r.id`,
    );
    return rows.map(toPerson);
  }

  /** Live person records by id; the stored normalisation instead of the content where it is current. */
  async personsByIds(ids: string[], keyVersion: number): Promise<PersonRow[]> {
    if (ids.length === 0) return [];
    const rows: RawPerson[] = await this.dataSource.query(
      `SELECT r.id::text AS id, r.source, r.customer_id, r.content_hash, s.match_key::text AS match_key,
              CASE WHEN c.current THEN s.match_record END AS match_record, CASE WHEN c.current THEN NULL ELSE r.person END AS person
       FROM source_record r LEFT JOIN identity_record s ON s.record_id = r.id
       CROSS JOIN LATERAL (SELECT coalesce(s.content_hash = r.content_hash AND s.key_version = $2 AND s.match_record IS NOT NULL, false) AS current) c
       WHERE r.id = ANY($1::bigint[]) AND ${LIVE_PERSON} ORDER BY r.id`,
      [ids, keyVersion],
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

  /**
   * The records an incremental run must look at, without reading the others: queued changes (the trigger on
   * source_record fills identity_pending) and live person records without a customer (the partial index
   * source_record_unresolved_idx), classified against what they were last resolved with.
   */
  async pendingWork(keyVersion: number): Promise<PendingWork> {
    const rows: { queue_id: string | null; record_id: string }[] = await this.dataSource.query(
      `SELECT id::text AS queue_id, record_id::text AS record_id FROM identity_pending
       UNION ALL
       SELECT NULL, r.id::text FROM source_record r WHERE r.customer_id IS NULL AND ${LIVE_PERSON}`,
    );
    const queueIds = rows.flatMap((r) => (r.queue_id === null ? [] : [r.queue_id]));
    const ids = [...new Set(rows.map((r) => r.record_id))];
    if (ids.length === 0) return { queueIds, changed: [], removed: [], added: 0 };
    // Separate from the read above: with an array of ids the plan is index lookups whatever the estimates.
    const states: { id: string; customer_id: string | null; live: boolean; known: boolean; stale: boolean }[] = await this.dataSource.query(
      `SELECT r.id::text AS id, r.customer_id, (${LIVE_PERSON}) AS live, (s.record_id IS NOT NULL) AS known,
              (s.record_id IS NULL OR s.content_hash <> r.content_hash OR s.key_version <> $2 OR r.customer_id IS NULL) AS stale
       FROM source_record r LEFT JOIN identity_record s ON s.record_id = r.id
       WHERE r.id = ANY($1::bigint[]) ORDER BY r.id`,
      [ids, keyVersion],
    );
    const changed = states.filter((s) => s.live && s.stale).map((s) => s.id);
    const removed = states.filter((s) => !s.live && s.known).map((s) => ({ id: s.id, customerId: s.customer_id }));
    return { queueIds, changed, removed, added: states.filter((s) => s.live && !s.known).length };
  }

  /** Queued change ids only (a full run finds its work by reading everything, and empties the queue). */
  async pendingQueueIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query('SELECT id::text AS id FROM identity_pending');
    return rows.map((r) => r.id);
  }

  /** Resolved live person records and customers (kept by triggers), and the key version of the last full run. */
  async state(): Promise<{ records: number; customers: number; keyVersion: number }> {
    const [row]: { records: number; customers: number; key_version: number }[] = await this.dataSource.query(
      'SELECT records::int AS records, customers::int AS customers, key_version FROM identity_state',
    );
    return row ? { records: row.records, customers: row.customers, keyVersion: row.key_version } : { records: 0, customers: 0, keyVersion: 0 };
  }

  async latestModelId(): Promise<string | undefined> {
    const [row]: { id: string }[] = await this.dataSource.query('SELECT id::text AS id FROM identity_model ORDER BY id DESC LIMIT 1');
    return row?.id;
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
   * Records one step away from the given ones: pairs kept from earlier runs that merged or could merge
   * records in the first clustering phase (a match, a refused match, a human link), human links, and
   * records of the same customer. Repeated until nothing new, it yields whole match components and
   * customers. Review-band pairs left apart are not followed: see reviewLinksTouching.
   */
  async neighbours(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows: { id: string }[] = await this.dataSource.query(
      // Materialised by primary key: were the join planned freely, stale statistics on customer_id (all
      // null when the import analysed the table) made the planner walk the whole customer index (3.8 s).
      `WITH mine AS MATERIALIZED (SELECT customer_id FROM source_record WHERE id = ANY($1::bigint[]))
       SELECT id::text AS id FROM (
         SELECT record_b AS id FROM identity_link WHERE record_a = ANY($1::bigint[]) AND decision IN ('match', 'refused', 'linked')
         UNION SELECT record_a FROM identity_link WHERE record_b = ANY($1::bigint[]) AND decision IN ('match', 'refused', 'linked')
         UNION SELECT record_b FROM identity_decision WHERE record_a = ANY($1::bigint[]) AND kind = 'link'
         UNION SELECT record_a FROM identity_decision WHERE record_b = ANY($1::bigint[]) AND kind = 'link'
         UNION SELECT r.id FROM source_record r
               WHERE r.customer_id IN (SELECT customer_id FROM mine) AND r.person IS NOT NULL AND r.deleted_at IS NULL
       ) x WHERE NOT (id = ANY($1::bigint[]))`,
      [ids],
    );
    return rows.map((r) => r.id);
  }

  /** Review-band pairs left apart with a side among the given records. */
  async reviewLinksTouching(ids: string[]): Promise<{ a: string; b: string }[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT record_a::text AS a, record_b::text AS b FROM identity_link
       WHERE decision = 'review' AND (record_a = ANY($1::bigint[]) OR record_b = ANY($1::bigint[]))`,
      [ids],
    );
  }

  /** Each given record with the records of its phase-1 cluster (itself included), as last resolved. */
  async matchClusterMates(ids: string[]): Promise<{ of: string; id: string }[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT s1.record_id::text AS of, s2.record_id::text AS id
       FROM identity_record s1 JOIN identity_record s2 ON s2.match_key = s1.match_key
       WHERE s1.record_id = ANY($1::bigint[])`,
      [ids],
    );
  }

  /** Stored pairs with both sides among the given records. */
  async linksAmong(ids: string[]): Promise<{ a: string; b: string; probability: number; decision: string }[]> {
    if (ids.length === 0) return [];
    return this.dataSource.query(
      `SELECT record_a::text AS a, record_b::text AS b, probability, decision FROM identity_link
       WHERE record_a = ANY($1::bigint[]) AND record_b = ANY($1::bigint[])`,
      [ids],
    );
  }

  /** Live person records in the customer of each given record. */
  async customerSizes(ids: string[]): Promise<Map<string, number>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; size: number }[] = await this.dataSource.query(
      `WITH mine AS MATERIALIZED (SELECT id, customer_id FROM source_record WHERE id = ANY($1::bigint[]))
       SELECT m.id::text AS id, (SELECT count(*) FROM source_record r WHERE r.customer_id = m.customer_id AND ${LIVE_PERSON})::int AS size FROM mine m`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.size]));
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
    // source_record (customer_id): the import analysed it before any record had a customer.
    await this.dataSource.query('ANALYZE customer, customer_alias, identity_link, identity_block_key, identity_record, source_record (customer_id)');
  }
}
