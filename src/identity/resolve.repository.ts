import type { DataSource, EntityManager } from 'typeorm';
import { blockLimit } from './engine/blocking';
import type { MatchModel } from './engine/model';
import type { ModelStamp } from './model-cache';
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

const LIVE_PERSON = 'r.person IS NOT NULL AND r.deleted_at IS NULL';
/** After `source_record r LEFT JOIN identity_record s`: c.current when s holds the record's normalisation for this content and key version. */
const current = (keyVersion: string) =>
  `CROSS JOIN LATERAL (SELECT coalesce(s.content_hash = r.content_hash AND s.key_version = ${keyVersion} AND s.match_record IS NOT NULL, false) AS current) c`;
/** A PersonRow with the stored normalisation instead of the content where it is current. */
const CURRENT_PERSON_COLUMNS = `r.id::text AS id, r.source, r.customer_id, r.content_hash, s.match_key::text AS match_key,
  CASE WHEN c.current THEN s.match_record END AS match_record, CASE WHEN c.current THEN NULL ELSE r.person END AS person`;
const toPerson = (r: RawPerson): PersonRow => ({
  id: r.id,
  source: r.source,
  person: r.person,
  customerId: r.customer_id,
  contentHash: r.content_hash,
  matchKey: r.match_key,
  matchRecord: r.match_record,
});

export interface RegionContext {
  oversized: string[];
  decisions: Decision[];
  crossing: { inside: string; outside: string }[];
  /** outside record → its phase-1 cluster (record ids, itself included) */
  outsideCluster: Map<string, string[]>;
  /** stored pairs in the band or above, not split, between those clusters and the region */
  strong: [string, string][];
  /** outside record → live person records of its customer */
  customerSize: Map<string, number>;
}

interface RawContext {
  oversized: string[];
  decisions: [string, string, 'link' | 'split'][];
  crossing: [string, string, boolean][];
  mates: [string, string][];
  strong: [string, string][];
  sizes: [string, number | string][];
}

function groupBy(pairs: [string, string][]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of pairs) (out.get(key) ?? out.set(key, []).get(key)!).push(value);
  return out;
}

/** The latest model's id and revision as one JSON value (null when there is none); ordered by the bigint id. */
const LATEST_MODEL_STAMP = `SELECT json_build_object('id', m.id::text, 'revision', m.revision) FROM identity_model m ORDER BY m.id DESC LIMIT 1`;

export interface ResolutionStatus {
  /** the latest stored model's id and revision (model-cache.ts), none before the first run */
  model: ModelStamp | undefined;
  records: number;
  customers: number;
  keyVersion: number;
  /** identity_pending entries read: deleted when the run commits */
  queueIds: string[];
  /** records queued or without a customer: what pendingWork classifies */
  candidates: string[];
}

export interface PendingWork {
  /** live person records new or changed since they were last resolved (or without a customer), with their content */
  changed: PersonRow[];
  /** records resolved before that are no longer live persons, with their customer */
  removed: { id: string; customerId: string | null }[];
  /** of `changed`, those never resolved before */
  added: number;
}

/** Reads what a resolution needs: person records, their resolved state, the model, decisions, regions. */
export class ResolveRepository {
  constructor(
    readonly dataSource: DataSource,
    private readonly db: Pick<EntityManager, 'query'> = dataSource,
  ) {}

  /** The same reads inside a transaction (a resolution runs in one). */
  within(em: EntityManager): ResolveRepository {
    return new ResolveRepository(this.dataSource, em);
  }

  /** Every live person record: its stored normalisation where current, else its content. */
  async livePersons(keyVersion: number): Promise<PersonRow[]> {
    const rows: RawPerson[] = await this.db.query(
      `SELECT ${CURRENT_PERSON_COLUMNS} FROM source_record r LEFT JOIN identity_record s ON s.record_id = r.id ${current('$1')}
       WHERE ${LIVE_PERSON} ORDER BY r.id`,
      [keyVersion],
    );
    return rows.map(toPerson);
  }

  /** Records resolved before that are no longer live persons (deleted by their source), with their customer. */
  async removedRecords(): Promise<{ id: string; customerId: string | null }[]> {
    const rows: { id: string; customer_id: string | null }[] = await this.db.query(
      `SELECT r.id::text AS id, r.customer_id FROM identity_record s JOIN source_record r ON r.id = s.record_id
       WHERE r.person IS NULL OR r.deleted_at IS NOT NULL`,
    );
    return rows.map((r) => ({ id: r.id, customerId: r.customer_id }));
  }

  /**
   * What there is to do, in one statement: the latest model, the counts and key version (identity_state),
   * the queued changes (the trigger on source_record fills identity_pending) and the live person records
   * without a customer (partial index source_record_unresolved_idx). Nothing here reads every record.
   */
  async status(): Promise<ResolutionStatus> {
    const [row]: {
      model: ModelStamp | null;
      records: number | null;
      customers: number | null;
      key_version: number | null;
      queue_ids: string[];
      queued: string[];
      unresolved: string[];
    }[] = await this.db.query(
      `SELECT (${LATEST_MODEL_STAMP}) AS model,
              st.records::int AS records, st.customers::int AS customers, st.key_version,
              ARRAY(SELECT id::text FROM identity_pending) AS queue_ids,
              ARRAY(SELECT DISTINCT record_id::text FROM identity_pending) AS queued,
              ARRAY(SELECT r.id::text FROM source_record r WHERE r.customer_id IS NULL AND ${LIVE_PERSON}) AS unresolved
       FROM (SELECT 1) one LEFT JOIN identity_state st ON true`,
    );
    return {
      model: row!.model ?? undefined,
      records: row!.records ?? 0,
      customers: row!.customers ?? 0,
      keyVersion: row!.key_version ?? 0,
      queueIds: row!.queue_ids,
      candidates: [...new Set([...row!.queued, ...row!.unresolved])],
    };
  }

  /**
   * The candidates of `status()` classified against what they were last resolved with; the changed ones
   * come with their content. With an array of ids the plan is index lookups whatever the estimates.
   */
  async pendingWork(candidates: string[], keyVersion: number): Promise<PendingWork> {
    if (candidates.length === 0) return { changed: [], removed: [], added: 0 };
    const rows: (RawPerson & { live: boolean; known: boolean; stale: boolean })[] = await this.db.query(
      `SELECT r.id::text AS id, r.source, r.customer_id, r.content_hash, s.match_key::text AS match_key, NULL AS match_record,
              x.live, (s.record_id IS NOT NULL) AS known, x.stale, CASE WHEN x.live AND x.stale THEN r.person END AS person
       FROM source_record r LEFT JOIN identity_record s ON s.record_id = r.id
       CROSS JOIN LATERAL (SELECT (${LIVE_PERSON}) AS live,
         (s.record_id IS NULL OR s.content_hash <> r.content_hash OR s.key_version <> $2 OR r.customer_id IS NULL) AS stale) x
       WHERE r.id = ANY($1::bigint[]) ORDER BY r.id`,
      [candidates, keyVersion],
    );
    return {
      changed: rows.filter((r) => r.live && r.stale).map(toPerson),
      removed: rows.filter((r) => !r.live && r.known).map((r) => ({ id: r.id, customerId: r.customer_id })),
      added: rows.filter((r) => r.live && !r.known).length,
    };
  }

  /** Resolved live person records and customers (kept by triggers), and the key version of the last full run. */
  async state(): Promise<{ records: number; customers: number; keyVersion: number }> {
    const [row]: { records: number; customers: number; key_version: number }[] = await this.db.query(
      'SELECT records::int AS records, customers::int AS customers, key_version FROM identity_state',
    );
    return row ? { records: row.records, customers: row.customers, keyVersion: row.key_version } : { records: 0, customers: 0, keyVersion: 0 };
  }

  /** Pairs waiting for a human decision (the review queue), from its partial index. */
  async reviewQueueSize(): Promise<number> {
    const [row]: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM identity_link WHERE decision = 'review'`);
    return row?.n ?? 0;
  }

  /** The latest stored model, read whole (megabytes at 10^6 records): ModelCache reads it once per stamp. */
  async latestModel(): Promise<StoredModel | undefined> {
    // ordered by m.id, the bigint: `ORDER BY id` would sort the text column of that name, and model 9 would outrank 10
    const [row]: { id: string; model: MatchModel; estimated: boolean; record_count: number; revision: number }[] = await this.db.query(
      'SELECT m.id::text AS id, m.model, m.estimated, m.record_count, m.revision FROM identity_model m ORDER BY m.id DESC LIMIT 1',
    );
    return row ? { id: row.id, model: row.model, estimated: row.estimated, recordCount: row.record_count, revision: row.revision } : undefined;
  }

  /** Which model is the latest, without reading it. */
  async latestModelStamp(): Promise<ModelStamp | undefined> {
    const [row]: { model: ModelStamp | null }[] = await this.db.query(`SELECT (${LATEST_MODEL_STAMP}) AS model`);
    return row?.model ?? undefined;
  }

  async saveModel(model: MatchModel, estimated: boolean, recordCount: number): Promise<string> {
    const [row]: { id: string }[] = await this.db.query(
      'INSERT INTO identity_model (version, model, estimated, record_count) VALUES ($1, $2, $3, $4) RETURNING id::text AS id',
      [model.version, JSON.stringify(model), estimated, recordCount],
    );
    return row!.id;
  }

  /** Every human decision (a full run; an incremental one reads those inside its region with regionContext). */
  async decisions(): Promise<Decision[]> {
    return this.db.query('SELECT record_a::text AS a, record_b::text AS b, kind FROM identity_decision');
  }

  /** The stored normalisation of records (what their stored blocking keys were made from), at this key version. */
  async storedMatchRecords(ids: string[], keyVersion: number): Promise<{ id: string; source: string; matchRecord: string }[]> {
    if (ids.length === 0) return [];
    const rows: { id: string; source: string; match_record: string }[] = await this.db.query(
      `SELECT s.record_id::text AS id, r.source, s.match_record FROM identity_record s JOIN source_record r ON r.id = s.record_id
       WHERE s.record_id = ANY($1::bigint[]) AND s.key_version = $2 AND s.match_record IS NOT NULL`,
      [ids, keyVersion],
    );
    return rows.map((r) => ({ id: r.id, source: r.source, matchRecord: r.match_record }));
  }

  /**
   * The members of the blocks whose usability (size within its limit) the last key writes changed: each key
   * with its limit and the change in its size (records gained minus lost). Counting stops past limit + change.
   */
  async membersOfFlippedBlocks(keys: string[], limits: number[], deltas: number[]): Promise<string[]> {
    if (keys.length === 0) return [];
    // `sized` is materialized: inlined, each key's count ran twice, once per side of the comparison in `flipped`
    const rows: { id: string }[] = await this.db.query(
      `WITH x AS (SELECT hashtextextended(k, 0) AS h, lim, d FROM unnest($1::text[], $2::int[], $3::int[]) AS x(k, lim, d)),
       sized AS MATERIALIZED (SELECT x.*, (SELECT count(*) FROM (SELECT 1 FROM identity_block_key b WHERE b.key_hash = x.h LIMIT x.lim + abs(x.d) + 1) s)::int AS after FROM x),
       flipped AS (SELECT h FROM sized WHERE (after <= lim) <> (after - d <= lim))
       SELECT DISTINCT b.record_id::text AS id FROM flipped f JOIN identity_block_key b ON b.key_hash = f.h`,
      [keys, limits, deltas],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Record pairs that share a blocking key small enough to use (within the key's limit, see blockLimit,
   * in the whole population), one side among the given records (record id → its `rule:value` keys), and
   * the other side's live person record (its stored normalisation where current, else its content).
   */
  async blockedPairs(keys: Map<string, string[]>, maxBlockSize: number, keyVersion: number): Promise<{ pairs: [string, string][]; rows: PersonRow[] }> {
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
    if (ids.length === 0) return { pairs: [], rows: [] };
    const rows: (RawPerson & { a: string })[] = await this.db.query(
      `WITH mine AS (SELECT DISTINCT id AS record_id, hashtextextended(k, 0) AS key_hash, lim FROM unnest($1::bigint[], $2::text[], $3::int[]) AS x(id, k, lim)),
       usable AS (
         SELECT k.key_hash FROM (SELECT DISTINCT key_hash, lim FROM mine) k
         WHERE (SELECT count(*) FROM (SELECT 1 FROM identity_block_key b WHERE b.key_hash = k.key_hash LIMIT k.lim + 1) s) <= k.lim),
       pairs AS (
         SELECT DISTINCT m.record_id AS a, b.record_id AS b
         FROM mine m JOIN usable u ON u.key_hash = m.key_hash
         JOIN identity_block_key b ON b.key_hash = m.key_hash AND b.record_id <> m.record_id)
       SELECT p.a::text AS a, ${CURRENT_PERSON_COLUMNS}
       FROM pairs p JOIN source_record r ON r.id = p.b LEFT JOIN identity_record s ON s.record_id = r.id ${current('$4')}
       WHERE ${LIVE_PERSON}`,
      [ids, texts, limits, keyVersion],
    );
    const seen = new Map<string, PersonRow>();
    for (const r of rows) if (!seen.has(r.id)) seen.set(r.id, toPerson(r));
    return { pairs: rows.map((r) => [r.a, r.id]), rows: [...seen.values()] };
  }

  /**
   * The frontier and every record it reaches through customers, pairs that merged or could merge records
   * in the first clustering phase (a match, a refused match, a human link) and human link decisions, except
   * the `known` records; with the live ones read as blockedPairs reads them. Review-band pairs left apart
   * are not followed: see regionContext. One statement (a recursive walk by primary keys and indexes).
   */
  async closure(frontier: string[], known: string[], keyVersion: number): Promise<{ ids: string[]; rows: PersonRow[] }> {
    if (frontier.length === 0) return { ids: [], rows: [] };
    const rows: (RawPerson & { region_id: string })[] = await this.db.query(
      `WITH RECURSIVE region(id) AS (
         SELECT unnest($1::bigint[])
         UNION
         SELECT n.id FROM region g CROSS JOIN LATERAL (
           SELECT l.record_b AS id FROM identity_link l WHERE l.record_a = g.id AND l.decision IN ('match', 'refused', 'linked')
           UNION ALL SELECT l.record_a FROM identity_link l WHERE l.record_b = g.id AND l.decision IN ('match', 'refused', 'linked')
           UNION ALL SELECT d.record_b FROM identity_decision d WHERE d.record_a = g.id AND d.kind = 'link'
           UNION ALL SELECT d.record_a FROM identity_decision d WHERE d.record_b = g.id AND d.kind = 'link'
           UNION ALL SELECT m.id FROM source_record o JOIN source_record m ON m.customer_id = o.customer_id
             WHERE o.id = g.id AND m.person IS NOT NULL AND m.deleted_at IS NULL
         ) n WHERE NOT (n.id = ANY($2::bigint[])))
       SELECT g.id::text AS region_id, ${CURRENT_PERSON_COLUMNS}
       FROM region g LEFT JOIN source_record r ON r.id = g.id AND ${LIVE_PERSON}
       LEFT JOIN identity_record s ON s.record_id = r.id ${current('$3')}`,
      [frontier, known, keyVersion],
    );
    return { ids: rows.map((r) => r.region_id), rows: rows.filter((r) => r.id !== null).map(toPerson) };
  }

  /**
   * What clustering a region needs besides its records, in one statement: which of the given shared
   * `rule:value` keys are too large in the whole population (see blockLimit), the human decisions inside
   * it, and for the review-band pairs that cross its edge (except those of the touched records, which are
   * stale): the phase-1 cluster each outside record was last resolved into, the stored band-or-above pairs
   * (not split) between those clusters and the region, and each outside record's customer size.
   */
  async regionContext(region: string[], touched: string[], keys: string[], limits: number[], reviewThreshold: number): Promise<RegionContext> {
    const [row]: RawContext[] = await this.db.query(
      `WITH crossing AS MATERIALIZED (
         SELECT l.record_a AS a, l.record_b AS b, l.record_a = ANY($1::bigint[]) AS a_inside FROM identity_link l
         WHERE l.decision = 'review' AND (l.record_a = ANY($1::bigint[]) OR l.record_b = ANY($1::bigint[]))
           AND NOT (l.record_a = ANY($1::bigint[]) AND l.record_b = ANY($1::bigint[]))
           AND NOT (l.record_a = ANY($2::bigint[]) OR l.record_b = ANY($2::bigint[]))),
       outside AS MATERIALIZED (SELECT DISTINCT CASE WHEN a_inside THEN b ELSE a END AS y FROM crossing),
       mates AS MATERIALIZED (
         SELECT o.y, s2.record_id AS id FROM outside o
         JOIN identity_record s1 ON s1.record_id = o.y JOIN identity_record s2 ON s2.match_key = s1.match_key),
       strong AS (
         SELECT l.record_a AS a, l.record_b AS b, l.probability, l.decision FROM mates m JOIN identity_link l ON l.record_a = m.id WHERE l.record_b = ANY($1::bigint[])
         UNION ALL
         SELECT l.record_a, l.record_b, l.probability, l.decision FROM mates m JOIN identity_link l ON l.record_b = m.id WHERE l.record_a = ANY($1::bigint[]))
       SELECT
         ARRAY(SELECT k FROM unnest($3::text[], $4::int[]) AS x(k, lim)
               WHERE (SELECT count(*) FROM (SELECT 1 FROM identity_block_key b WHERE b.key_hash = hashtextextended(k, 0) LIMIT lim + 1) s) > lim) AS oversized,
         (SELECT coalesce(json_agg(json_build_array(d.record_a::text, d.record_b::text, d.kind)), '[]') FROM identity_decision d
          WHERE d.record_a = ANY($1::bigint[]) AND d.record_b = ANY($1::bigint[])) AS decisions,
         (SELECT coalesce(json_agg(json_build_array(a::text, b::text, a_inside)), '[]') FROM crossing) AS crossing,
         (SELECT coalesce(json_agg(json_build_array(y::text, id::text)), '[]') FROM mates) AS mates,
         (SELECT coalesce(json_agg(json_build_array(a::text, b::text)), '[]') FROM strong
          WHERE probability >= $5 AND decision <> 'split' AND NOT (a = ANY($2::bigint[]) OR b = ANY($2::bigint[]))) AS strong,
         (SELECT coalesce(json_agg(json_build_array(o.y::text, (SELECT count(*) FROM source_record m WHERE m.customer_id = c.customer_id AND m.person IS NOT NULL AND m.deleted_at IS NULL))), '[]')
          FROM outside o JOIN source_record c ON c.id = o.y) AS sizes`,
      [region, touched, keys, limits, reviewThreshold],
    );
    const r = row!;
    return {
      oversized: r.oversized,
      decisions: r.decisions.map(([a, b, kind]) => ({ a, b, kind })),
      crossing: r.crossing.map(([a, b, aInside]) => (aInside ? { inside: a, outside: b } : { inside: b, outside: a })),
      outsideCluster: groupBy(r.mates),
      strong: r.strong.map(([a, b]) => [a, b] as [string, string]),
      customerSize: new Map(r.sizes.map(([id, n]) => [id, Number(n)])),
    };
  }

  async existingCustomerIds(): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query('SELECT id FROM customer');
    return rows.map((r) => r.id);
  }

  async totals(): Promise<{ records: number; customers: number }> {
    const [row]: { records: number; customers: number }[] = await this.db.query(
      `SELECT (SELECT count(*)::int FROM source_record r WHERE ${LIVE_PERSON}) AS records, (SELECT count(*)::int FROM customer) AS customers`,
    );
    return row!;
  }

  async analyze(): Promise<void> {
    // source_record (customer_id): the import analysed it before any record had a customer.
    await this.db.query('ANALYZE customer, customer_alias, identity_link, identity_block_key, identity_record, source_record (customer_id)');
  }
}
