import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { connectionOf } from '../db/connection-config';
import { ImportRejectionEntity, ImportRunEntity } from '../db/entities';
import type { Rejection } from './import-report';

/**
 * A running import holds a session-level advisory lock on its run id (pg_advisory_lock(RUN_LOCK, id)) on a
 * connection of its own, so the lock lives exactly as long as the importing process: a kill closes the
 * socket and PostgreSQL drops the lock. A run that is `running` while nobody holds its lock is interrupted.
 * Its own connection, not one of the pool: with DB_POOL_SIZE=1 the batches would wait for it forever.
 */
const RUN_LOCK = 7_311_002;

/** A run's counts, as its committed batches left them. */
export interface RunCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  deleted: number;
  rejected: number;
}

/** An earlier run of the source that stopped without finishing, marked `interrupted` by this run. */
export interface InterruptedRun {
  runId: string;
  startedAt: Date;
  /** What its committed batches wrote: how far it got. */
  committed: RunCounts;
}

export interface StartedRun {
  runId: string;
  interrupted: InterruptedRun[];
}

export class ImportRunRepository {
  private readonly locks = new Map<string, Client>();
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a new run and takes its lock in the transaction that makes it visible, so no other run ever
   * sees it `running` without its lock; then marks the source's runs that are `running` with nobody
   * holding their lock (the process was killed, or lost its connection) as `interrupted`.
   */
  async start(source: string, format: string, location: string): Promise<StartedRun> {
    const session = new Client({ ...connectionOf(this.dataSource), application_name: 'tessera-import-run' });
    // a lost lock connection must not end the import: its run then reads as interrupted to the next one,
    // and finish() still records how it ended
    session.on('error', () => undefined);
    await session.connect();
    try {
      await session.query('BEGIN');
      const { rows: [run] } = await session.query<{ id: string }>(
        `INSERT INTO import_run (source, format, location, status) VALUES ($1, $2, $3, 'running') RETURNING id::text`,
        [source, format, location],
      );
      // (int, int) form: pg_locks shows it as classid, objid, objsubid 2; run ids wrap at 2^31
      await session.query('SELECT pg_advisory_lock($1::int, $2::int)', [RUN_LOCK, Number(run!.id) % 2 ** 31]);
      const { rows: interrupted } = await session.query<{ id: string; started_at: Date } & RunCounts>(
        `UPDATE import_run r SET status = 'interrupted', finished_at = now(),
           error = 'interrupted: the import stopped without finishing (process killed or connection lost); found by run ' || $2
         WHERE r.source = $1 AND r.status = 'running' AND r.id <> $2::bigint
           AND NOT EXISTS (
             SELECT 1 FROM pg_locks l
             WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND l.classid = $3::int::oid AND l.objid = (r.id % 2147483648)::oid AND l.objsubid = 2 AND l.granted)
         RETURNING r.id::text, r.started_at, r.inserted, r.updated, r.unchanged, r.deleted, r.rejected`,
        [source, run!.id, RUN_LOCK],
      );
      await session.query('COMMIT');
      this.locks.set(run!.id, session);
      return {
        runId: run!.id,
        interrupted: interrupted
          .map(({ id, started_at, ...committed }) => ({ runId: id, startedAt: started_at, committed }))
          .sort((a, b) => Number(a.runId) - Number(b.runId)),
      };
    } catch (error) {
      await session.end().catch(() => undefined);
      throw error;
    }
  }

  /**
   * A batch's rejections and its counts, in the transaction that writes its records: the run's row always
   * says what is committed, so a run that is killed (interrupted) or fails keeps how far it got, at no cost
   * when it is marked (no scan of its records: source_record has no index on import_run_id).
   */
  async recordBatch(em: EntityManager, runId: string, counts: RunCounts, rejections: Rejection[]): Promise<void> {
    if (rejections.length > 0) {
      await em
        .createQueryBuilder()
        .insert()
        .into(ImportRejectionEntity)
        .values(rejections.map((r) => ({ importRunId: runId, file: r.file, line: r.line, reason: r.reason })))
        .execute();
    }
    if (Object.values(counts).every((n) => n === 0)) return;
    await em.query(
      `UPDATE import_run SET inserted = inserted + $2, updated = updated + $3, unchanged = unchanged + $4, deleted = deleted + $5, rejected = rejected + $6
       WHERE id = $1`,
      [runId, counts.inserted, counts.updated, counts.unchanged, counts.deleted, counts.rejected],
    );
  }

  /**
   * Ends a run: its status, and the records of its source waiting for their owner after it (null: not counted,
   * the run stopped before). The counts are the batches' own (recordBatch).
   */
  async finish(runId: string, end: { error?: string; waiting?: number } = {}): Promise<void> {
    try {
      await this.dataSource.getRepository(ImportRunEntity).update(runId, {
        status: end.error !== undefined ? 'failed' : 'succeeded',
        finishedAt: new Date(),
        waiting: end.waiting ?? null,
        error: end.error ?? null,
      });
    } finally {
      // closing the session drops the lock
      const session = this.locks.get(runId);
      this.locks.delete(runId);
      await session?.end().catch(() => undefined);
    }
  }
}
