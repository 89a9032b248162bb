import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ImportRunAccessLogged1766700000600 } from '../../migrations/1766700000600-ImportRunAccessLogged';
import { buildCli, runCli, startCli } from '../setup/cli';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

interface Entry {
  actor: string;
  roles: string[];
  client: string | null;
  operation_name: string;
  customers: string[];
  outcome: string;
}

/** One NDJSON person per name, each its own customer. */
const people = (prefix: string, names: string[]) =>
  `${names
    .map((name, i) => {
      const [first, last] = name.split(' ');
      return JSON.stringify({ type: 'person', id: `${prefix}${i + 1}`, name: { first, last }, emails: [`${first!.toLowerCase()}.${last!.toLowerCase()}@mail.test`] });
    })
    .join('\n')}\n`;

/**
 * An import that committed records always leaves its access-log entry: a broken output pipe, a failing later
 * step, or a process killed between the commit and the entry (the next import of the source writes it then).
 */
describe('the access-log entry of an import survives what happens after its commit', () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  let dir: string;
  beforeAll(async () => {
    buildCli();
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-import-log-'));
    env = { DATABASE_URL: db.url, DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'tessera-cli-')), NODE_ENV: 'development' };
  }, 180_000);
  afterAll(async () => db.drop());

  const entriesOf = (runId: string): Promise<Entry[]> =>
    db.dataSource.query(
      `SELECT actor, roles, client, operation_name, customer_ids::text[] AS customers, outcome FROM access_log WHERE request_id = $1 ORDER BY position`,
      [`import-run-${runId}`],
    );
  const runsOf = (source: string): Promise<{ id: string; status: string; access_logged: boolean }[]> =>
    db.dataSource.query(`SELECT id::text, status, access_logged FROM import_run WHERE source = $1 ORDER BY id`, [source]);
  const customersOf = async (source: string): Promise<string[]> =>
    (await db.dataSource.query(`SELECT DISTINCT customer_id::text AS id FROM source_record WHERE source = $1 AND customer_id IS NOT NULL ORDER BY 1`, [source])).map(
      (r: { id: string }) => r.id,
    );
  /** What a kill -9 does to a run's lock: PostgreSQL ends the session that held it. */
  const dropLockOf = async (runId: string) => {
    await db.dataSource.query(
      `SELECT pg_terminate_backend(l.pid) FROM pg_locks l
       WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.objid = $1::bigint::oid AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [runId],
    );
    for (let i = 0; i < 100; i++) {
      const [{ held }] = await db.dataSource.query(`SELECT count(*)::int AS held FROM pg_locks WHERE locktype = 'advisory' AND objid = $1::bigint::oid`, [runId]);
      if (held === 0) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`the lock of run ${runId} is still held`);
  };

  it('a run that died after committing (never logged) is logged by the next run of its source, once, as who ran it', async () => {
    const file = path.join(dir, 'died.ndjson');
    await writeFile(file, people('D', ['Ada Lovelace', 'Bruno Kreisky', 'Chiara Lubich']));
    const by = { actor: 'ops-dora', roles: ['operator'], purpose: 'import', client: 'tessera-cli' };
    const report = await db.services.importer.run({ source: 'died', format: 'ndjson', location: file, by, deferAccessLog: true });
    await db.services.resolver.resolve();
    await dropLockOf(report.runId); // the process is gone before logAccess
    expect(await entriesOf(report.runId)).toEqual([]);
    expect(await runsOf('died')).toEqual([{ id: report.runId, status: 'succeeded', access_logged: false }]);

    const next = await db.services.importer.run({ source: 'died', format: 'ndjson', location: file });
    const customers = await customersOf('died');
    expect(customers).toHaveLength(3);
    expect(await entriesOf(report.runId)).toEqual([
      {
        actor: 'ops-dora',
        roles: ['operator'],
        client: 'tessera-cli',
        operation_name: 'import died died.ndjson',
        customers,
        outcome: `imported inserted=3 updated=0 unchanged=0 deleted=0 rejected=0 recovered-by=import-run-${next.runId}`,
      },
    ]);
    expect(await runsOf('died')).toEqual([
      { id: report.runId, status: 'succeeded', access_logged: true },
      { id: next.runId, status: 'succeeded', access_logged: true },
    ]);
    // the dead process's own write, had it come back, writes nothing more; nor does a third run
    await db.services.importer.logAccess(report);
    await db.services.importer.run({ source: 'died', format: 'ndjson', location: file });
    expect(await entriesOf(report.runId)).toHaveLength(1);
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM access_log WHERE outcome LIKE '%recovered-by=%'`))[0].n).toBe(1);
    expect(await db.services.audit.verify()).toMatchObject({ ok: true });
  });

  it('a dead run whose entry cannot be written does not fail the next import: it stays unlogged, and is logged once it can be', async () => {
    const file = path.join(dir, 'unrecoverable.ndjson');
    await writeFile(file, people('B', ['Dora Maar', 'Emil Nolde']));
    const report = await db.services.importer.run({ source: 'unrecoverable', format: 'ndjson', location: file, deferAccessLog: true });
    await db.services.resolver.resolve();
    await dropLockOf(report.runId);
    // a stored actor the entry cannot be made from (roles not a list): building its entry throws
    await db.dataSource.query(`UPDATE import_run SET access_by = '{"actor": "ops-eve", "roles": 5}' WHERE id = $1`, [report.runId]);

    const next = await db.services.importer.run({ source: 'unrecoverable', format: 'ndjson', location: file });
    expect(next.runId).not.toBe(report.runId);
    expect(await runsOf('unrecoverable')).toEqual([
      { id: report.runId, status: 'succeeded', access_logged: false },
      { id: next.runId, status: 'succeeded', access_logged: true },
    ]);
    expect(await entriesOf(report.runId)).toEqual([]);

    // repaired, the next import of the source writes it
    await db.dataSource.query(`UPDATE import_run SET access_by = '{"actor": "ops-eve", "roles": ["operator"]}' WHERE id = $1`, [report.runId]);
    const third = await db.services.importer.run({ source: 'unrecoverable', format: 'ndjson', location: file });
    expect(await entriesOf(report.runId)).toEqual([
      expect.objectContaining({ actor: 'ops-eve', roles: ['operator'], outcome: expect.stringContaining(`recovered-by=import-run-${third.runId}`) }),
    ]);
    expect(await db.services.audit.verify()).toMatchObject({ ok: true });
  });

  it('a run still writing its entry (resolving) is not taken for dead by another run of its source', async () => {
    const file = path.join(dir, 'live.ndjson');
    await writeFile(file, people('L', ['Dmitri Mendeleev', 'Elena Ferrante']));
    const a = await db.services.importer.run({ source: 'live', format: 'ndjson', location: file, deferAccessLog: true });
    const b = await db.services.importer.run({ source: 'live', format: 'ndjson', location: file });
    expect(b.interrupted).toBeUndefined();
    expect(await entriesOf(a.runId)).toEqual([]);
    await db.services.resolver.resolve();
    await db.services.importer.logAccess(a);
    const [own] = await entriesOf(a.runId);
    // its own entry, after resolution: the customers its records joined
    expect(own).toMatchObject({ operation_name: 'import live live.ndjson', outcome: 'imported inserted=2 updated=0 unchanged=0 deleted=0 rejected=0 suppressed=0', customers: await customersOf('live') });
    expect(await entriesOf(a.runId)).toHaveLength(1);
  });

  it('tessera import whose reader is gone (| head) carries on: exit 0, resolved, logged', async () => {
    const file = path.join(dir, 'pipe.ndjson');
    await writeFile(file, people('P', ['Fatima Mernissi', 'Gustav Mahler']));
    const child = startCli(['import', '--source', 'pipe', '--format', 'ndjson', '--actor', 'ops-pia', file], env);
    child.stdout!.destroy(); // every line it prints now breaks the pipe (EPIPE)
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const [run] = await runsOf('pipe');
    expect(run).toMatchObject({ status: 'succeeded', access_logged: true });
    const customers = await customersOf('pipe');
    expect(customers).toHaveLength(2); // resolved after the pipe broke
    expect(await entriesOf(run!.id)).toEqual([
      { actor: 'ops-pia', roles: ['operator'], client: 'tessera-cli', operation_name: 'import pipe pipe.ndjson', customers, outcome: 'imported inserted=2 updated=0 unchanged=0 deleted=0 rejected=0 suppressed=0' },
    ]);
  }, 60_000);

  it('tessera import whose resolution fails still writes its entry, and exits 1', async () => {
    const file = path.join(dir, 'broken.ndjson');
    await writeFile(file, people('B', ['Hannah Arendt', 'Ivo Andric']));
    await db.dataSource.query(`CREATE FUNCTION refuse_customer() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no new customers today'; END $$`);
    await db.dataSource.query(`CREATE TRIGGER refuse_customer BEFORE INSERT ON customer FOR EACH STATEMENT EXECUTE FUNCTION refuse_customer()`);
    try {
      const res = await runCli(['import', '--source', 'broken', '--format', 'ndjson', '--actor', 'ops-bea', file], env);
      expect(res.stderr).toMatch(/no new customers today/);
      expect(res.code).toBe(1);
    } finally {
      await db.dataSource.query(`DROP TRIGGER refuse_customer ON customer; DROP FUNCTION refuse_customer()`);
    }
    const [run] = await runsOf('broken');
    expect(run).toMatchObject({ status: 'succeeded', access_logged: true });
    expect(await entriesOf(run!.id)).toEqual([expect.objectContaining({ actor: 'ops-bea', outcome: 'imported inserted=2 updated=0 unchanged=0 deleted=0 rejected=0 suppressed=0 unlinked=2', customers: [] })]);
  }, 60_000);

  it('tessera import killed (-9) while resolving: the next import of its source writes the entry', async () => {
    const file = path.join(dir, 'kill.ndjson');
    await writeFile(file, people('K', ['Jorge Borges', 'Kofi Annan']));
    // resolution waits in the database, so the process is killed between its commit and its entry
    await db.dataSource.query(`CREATE FUNCTION hold_customer() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(60); RETURN NULL; END $$`);
    await db.dataSource.query(`CREATE TRIGGER hold_customer BEFORE INSERT ON customer FOR EACH STATEMENT EXECUTE FUNCTION hold_customer()`);
    const child = startCli(['import', '--source', 'kill', '--format', 'ndjson', '--actor', 'ops-kim', file], env);
    const closed = new Promise((resolve) => child.on('close', resolve));
    try {
      let waiting = 0;
      for (let i = 0; i < 600 && waiting === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        [{ waiting }] = await db.dataSource.query(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'tessera' AND wait_event = 'PgSleep'`,
        );
      }
      expect(waiting).toBe(1);
      child.kill('SIGKILL');
      await closed;
      await db.dataSource.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'tessera' AND wait_event = 'PgSleep'`,
      );
    } finally {
      await db.dataSource.query(`DROP TRIGGER hold_customer ON customer; DROP FUNCTION hold_customer()`);
    }
    const [killed] = await runsOf('kill');
    expect(killed).toMatchObject({ status: 'succeeded', access_logged: false });
    expect(await entriesOf(killed!.id)).toEqual([]);

    const rerun = await runCli(['import', '--source', 'kill', '--format', 'ndjson', file], env);
    expect(rerun.code).toBe(0);
    const [, next] = await runsOf('kill');
    expect(await customersOf('kill')).toHaveLength(2);
    expect(await entriesOf(killed!.id)).toEqual([
      {
        actor: 'ops-kim',
        roles: ['operator'],
        client: 'tessera-cli',
        operation_name: 'import kill kill.ndjson',
        // written once the rerun has resolved: the customers its records joined
        customers: await customersOf('kill'),
        outcome: `imported inserted=2 updated=0 unchanged=0 deleted=0 rejected=0 recovered-by=import-run-${next!.id}`,
      },
    ]);
    expect(await runsOf('kill')).toEqual([
      { id: killed!.id, status: 'succeeded', access_logged: true },
      { id: next!.id, status: 'succeeded', access_logged: true },
    ]);
  }, 120_000);

  it('migration 1766700000600: runs recorded before it count as logged (nothing to recover), later ones start unlogged', async () => {
    const migration = new ImportRunAccessLogged1766700000600();
    const runner = db.dataSource.createQueryRunner();
    try {
      await migration.down(runner);
      await db.dataSource.query(`INSERT INTO import_run (source, format, location, status) VALUES ('before', 'ndjson', 'old.ndjson', 'succeeded')`);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    await db.dataSource.query(`INSERT INTO import_run (source, format, location, status) VALUES ('before', 'ndjson', 'new.ndjson', 'failed')`);
    expect((await runsOf('before')).map((r) => r.access_logged)).toEqual([true, false]);
  });
});
