import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';
import { connectionOf } from '../db/connection-config';
import { AccessLogRepository, type SqlRunner } from './access-log.repository';
import { firstBreak, type ChainBreak } from './chain-break';
import { classifyUnlinked, locateRewrite } from './chain-checker';
import { checkpointSignatureProblem, type Checkpoint } from './checkpoint';
import { mergeCheckpoints, readCheckpointFiles } from './checkpoint-files';
import { CheckpointRepository } from './checkpoint.repository';
import { GENESIS_HASH } from './hash-chain';
import { beginVerifyTransaction, verifyRange, type PgClient, type RangeResult, type RangeTask } from './verify-range';

export interface VerifyOptions {
  publicKeys: Map<string, KeyObject>;
  /** Checkpoint files kept outside the database, checked alongside the table's. */
  checkpointDirectory?: string;
  batchSize?: number;
  /** Worker threads for a large log (default: up to 4, one per CPU); 1 walks in this thread. */
  workers?: number;
  /** Ranges to cut the log into (default: one per worker for 100,000 entries or more, else 1). */
  ranges?: number;
}

export interface VerifyReport {
  ok: boolean;
  /** Entries whose hash and link were confirmed. */
  entriesChecked: number;
  /** Where the walk began: after the last pruned entry a trusted checkpoint names (0: from genesis). */
  startedAfter: number;
  checkpointsChecked: number;
  /** The first position verification does not trust, and why. */
  firstBreak: ChainBreak | null;
  ms: number;
}

/**
 * Walks the whole log in position order, recomputing every hash and link and comparing with every signed
 * checkpoint. Checkpoints and entries are read in one snapshot, so appends and prunes during the walk change
 * nothing it sees. A large log is cut into ranges checked in parallel by worker threads, each on its own
 * connection inside the same (exported) snapshot; each range starts from the stored hash of the entry
 * before it and the ranges are joined in order, so the report is the one a single walk would give.
 */
export async function verifyLog(dataSource: DataSource, options: VerifyOptions): Promise<VerifyReport> {
  const started = Date.now();
  // Files first: one written after the snapshot could name entries the snapshot does not hold.
  const files = options.checkpointDirectory ? await readCheckpointFiles(options.checkpointDirectory) : [];
  const runner = dataSource.createQueryRunner();
  const client = (await runner.connect()) as PgClient;
  const sql: SqlRunner = { query: async (text, params) => (await client.query(text, params)).rows };
  try {
    await beginVerifyTransaction(client);
    const checkpoints = mergeCheckpoints(await new CheckpointRepository().all(sql), files);
    const report = await verifyIn(client, sql, checkpoints, options, () => connectionOf(dataSource));
    await client.query('COMMIT');
    return { ...report, ms: Date.now() - started };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

async function verifyIn(
  client: PgClient,
  sql: SqlRunner,
  checkpoints: Checkpoint[],
  options: VerifyOptions,
  connection: () => ClientConfig,
): Promise<Omit<VerifyReport, 'ms'>> {
  const signatureBreak = firstBreak(
    checkpoints.map((c) => {
      const problem = checkpointSignatureProblem(c, options.publicKeys);
      return problem ? { position: c.position, reason: 'checkpoint-signature' as const, detail: problem } : null;
    }),
  );
  const trusted = checkpoints.filter((c) => !checkpointSignatureProblem(c, options.publicKeys));
  const start = restartPoint(trusted);
  const tasks = await rangeTasks(sql, start, trusted, options);
  const workers = options.workers ?? defaultWorkers();
  const results =
    tasks.length > 1 && workers > 1 && existsSync(WORKER_FILE)
      ? await inWorkers(tasks, connection(), (await sql.query(`SELECT pg_export_snapshot() AS id`))[0].id as string)
      : await inSeries(client, tasks);
  const { checked, walkBreak } = await joinRanges(sql, tasks, results);
  const first = firstBreak([signatureBreak, walkBreak]);
  const broken = first && locateRewrite(first, trusted, start.position);
  return { ok: broken === null, entriesChecked: checked, startedAfter: start.position, checkpointsChecked: checkpoints.length, firstBreak: broken };
}

/** Fewer entries than this are walked in one range: a worker costs more to start than it saves. */
const MIN_PARALLEL_ENTRIES = 100_000;
const WORKER_FILE = path.join(__dirname, 'verify-worker.js'); // compiled builds only; ts-jest walks in series

function defaultWorkers(): number {
  return Math.min(4, os.availableParallelism?.() ?? os.cpus().length);
}

/** The ranges to check: equal stretches of positions after the restart point, the last one open-ended. */
async function rangeTasks(sql: SqlRunner, start: { position: number; hash: string }, checkpoints: Checkpoint[], options: VerifyOptions): Promise<RangeTask[]> {
  const batchSize = options.batchSize ?? 20_000;
  const [{ head }] = await sql.query(`SELECT coalesce(max(position), 0)::text AS head FROM access_log`);
  const span = Number(head) - start.position;
  const parts = options.ranges ?? (span >= MIN_PARALLEL_ENTRIES ? (options.workers ?? defaultWorkers()) : 1);
  const n = Math.max(1, Math.min(parts, span));
  const afters = Array.from({ length: n }, (_, i) => start.position + Math.floor((span * i) / n));
  const stored = new Map<string, string>(
    (await sql.query(`SELECT position::text AS p, hash FROM access_log WHERE position = ANY($1::bigint[])`, [afters.slice(1)])).map((r: { p: string; hash: string }) => [r.p, r.hash]),
  );
  return afters.map((after, i) => ({
    after,
    through: i === n - 1 ? null : afters[i + 1]!,
    prevHash: i === 0 ? start.hash : (stored.get(String(after)) ?? ''),
    checkpoints,
    batchSize,
  }));
}

async function inSeries(client: PgClient, tasks: RangeTask[]): Promise<RangeResult[]> {
  const results: RangeResult[] = [];
  for (const task of tasks) {
    const result = await verifyRange(client, task);
    results.push(result);
    if (result.problem || result.unlinked || (task.through !== null && result.endedAt < task.through)) break;
  }
  return results;
}

function inWorkers(tasks: RangeTask[], connection: ClientConfig, snapshot: string): Promise<RangeResult[]> {
  return Promise.all(
    tasks.map(
      (task) =>
        new Promise<RangeResult>((resolve, reject) => {
          const worker = new Worker(WORKER_FILE, { workerData: { task, connection, snapshot } });
          worker.once('message', (m: { result?: RangeResult; error?: string }) => (m.result ? resolve(m.result) : reject(new Error(m.error))));
          worker.once('error', reject);
          worker.once('exit', (code) => code !== 0 && reject(new Error(`verify worker exited with ${code}`)));
        }),
    ),
  );
}

/**
 * Joins the ranges in order: the first range with a problem holds the first broken position (its positions
 * are all below the next range's). A range that stops short of where the next begins lost entries there.
 */
async function joinRanges(sql: SqlRunner, tasks: RangeTask[], results: RangeResult[]): Promise<{ checked: number; walkBreak: ChainBreak | null }> {
  const repo = new AccessLogRepository();
  let checked = 0;
  for (const [i, r] of results.entries()) {
    checked += r.checked;
    if (r.problem) return { checked, walkBreak: r.problem };
    if (r.unlinked) return { checked, walkBreak: classifyUnlinked(r.unlinked, await repo.positionOfHash(sql, r.unlinked.prevHash)) };
    const through = tasks[i]!.through;
    if (through !== null && r.endedAt < through) {
      const [{ next }] = await sql.query(`SELECT min(position)::text AS next FROM access_log WHERE position > $1`, [r.endedAt]);
      const missing = r.endedAt + 1;
      return { checked, walkBreak: { position: missing, reason: 'deleted', detail: `entries ${missing}..${Number(next) - 1} are missing (the next entry is at ${next})` } };
    }
  }
  return { checked, walkBreak: null };
}

/** The chain restarts after the furthest pruning a trusted checkpoint records. */
export function restartPoint(trusted: Checkpoint[]): { position: number; hash: string } {
  const pruned = trusted.filter((c) => c.prunedThrough > 0 && c.prunedHash).sort((a, b) => b.prunedThrough - a.prunedThrough)[0];
  return pruned ? { position: pruned.prunedThrough, hash: pruned.prunedHash! } : { position: 0, hash: GENESIS_HASH };
}

export function formatVerifyReport(r: VerifyReport): string {
  const lines = [
    `${r.ok ? 'OK' : 'BROKEN'}: ${r.entriesChecked} entries checked${r.startedAfter ? ` (after pruned position ${r.startedAfter})` : ' (from genesis)'}, ` +
      `${r.checkpointsChecked} checkpoints, ${r.ms} ms`,
  ];
  if (r.firstBreak) lines.push(`first broken position: ${r.firstBreak.position} (${r.firstBreak.reason}): ${r.firstBreak.detail}`);
  return `${lines.join('\n')}\n`;
}
