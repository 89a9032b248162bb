import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildCli, runCli, startCli } from '../setup/cli';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** Exit 2 is for usage errors; a database that fails under a running import is exit 1, with one clear line. */
describe('tessera import when the database fails midway', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    buildCli();
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url, DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'tessera-cli-')), NODE_ENV: 'development' };
  }, 120_000);
  afterAll(async () => db.drop());

  it('exits 1 when its connection is killed during a batch, says what failed and that a re-run continues; a re-run does', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-cli-kill-'));
    const file = path.join(dir, 'shop.ndjson');
    const people = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ type: 'person', id: `K${i + 1}`, emails: [`k${i + 1}@mail.test`] }));
    await writeFile(file, `${people.join('\n')}\n`);
    // the second batch (records 1001-1500) waits in the database, so its connection is killed inside a statement
    await db.dataSource.query(`CREATE FUNCTION hold_k1200() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(60); RETURN NEW; END $$`);
    await db.dataSource.query(
      `CREATE TRIGGER hold_k1200 BEFORE INSERT ON source_record FOR EACH ROW WHEN (NEW.source = 'killcli' AND NEW.external_id = 'K1200') EXECUTE FUNCTION hold_k1200()`,
    );
    let stderr = '';
    let stdout = '';
    const child = startCli(['import', '--source', 'killcli', '--format', 'ndjson', '--no-resolve', file], env);
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    try {
      let killed = 0;
      for (let i = 0; i < 600 && killed === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        [{ killed }] = await db.dataSource.query(
          `SELECT count(pg_terminate_backend(pid))::int AS killed FROM pg_stat_activity
           WHERE datname = current_database() AND application_name = 'tessera' AND wait_event = 'PgSleep'`,
        );
      }
      expect(killed).toBe(1);
    } finally {
      await db.dataSource.query('DROP TRIGGER hold_k1200 ON source_record; DROP FUNCTION hold_k1200()');
    }
    expect(await exited).toBe(1);
    const [run] = await db.dataSource.query(`SELECT id::text, status, inserted, error FROM import_run WHERE source = 'killcli'`);
    const errors = stderr.split('\n').filter((l) => l.startsWith('error: '));
    expect(errors).toEqual([
      `error: import of killcli stopped (run ${run.id}, at shop.ndjson): database error: terminating connection due to administrator command; ` +
        'the batches committed before it are kept, and running the same import again continues without duplicates',
    ]);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(stdout).not.toMatch(/^import killcli/m); // no report of a run that did not finish
    // the run failed; its first batch is committed and counted
    expect(run).toMatchObject({ status: 'failed', inserted: 1000, error: 'shop.ndjson: database error: terminating connection due to administrator command' });

    const rerun = await runCli(['import', '--source', 'killcli', '--format', 'ndjson', '--no-resolve', file], env);
    expect(rerun.stdout).toMatch(/shop\.ndjson\s+inserted 500\s+updated 0\s+unchanged 1000\s/);
    const [{ records, uniq }] = await db.dataSource.query(
      `SELECT count(*)::int AS records, count(DISTINCT external_id)::int AS uniq FROM source_record WHERE source = 'killcli'`,
    );
    expect({ records, uniq }).toEqual({ records: 1500, uniq: 1500 });
    expect(rerun.code).toBe(0);
  }, 120_000);

  it('still exits 2 for a usage error (input that cannot be read)', async () => {
    const res = await runCli(['import', '--source', 'killcli', '--format', 'ndjson', '/does/not/exist'], env);
    expect(res.code).toBe(2);
    expect(res.stderr).toBe('error: cannot read /does/not/exist: no such file or folder\n');
  });
});
