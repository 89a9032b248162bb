import { Client } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { connectionOf } from '../db/connection-config';
import { ImportRejectionEntity, ImportRunEntity } from '../db/entities';
import type { ImportActor } from './import-access';
import type { Rejection } from './import-report';
import { storableText } from './storable-text';

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

/** A run that ended (or whose process died) without its access-log entries. */
export interface UnloggedRun {
  runId: string;
  format: string;
  location: string;
  status: 'running' | 'succeeded' | 'failed' | 'interrupted';
  by: ImportActor | null;
  counts: RunCounts;
}

export class ImportRunRepository {
  private readonly locks = new Map<string, Client>();
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records a new run and takes its lock in the transaction that makes it visible, so no other run ever
   * sees it `running` without its lock; then marks the source's runs that are `running` with nobody
   * holding their lock (the process was killed, or lost its connection) as `interrupted`.
   */
  async start(source: string, format: string, location: string, by?: ImportActor): Promise<StartedRun> {
    // keep-alive: the lock is held idle through resolution (minutes at 10^6 records); a NAT or firewall that drops
    // idle connections would end it, and the next import would take this live run for dead
    const session = new Client({ ...connectionOf(this.dataSource), application_name: 'tessera-import-run', keepAlive: true, keepAliveInitialDelayMillis: 30_000 });
    // a lost lock connection must not end the import: its run then reads as interrupted to the next one,
    // and finish() still records how it ended
    session.on('error', () => undefined);
    await session.connect();
    try {
      await session.query('BEGIN');
      const { rows: [run] } = await session.query<{ id: string }>(
        `INSERT INTO import_run (source, format, location, status, access_by) VALUES ($1, $2, $3, 'running', $4) RETURNING id::text`,
        [source, format, location, by ? JSON.stringify(by) : null],
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
        .values(rejections.map((r) => ({ importRunId: runId, file: storableText(r.file), line: r.line, reason: storableText(r.reason) })))
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
   * the run stopped before). The counts are the batches' own (recordBatch). `keepLock`: the lock stays until
   * release(), so no other run takes the run for dead while it still writes its access-log entries.
   */
  async finish(runId: string, end: { error?: string; waiting?: number } = {}, options: { keepLock?: boolean } = {}): Promise<void> {
    try {
      await this.dataSource.getRepository(ImportRunEntity).update(runId, {
        status: end.error !== undefined ? 'failed' : 'succeeded',
        finishedAt: new Date(),
        waiting: end.waiting ?? null,
        error: end.error ?? null,
      });
    } finally {
      if (!options.keepLock) await this.release(runId);
    }
  }

  /** Drops the run's lock (closing its session): from now on a later run may take it for dead. */
  async release(runId: string): Promise<void> {
    const session = this.locks.get(runId);
    this.locks.delete(runId);
    await session?.end().catch(() => undefined);
  }

  /**
   * Runs `write` (the run's access-log entries) in the transaction that marks them written, holding the run's
   * row: the entries are written once, by the run itself or by a later run that found it without them.
   * False, and nothing written, when they already were.
   */
  async logOnce(runId: string, write: (em: EntityManager) => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (em) => {
      const [row]: { access_logged: boolean }[] = await em.query(`SELECT access_logged FROM import_run WHERE id = $1 FOR UPDATE`, [runId]);
      if (!row || row.access_logged) return false;
      await write(em);
      await em.query(`UPDATE import_run SET access_logged = true WHERE id = $1`, [runId]);
      return true;
    });
  }

  /**
   * Runs of the source that ended without their access-log entries and whose process is gone (nobody holds
   * their lock): killed or crashed after committing, or their entries failed. A run still writing its
   * entries holds its lock and is left alone. Call after start(), which has marked dead `running` runs.
   */
  async unlogged(source: string, exceptRunId: string): Promise<UnloggedRun[]> {
    const rows: ({ id: string; format: string; location: string; status: UnloggedRun['status']; access_by: ImportActor | null } & RunCounts)[] = await this.dataSource.query(
      `SELECT r.id::text, r.format, r.location, r.status, r.access_by, r.inserted, r.updated, r.unchanged, r.deleted, r.rejected
       FROM import_run r
       WHERE r.source = $1 AND NOT r.access_logged AND r.id <> $2::bigint AND r.status <> 'running'
         AND NOT EXISTS (
           SELECT 1 FROM pg_locks l
           WHERE l.locktype = 'advisory' AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
             AND l.classid = $3::int::oid AND l.objid = (r.id % 2147483648)::oid AND l.objsubid = 2 AND l.granted)
       ORDER BY r.id`,
      [source, exceptRunId, RUN_LOCK],
    );
    return rows.map(({ id, format, location, status, access_by, ...counts }) => ({ runId: id, format, location, status, by: access_by, counts }));
  }
}
