import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ImportRunInterrupted1766400000001 } from '../../migrations/1766400000001-ImportRunInterrupted';
import { formatImportReport } from '../../src/ingest/import-report';
import { ImportRunRepository } from '../../src/ingest/import-run.repository';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

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
    expect(c.interrupted).toEqual([{ runId: a.runId, startedAt: expect.any(Date) }]);
    expect(await status(a.runId)).toEqual({ status: 'interrupted', finished: true });
    expect(await status(b.runId)).toEqual({ status: 'running', finished: false }); // b still holds its lock

    await runs.finish(b.runId, []);
    await runs.finish(c.runId, []);
    await runs.finish(other.runId, []);
    expect(await status(b.runId)).toEqual({ status: 'succeeded', finished: true });
    // finishing released the locks: nothing of these runs is held any more
    const [{ held }] = await db.dataSource.query(
      `SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND objsubid = 2 AND objid = ANY($1::bigint[]::oid[])`,
      [[b.runId, c.runId, other.runId]],
    );
    expect(held).toBe(0);
    const d = await runs.start('shop', 'ndjson', 'd.ndjson');
    expect(d.interrupted).toEqual([]); // finished runs are not touched
    await runs.finish(d.runId, []);
  });

  it('says in the import report which earlier runs it marked', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-runs-'));
    await writeFile(path.join(dir, 'shop.ndjson'), `${JSON.stringify({ type: 'person', id: 'P1', emails: ['p1@mail.test'] })}\n`);
    const stuck = await runs.start('reportshop', 'ndjson', dir);
    await killSessionOf(stuck.runId);
    const report = await db.services.importer.run({ source: 'reportshop', format: 'ndjson', location: dir });
    expect(report.interrupted).toEqual([{ runId: stuck.runId, startedAt: expect.any(Date) }]);
    expect(formatImportReport(report)).toMatch(new RegExp(`^import reportshop .*\\nrun ${stuck.runId} of reportshop \\(started \\S+Z\\) stopped without finishing: marked interrupted`));
    expect(await status(stuck.runId)).toEqual({ status: 'interrupted', finished: true });
    expect(await status(report.runId)).toEqual({ status: 'succeeded', finished: true });
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
