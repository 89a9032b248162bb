import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase, runMigrations, migrationsApplied, type Database } from '../../src/db/data-source';
import { createLogger } from '../../src/observability/logger';
import { withDatabase } from '../setup/test-database-url';

/** Two replicas starting at once, or `tessera migrate` beside a starting server, against an empty database. */
describe('migrations take turns', () => {
  const adminUrl = process.env.TESSERA_TEST_ADMIN_URL!;
  const name = `tessera_test_migrate_${randomBytes(4).toString('hex')}`;
  let admin: Client;
  const opened: Database[] = [];
  beforeAll(async () => {
    admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
  });
  afterAll(async () => {
    for (const db of opened) await db.dataSource.destroy().catch(() => undefined);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('two runs at once: one applies every migration, the other waits and finds nothing to do', async () => {
    const lines: string[] = [];
    const log = createLogger('info', 'tessera', { write: (line: string) => void lines.push(line) });
    // a pool of one, as the test set-up migrates: the lock must not take the pool's only connection
    for (let i = 0; i < 2; i++) opened.push(await openDatabase({ url: withDatabase(adminUrl, name), poolSize: 1 }));
    const [first, second] = await Promise.all(opened.map((db) => runMigrations(db.dataSource, log)));
    const all = opened[0].dataSource.migrations.length;
    expect([first.length, second.length].sort((a, b) => a - b)).toEqual([0, all]);
    const rows = await opened[0].dataSource.query('SELECT name, count(*)::int AS n FROM typeorm_migrations GROUP BY name HAVING count(*) > 1');
    expect(rows).toEqual([]);
    expect((await opened[0].dataSource.query('SELECT count(*)::int AS n FROM typeorm_migrations'))[0].n).toBe(all);
    expect(await migrationsApplied(opened[1].dataSource)).toBe(true);
    expect(lines.map((l) => JSON.parse(l).msg)).toContain('waiting for another process to finish its migrations');
    // the lock was let go: a third run takes it at once
    expect(await runMigrations(opened[1].dataSource)).toEqual([]);
  });
});
