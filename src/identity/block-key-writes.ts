// The SQL that stores blocking keys, shared by the run's own connection and the key-writer thread
// (block-key-worker.ts): one statement per ~100,000 keys, parameters either plain arrays or binary arrays.

/** Anything that runs SQL and returns its rows: an EntityManager, or the writer thread's client. */
export interface KeySql {
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** Each record's `rule:value` blocking keys; a Map, or made as they are written (keysOf / streamedKeysOf). */
export interface BlockKeys {
  size: number;
  entries(): Iterable<[string, string[]]>;
}

/** Whole records' keys: `records` are the records whose keys these replace (ids/texts: one row per key). */
export interface KeyBatch<T = string[]> {
  records: T;
  ids: T;
  texts: T;
}

/** Blocking keys are written by the million on a first run: fewer, larger statements. */
const KEY_CHUNK = 100_000;

/** A first run writes this many records' keys or more into an empty table: the bulk path. */
export const BULK_KEY_RECORDS = 50_000;

/** Whole records per batch (a record's keys are replaced in one statement), about KEY_CHUNK keys each, made as they are written. */
export function* keyBatches(keys: BlockKeys, removed: string[]): Generator<KeyBatch> {
  let part: KeyBatch = { records: [...removed], ids: [], texts: [] };
  for (const [id, list] of keys.entries()) {
    if (part.ids.length + list.length > KEY_CHUNK && part.records.length > 0) {
      yield part;
      part = { records: [], ids: [], texts: [] };
    }
    part.records.push(id);
    for (const key of list) {
      part.ids.push(id);
      part.texts.push(key);
    }
  }
  if (part.records.length > 0) yield part;
}

/**
 * Writes the batches in the caller's transaction. Into an empty table with `records` ≥ bulkFrom (a
 * first run: 13.5M keys at 10^6 records): plain inserts in record order, and the lookup index by key built
 * once afterwards instead of updated per row at random places (maintaining it was most of the write); a
 * failed transaction leaves the index as it was. Otherwise each statement deletes the keys its records lost
 * and inserts those they gained, so the index changes only where the keys did.
 */
export async function writeKeyBatches(
  sql: KeySql,
  records: number,
  batches: Iterable<KeyBatch<unknown>> | AsyncIterable<KeyBatch<unknown>>,
  bulkFrom = BULK_KEY_RECORDS,
): Promise<void> {
  const bulk = records >= bulkFrom && (await keyTableEmpty(sql));
  if (bulk) await sql.query('DROP INDEX identity_block_key_hash_idx');
  for await (const part of batches) {
    if (bulk) {
      await sql.query(
        `INSERT INTO identity_block_key (record_id, key_hash)
         SELECT DISTINCT id, hashtextextended(k, 0) FROM unnest($1::bigint[], $2::text[]) AS x(id, k) ORDER BY 1, 2`,
        [part.ids, part.texts],
      );
    } else {
      await sql.query(
        `WITH fresh AS MATERIALIZED (SELECT id, hashtextextended(k, 0) AS h FROM unnest($1::bigint[], $2::text[]) AS x(id, k)),
         gone AS (DELETE FROM identity_block_key b WHERE b.record_id = ANY($3::bigint[])
                    AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.id = b.record_id AND f.h = b.key_hash))
         INSERT INTO identity_block_key (record_id, key_hash) SELECT id, h FROM fresh ON CONFLICT DO NOTHING`,
        [part.ids, part.texts, part.records],
      );
    }
  }
  if (bulk) {
    await sql.query(`SET LOCAL maintenance_work_mem = '512MB'`);
    await sql.query('CREATE INDEX identity_block_key_hash_idx ON identity_block_key (key_hash, record_id)');
  }
}

async function keyTableEmpty(sql: KeySql): Promise<boolean> {
  const [row]: { empty: boolean }[] = await sql.query('SELECT NOT EXISTS (SELECT 1 FROM identity_block_key) AS empty');
  return row!.empty;
}
