import type { ChainBreak } from './chain-break';
import { ChainChecker, type UnlinkedEntry } from './chain-checker';
import type { Checkpoint } from './checkpoint';
import { hashRow, loadFieldSetPairs, VERIFY_COLUMNS, type VerifyRow } from './row-hash';

/** The driver's connection (pg.Client or pg.PoolClient); rows as arrays skip an object per row. */
export interface PgClient {
  query(config: { text: string; values?: unknown[]; rowMode?: 'array' }): Promise<{ rows: any[] }>;
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

/** A stretch of the chain checked on its own; ranges join where one's last position is the next's `after`. */
export interface RangeTask {
  /** The entries after this position… */
  after: number;
  /** …through this one; null for the last range (through the end of the log). */
  through: number | null;
  /** The hash entry `after` has ('' when that row is missing: the range before reports the gap). */
  prevHash: string;
  checkpoints: Checkpoint[];
  batchSize: number;
}

export interface RangeResult {
  checked: number;
  /** The last position confirmed (after + checked). */
  endedAt: number;
  problem: ChainBreak | null;
  unlinked: UnlinkedEntry | null;
}

/**
 * Opens the read-only snapshot verification reads in (an exported one, so parallel ranges see the same
 * log), with timestamptz as UTC text: far cheaper for PostgreSQL than to_char (row-hash.ts reads it).
 */
export async function beginVerifyTransaction(client: PgClient, snapshot?: string): Promise<void> {
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  if (snapshot !== undefined) {
    if (!/^[0-9A-F]+(-[0-9A-F]+)+$/i.test(snapshot)) throw new Error(`not a snapshot id: ${snapshot}`);
    await client.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`); // before any query of the transaction
  }
  await client.query(`SET LOCAL TimeZone = 'UTC'`);
  await client.query(`SET LOCAL DateStyle = 'ISO'`);
}

/** Recomputes every hash and link of the range, and checks the checkpoints that fall in it. */
export async function verifyRange(client: PgClient, task: RangeTask): Promise<RangeResult> {
  const checker = new ChainChecker({ position: task.after, hash: task.prevHash }, task.checkpoints);
  // read in the same snapshot as the entries
  const sets = await loadFieldSetPairs(client);
  await walk(client, task, (row) => checker.checkHashed(Number(row[0]), row[12], row[13], hashRow(row, sets)));
  // A checkpoint beyond the end is truncation only after the last range; the others end where the next begins.
  const problem = task.through === null ? checker.finish() : checker.problem;
  return { checked: checker.checked, endedAt: task.after + checker.checked, problem, unlinked: checker.unlinked };
}

/**
 * Feeds the range's rows to `check` in keyset batches, reading the next batch while this one is checked.
 * The range's end is a LIMIT and a check here, not a condition: with an upper bound PostgreSQL may sort the
 * whole range for every batch. ORDER BY access_log.position: the text column of that name sorts 1, 10, 100, …
 */
async function walk(client: PgClient, task: RangeTask, check: (row: VerifyRow) => boolean): Promise<void> {
  const text = `SELECT ${VERIFY_COLUMNS} FROM access_log WHERE access_log.position > $1 ORDER BY access_log.position LIMIT $2`;
  const through = task.through ?? Number.MAX_SAFE_INTEGER;
  // positions are unique integers: (from, through] holds at most through - from rows
  const read = (from: number) => (from >= through ? null : client.query({ text, values: [from, Math.min(task.batchSize, through - from)], rowMode: 'array' }));
  let next = read(task.after);
  while (next) {
    const rows = (await next).rows as VerifyRow[];
    if (rows.length === 0) return;
    const last = Number(rows[rows.length - 1]![0]);
    next = last >= through ? null : read(last);
    for (const row of rows) {
      if (Number(row[0]) > through) return;
      if (!check(row)) {
        await next?.catch(() => undefined);
        return;
      }
    }
  }
}
