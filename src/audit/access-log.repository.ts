import type { AccessEntry, ChainedEntry, Decision } from './access-entry';
import { fieldSetOf, type FieldSet } from './field-set';
import { serialiseEntry } from './hash-chain';
import { binaryIntArray, binaryTextArray, binaryTimestampArray, binaryUuidArray, pgArrayLiteral } from '../db/pg-array';

/** Anything that runs SQL: the DataSource, or the EntityManager of a caller's transaction. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** Held for the rest of the transaction by every writer of the chain head (append, prune). */
const CHAIN_LOCK = 7_264_517_001;

/**
 * Read from access_log_with_fields (each entry with its field set's fields). Lists and fields travel as JSON
 * text: JSON.parse is several times faster than the driver's array parser.
 */
export const ENTRY_COLUMNS = `position::text AS position,
  to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at,
  request_id, actor, to_json(roles)::text AS roles, purpose, client, operation_name, query_hash,
  to_json(customer_ids)::text AS customer_ids, coalesce(fields::text, '{}') AS fields, outcome, prev_hash, hash`;

export interface EntryRow {
  position: string;
  at: string;
  request_id: string;
  actor: string;
  roles: string;
  purpose: string;
  client: string | null;
  operation_name: string | null;
  query_hash: string | null;
  customer_ids: string;
  fields: string;
  outcome: string;
  prev_hash: string;
  hash: string;
}

export function entryOfRow(r: EntryRow): ChainedEntry {
  return {
    position: Number(r.position),
    at: r.at,
    requestId: r.request_id,
    actor: r.actor,
    roles: JSON.parse(r.roles) as string[],
    purpose: r.purpose,
    client: r.client,
    operationName: r.operation_name,
    queryHash: r.query_hash,
    customerIds: JSON.parse(r.customer_ids) as string[],
    fields: JSON.parse(r.fields) as Record<string, Decision>,
    outcome: r.outcome,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** What access_log_append returns per entry, in chain order. */
export interface StoredEntry {
  entry_position: string;
  entry_prev_hash: string;
  entry_hash: string;
}

/** Writes and chain reads of access_log. There is no update or delete here: prune goes through access_log_prune(). */
export class AccessLogRepository {
  /** Serialises writers of the chain until the caller's transaction ends. */
  async lockChain(sql: SqlRunner): Promise<void> {
    await sql.query(`SELECT pg_advisory_xact_lock($1)`, [CHAIN_LOCK]);
  }

  /** The last entry, or where the last pruning ended when every entry has been pruned; genesis is (0, null). */
  async head(sql: SqlRunner): Promise<{ position: number; hash: string | null }> {
    const rows: { position: string; hash: string }[] = await sql.query(`
      SELECT position::text, hash FROM (
        (SELECT position, hash FROM access_log ORDER BY position DESC LIMIT 1)
        UNION ALL
        (SELECT pruned_through, pruned_hash FROM access_log_checkpoint WHERE pruned_through > 0 ORDER BY pruned_through DESC LIMIT 1)
      ) h ORDER BY h.position DESC LIMIT 1`);
    return rows.length === 0 ? { position: 0, hash: null } : { position: Number(rows[0].position), hash: rows[0].hash };
  }

  /** Chains and stores a batch (store()), and returns each entry with its position and hashes. */
  async append(sql: SqlRunner, entries: AccessEntry[]): Promise<ChainedEntry[]> {
    const rows = await this.store(sql, entries);
    return entries.map((e, i) => ({ ...e, position: Number(rows[i].entry_position), prevHash: rows[i].entry_prev_hash, hash: rows[i].entry_hash }));
  }

  /**
   * Chains and stores a batch in one statement (access_log_append, migrations 1765150000000, 1765400000000 and 1766100000000):
   * the chain lock, the head, the hashes and the INSERT run in the database, over the serialisations built
   * here. Each distinct field set travels once per batch and is stored unless it already is. Every customer id
   * of the batch travels in one uuid[] (16 bytes an id; each entry names its slice), and every parameter is
   * sent in PostgreSQL's binary array format: nothing for the driver to escape or the server to parse per
   * character (array_in was the largest single cost of an 8-entry append).
   * Returns only what the database chained: the batched reads need no copy of their entries.
   */
  async store(sql: SqlRunner, entries: AccessEntry[]): Promise<StoredEntry[]> {
    if (entries.length === 0) return [];
    const sets = entries.map((e) => fieldSetOf(e.fields));
    const distinct = [...new Map<string, FieldSet>(sets.map((s) => [s.id, s])).values()];
    const idsFrom: number[] = [];
    const idsCount: number[] = [];
    let total = 0;
    for (const e of entries) {
      idsFrom.push(total + 1);
      idsCount.push(e.customerIds.length);
      total += e.customerIds.length;
    }
    const ids = entries.length === 1 ? entries[0]!.customerIds : entries.flatMap((e) => e.customerIds);
    return sql.query(
      // ordered by the bigint (a.entry_position), not by the text output column of the same name: as text, a
      // batch crossing 9 → 10 or 99 → 100 came back out of order and the entries returned got each other's hashes
      `SELECT a.entry_position::text AS entry_position, a.entry_prev_hash, a.entry_hash
       FROM access_log_append($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                              $8::text[], $9::uuid[], $10::int[], $11::int[], $12::text[], $13::text[], $14::text[],
                              $15::text[], $16::text[], $17::text[]) AS a
       ORDER BY a.entry_position`,
      [
        binaryTimestampArray(entries.map((e) => e.at)),
        binaryTextArray(entries.map((e) => e.requestId)),
        binaryTextArray(entries.map((e) => e.actor)),
        binaryTextArray(entries.map((e) => pgArrayLiteral(e.roles))),
        binaryTextArray(entries.map((e) => e.purpose)),
        binaryTextArray(entries.map((e) => e.client)),
        binaryTextArray(entries.map((e) => e.operationName)),
        binaryTextArray(entries.map((e) => e.queryHash)),
        binaryUuidArray(ids),
        binaryIntArray(idsFrom),
        binaryIntArray(idsCount),
        binaryTextArray(sets.map((s) => s.id)),
        binaryTextArray(entries.map((e) => e.outcome)),
        binaryTextArray(entries.map((e) => serialiseEntry(e))),
        binaryTextArray(distinct.map((s) => s.id)),
        binaryTextArray(distinct.map((s) => JSON.stringify(s.fields))),
        binaryTextArray(distinct.map((s) => pgArrayLiteral(s.decisions))),
      ],
    ) as Promise<StoredEntry[]>;
  }

  /** The next entries after a position, in chain order (verify's keyset walk). */
  async after(sql: SqlRunner, position: number, limit: number): Promise<ChainedEntry[]> {
    const rows: EntryRow[] = await sql.query(
      `SELECT ${ENTRY_COLUMNS} FROM access_log_with_fields WHERE position > $1 ORDER BY access_log_with_fields.position LIMIT $2`,
      [position, limit],
    );
    return rows.map(entryOfRow);
  }

  async hashAt(sql: SqlRunner, position: number): Promise<string | null> {
    const rows: { hash: string }[] = await sql.query(`SELECT hash FROM access_log WHERE position = $1`, [position]);
    return rows[0]?.hash ?? null;
  }

  /** Where an entry with this hash sits now (used once, at a broken link: a sequential scan is fine). */
  async positionOfHash(sql: SqlRunner, hash: string): Promise<number | null> {
    const rows: { position: string }[] = await sql.query(`SELECT position::text FROM access_log WHERE hash = $1 LIMIT 1`, [hash]);
    return rows.length ? Number(rows[0].position) : null;
  }

  /** The last position whose time is before the cutoff: pruning removes a prefix of the chain. */
  async lastPositionBefore(sql: SqlRunner, cutoff: Date): Promise<number> {
    const rows: { position: string | null }[] = await sql.query(`SELECT max(position)::text AS position FROM access_log WHERE at < $1`, [cutoff]);
    return rows[0].position === null ? 0 : Number(rows[0].position);
  }

  /** Deletes through a position; the database refuses unless a checkpoint already records the pruning. */
  async prune(sql: SqlRunner, throughPosition: number): Promise<number> {
    const rows: { removed: string }[] = await sql.query(`SELECT access_log_prune($1)::text AS removed`, [throughPosition]);
    return Number(rows[0].removed);
  }
}
