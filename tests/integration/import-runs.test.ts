import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ImportRunInterrupted1766400000001 } from '../../migrations/1766400000001-ImportRunInterrupted';
import { ImportRunWaiting1766700000000 } from '../../migrations/1766700000000-ImportRunWaiting';
import { ImportError, ImportFailedError } from '../../src/ingest/import-error';
import { formatImportReport } from '../../src/ingest/import-report';
import { ImportRunRepository } from '../../src/ingest/import-run.repository';
import { ImportService } from '../../src/ingest/import.service';
import { SourceRecordRepository } from '../../src/ingest/source-record.repository';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const NOTHING = { inserted: 0, updated: 0, unchanged: 0, deleted: 0, rejected: 0 };

/** A run whose process is gone is marked interrupted by the next run of its source; a live one never is. */
describe('import runs: interrupted', () => {
  let db: TestDatabase;
  let runs: ImportRunRepository;
  beforeAll(async () => {
    db = await createTestDatabase();
    runs = new ImportRunRepository(db.dataSource);
  });
  afterAll(async () => db.drop());

  const status = async (id: string) => {
    const [row] = await db.dataSource.query(`SELECT status, finished_at IS NOT NULL AS finished FROM import_run WHERE id = $1`, [id]);
    return row as { status: string; finished: boolean };
  };
  /** What a SIGKILL does to a run's lock: PostgreSQL ends the session that held it. */
  const killSessionOf = async (runId: string) => {
    const [{ n }] = await db.dataSource.query(
      `SELECT count(pg_terminate_backend(l.pid))::int AS n FROM pg_locks l
       WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.objid = $1::bigint::oid
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [runId],
    );
    expect(n).toBe(1);
    for (let i = 0; i < 100; i++) {
      const [{ held }] = await db.dataSource.query(`SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND objid = $1::bigint::oid`, [runId]);
      if (held === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  it('two runs of one source at the same time leave each other running; a killed one is marked by the next', async () => {
    const a = await runs.start('shop', 'ndjson', 'a.ndjson');
    const b = await runs.start('shop', 'ndjson', 'b.ndjson');
    expect(b.interrupted).toEqual([]);
    expect(await status(a.runId)).toEqual({ status: 'running', finished: false });

    await killSessionOf(a.runId);
    const other = await runs.start('crm', 'ndjson', 'c.ndjson'); // another source leaves shop's runs alone
    expect(other.interrupted).toEqual([]);
    expect(await status(a.runId)).toEqual({ status: 'running', finished: false });
    const c = await runs.start('shop', 'ndjson', 'c.ndjson');
    expect(c.interrupted).toEqual([{ runId: a.runId, startedAt: expect.any(Date), committed: NOTHING }]);
    expect(await status(a.runId)).toEqual({ status: 'interrupted', finished: true });
    expect(await status(b.runId)).toEqual({ status: 'running', finished: false }); // b still holds its lock

    await runs.finish(b.runId);
    await runs.finish(c.runId);
    await runs.finish(other.runId);
    expect(await status(b.runId)).toEqual({ status: 'succeeded', finished: true });
    // finishing released the locks: nothing of these runs is held any more
    const [{ held }] = await db.dataSource.query(
      `SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND objid = ANY($1::bigint[]::oid[])`,
      [[b.runId, c.runId, other.runId]],
    );
    expect(held).toBe(0);
    const d = await runs.start('shop', 'ndjson', 'd.ndjson');
    expect(d.interrupted).toEqual([]); // finished runs are not touched
    await runs.finish(d.runId);
  });

  it('says in the import report which earlier runs it marked', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-runs-'));
    await writeFile(path.join(dir, 'shop.ndjson'), `${JSON.stringify({ type: 'person', id: 'P1', emails: ['p1@mail.test'] })}\n`);
    const stuck = await runs.start('reportshop', 'ndjson', dir);
    await killSessionOf(stuck.runId);
    const report = await db.services.importer.run({ source: 'reportshop', format: 'ndjson', location: dir });
    expect(report.interrupted).toEqual([{ runId: stuck.runId, startedAt: expect.any(Date), committed: NOTHING }]);
    expect(formatImportReport(report)).toMatch(new RegExp(`^import reportshop .*\\nrun ${stuck.runId} of reportshop \\(started \\S+Z\\) stopped without finishing: marked interrupted`));
    expect(await status(stuck.runId)).toEqual({ status: 'interrupted', finished: true });
    expect(await status(report.runId)).toEqual({ status: 'succeeded', finished: true });
  });

  it('marks a killed run with the counts of the batches it committed, so the operator sees how far it got', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-runs-'));
    const person = (id: string, email: string, extra = {}) => JSON.stringify({ type: 'person', id, emails: [email], ...extra });
    await writeFile(path.join(dir, 'before.ndjson'), [person('P1', 'p1@mail.test'), person('P2', 'p2@mail.test'), person('P9', 'p9@mail.test')].join('\n'));
    await db.services.importer.run({ source: 'killshop', format: 'ndjson', location: path.join(dir, 'before.ndjson') });
    const lines = [
      person('P1', 'p1.new@mail.test'), person('P2', 'p2@mail.test'), // batch 1: updated 1, unchanged 1
      JSON.stringify({ type: 'person', emails: ['noid@mail.test'] }), // rejected, committed with batch 2
      person('P3', 'p3@mail.test'), person('P9', 'p9@mail.test', { deleted: true }), // batch 2: inserted 1, deleted 1
      person('P4', 'p4@mail.test'), person('P5', 'p5@mail.test'), // batch 3: never written
    ];
    await writeFile(path.join(dir, 'shop.ndjson'), lines.join('\n'));

    // the importing process "dies" as it is about to write its third batch: it never writes it, never finishes
    const records = new SourceRecordRepository(db.dataSource);
    let batches = 0;
    let dead!: () => void;
    const died = new Promise<void>((resolve) => (dead = resolve));
    const dying: SourceRecordRepository = Object.create(records, {
      upsertBatch: {
        value: (...args: Parameters<SourceRecordRepository['upsertBatch']>) => {
          if (++batches <= 2) return records.upsertBatch(...args);
          dead();
          return new Promise(() => undefined);
        },
      },
    });
    const victim = new ImportService({ records: dying, runs: new ImportRunRepository(db.dataSource), prepare: { defaultRegion: 'US' }, batchSize: 2 });
    void victim.run({ source: 'killshop', format: 'ndjson', location: path.join(dir, 'shop.ndjson') });
    await died;
    const [{ id }] = await db.dataSource.query(`SELECT id::text FROM import_run WHERE source = 'killshop' AND status = 'running'`);
    await killSessionOf(id);

    const next = await db.services.importer.run({ source: 'killshop', format: 'ndjson', location: path.join(dir, 'shop.ndjson') });
    const committed = { inserted: 1, updated: 1, unchanged: 1, deleted: 1, rejected: 1 };
    expect(next.interrupted).toEqual([{ runId: id, startedAt: expect.any(Date), committed }]);
    expect(formatImportReport(next)).toContain(`run ${id} of killshop (started `);
    expect(formatImportReport(next)).toContain('marked interrupted; what it committed is kept: inserted 1  updated 1  unchanged 1  deleted 1  rejected 1');
    const [row] = await db.dataSource.query(`SELECT status, inserted, updated, unchanged, deleted, rejected FROM import_run WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'interrupted', ...committed });
    // what the counts say is what is stored under its id
    const lineage = await db.dataSource.query(`SELECT external_id FROM source_record WHERE import_run_id = $1 ORDER BY external_id`, [id]);
    expect(lineage.map((r: { external_id: string }) => r.external_id)).toEqual(['P1', 'P3', 'P9']);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM import_rejection WHERE import_run_id = $1`, [id]);
    expect(n).toBe(1);
    // the next run finished the job; its own counts are its own
    expect(next.files[0]).toMatchObject({ inserted: 2, updated: 0, unchanged: 4, rejected: 1 });
    const [done] = await db.dataSource.query(`SELECT status, inserted, unchanged, rejected FROM import_run WHERE id = $1`, [next.runId]);
    expect(done).toEqual({ status: 'succeeded', inserted: 2, unchanged: 4, rejected: 1 });
  });

  it('a database error midway is a failure of the system, not of the input: the run failed, with what it committed', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-runs-'));
    const file = path.join(dir, 'shop.ndjson');
    await writeFile(file, ['F1', 'F2', 'F3', 'F4'].map((id) => JSON.stringify({ type: 'person', id, emails: [`${id}@mail.test`] })).join('\n'));
    // the database refuses the second batch (as a full disk would)
    await db.dataSource.query(`CREATE FUNCTION refuse_f3() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100'; END $$`);
    await db.dataSource.query(`CREATE TRIGGER refuse_f3 BEFORE INSERT ON source_record FOR EACH ROW WHEN (NEW.source = 'failshop' AND NEW.external_id = 'F3') EXECUTE FUNCTION refuse_f3()`);
    const importer = new ImportService({ records: new SourceRecordRepository(db.dataSource), runs, prepare: { defaultRegion: 'US' }, batchSize: 2 });
    let failure: unknown;
    try {
      await importer.run({ source: 'failshop', format: 'ndjson', location: file });
    } catch (error) {
      failure = error;
    } finally {
      await db.dataSource.query('DROP TRIGGER refuse_f3 ON source_record; DROP FUNCTION refuse_f3()');
    }
    // an ImportError is a usage error (the CLI exits 2); this one is not
    expect(failure).toBeInstanceOf(ImportFailedError);
    expect(failure).not.toBeInstanceOf(ImportError);
    const [run] = await db.dataSource.query(`SELECT id::text, status, inserted, waiting, error FROM import_run WHERE source = 'failshop'`);
    expect((failure as Error).message).toBe(
      `import of failshop stopped (run ${run.id}, at shop.ndjson): database error: could not extend file: No space left on device; ` +
        'the batches committed before it are kept, and running the same import again continues without duplicates',
    );
    // the first batch is committed and counted (before, the file being read when it failed counted for nothing)
    expect(run).toMatchObject({ status: 'failed', inserted: 2, waiting: null, error: 'shop.ndjson: database error: could not extend file: No space left on device' });
    const again = await importer.run({ source: 'failshop', format: 'ndjson', location: file });
    expect(again.files[0]).toMatchObject({ inserted: 2, unchanged: 2 });
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM source_record WHERE source = 'failshop'`);
    expect(n).toBe(4);
  });

  it('ends a batch once its records hold so much text too: large records go in several batches (one jsonb value is at most 256 MB)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-runs-'));
    const file = path.join(dir, 'shop.ndjson');
    const notes = 'n'.repeat(100_000);
    const ids = ['B1', 'B2', 'B3', 'B4', 'B5', 'B6', 'B7', 'B8'];
    await writeFile(file, ids.map((id) => JSON.stringify({ type: 'person', id, emails: [`${id}@mail.test`], attributes: { notes } })).join('\n'));
    const records = new SourceRecordRepository(db.dataSource);
    const sizes: number[] = [];
    const counting: SourceRecordRepository = Object.create(records, {
      upsertBatch: {
        value: (...args: Parameters<SourceRecordRepository['upsertBatch']>) => {
          sizes.push(args[2].length);
          return records.upsertBatch(...args);
        },
      },
    });
    const importer = new ImportService({ records: counting, runs, prepare: { defaultRegion: 'US' }, batchChars: 250_000 });
    const report = await importer.run({ source: 'bigshop', format: 'ndjson', location: file });
    expect(report.files[0]).toMatchObject({ inserted: 8, rejected: 0 });
    // a batch ends with the record that takes it to 250,000 characters: three of these 100,000
    expect(sizes).toEqual([3, 3, 2]);
    const stored = await db.dataSource.query(`SELECT external_id FROM source_record WHERE source = 'bigshop' ORDER BY 1`);
    expect(stored.map((r: { external_id: string }) => r.external_id)).toEqual(ids);
  });

  it('a run that cannot be recorded (the database gone) says it could not start', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-runs-'));
    await writeFile(path.join(dir, 'shop.ndjson'), `${JSON.stringify({ type: 'person', id: 'X1' })}\n`);
    const gone = { ...db.dataSource.options, url: db.url.replace(/\/[^/?]+(\?|$)/, '/tessera_no_such_database$1') } as DataSource['options'];
    const nowhere = new ImportService({ records: new SourceRecordRepository(db.dataSource), runs: new ImportRunRepository({ options: gone } as DataSource), prepare: { defaultRegion: 'US' } });
    const failure = await nowhere.run({ source: 'goneshop', format: 'ndjson', location: dir }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ImportFailedError);
    expect((failure as Error).message).toMatch(/^import of goneshop could not start: database error: database "tessera_no_such_database" does not exist; nothing was imported$/);
  });

  it('stores with the run how many records of its source wait for their owner (null: not counted)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-runs-'));
    const answer = JSON.stringify({ type: 'interaction', id: 'N1', personId: 'W1', occurredAt: '2024-06-01T09:00:00Z', channel: 'survey', action: 'nps_response', value: 9 });
    await writeFile(path.join(dir, 'answers.ndjson'), `${answer}\n`);
    await writeFile(path.join(dir, 'people.ndjson'), `${JSON.stringify({ type: 'person', id: 'W1', emails: ['w1@mail.test'] })}\n`);
    const first = await db.services.importer.run({ source: 'waitshop', format: 'ndjson', location: path.join(dir, 'answers.ndjson') });
    expect(first.waiting?.records).toBe(1);
    const second = await db.services.importer.run({ source: 'waitshop', format: 'ndjson', location: path.join(dir, 'people.ndjson') });
    expect(second.waiting?.records).toBe(0);
    const stored = await db.dataSource.query(`SELECT id::text, waiting FROM import_run WHERE source = 'waitshop' ORDER BY id`);
    expect(stored).toEqual([{ id: first.runId, waiting: 1 }, { id: second.runId, waiting: 0 }]);
    // a run that never counted (running, interrupted, failed before the end) has none
    const stuck = await runs.start('waitshop', 'ndjson', dir);
    const [{ waiting }] = await db.dataSource.query(`SELECT waiting FROM import_run WHERE id = $1`, [stuck.runId]);
    expect(waiting).toBeNull();
    await runs.finish(stuck.runId, { error: 'stopped' });

    const runner = db.dataSource.createQueryRunner();
    try {
      const migration = new ImportRunWaiting1766700000000();
      await migration.down(runner);
      const [{ columns }] = await db.dataSource.query(`SELECT count(*)::int AS columns FROM information_schema.columns WHERE table_name = 'import_run' AND column_name = 'waiting'`);
      expect(columns).toBe(0);
      await migration.up(runner);
      expect(await db.dataSource.query(`SELECT waiting FROM import_run WHERE source = 'waitshop'`)).toEqual([{ waiting: null }, { waiting: null }, { waiting: null }]);
    } finally {
      await runner.release();
    }
  });

  it('migration down turns interrupted runs into failed ones (the old schema has no such status), up allows it again', async () => {
    const runner = db.dataSource.createQueryRunner();
    try {
      const migration = new ImportRunInterrupted1766400000001();
      const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM import_run WHERE status = 'interrupted'`);
      expect(n).toBeGreaterThan(0);
      await migration.down(runner);
      const after = await db.dataSource.query(`SELECT count(*)::int AS n FROM import_run WHERE status = 'failed' AND error LIKE 'interrupted:%'`);
      expect(after).toEqual([{ n }]);
      await expect(db.dataSource.query(`UPDATE import_run SET status = 'interrupted'`)).rejects.toThrow(/import_run_status_check/);
      await migration.up(runner);
      await db.dataSource.query(`UPDATE import_run SET status = 'interrupted' WHERE error LIKE 'interrupted:%'`);
    } finally {
      await runner.release();
    }
  });
});
