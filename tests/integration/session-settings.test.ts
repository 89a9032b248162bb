import { Client } from 'pg';
import { connectionOf } from '../../src/db/connection-config';
import { openDatabase, type Database } from '../../src/db/data-source';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/**
 * Every connection of ours runs without JIT, whatever the server or database says: at 10^6 customers the
 * metrics recompute, costed high on stale statistics, spent 3.8 s compiling for a statement with nothing to do.
 * The database here is set to JIT everything, as a server with aggressive settings would.
 */
describe('session settings', () => {
  let db: TestDatabase;
  let pool: Database;
  const planOf = async (query: (sql: string) => Promise<{ 'QUERY PLAN': unknown }[]>) => {
    const [row] = await query('EXPLAIN (ANALYZE, FORMAT JSON) SELECT sum(x * 2) FROM generate_series(1, 1000) x');
    return JSON.stringify(row!['QUERY PLAN']);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    const name = new URL(db.url).pathname.slice(1);
    await db.dataSource.query(`ALTER DATABASE ${name} SET jit = on`);
    await db.dataSource.query(`ALTER DATABASE ${name} SET jit_above_cost = 0`);
    // connections opened from here on read the database's settings
    pool = await openDatabase({ url: db.url, poolSize: 2 });
  });
  afterAll(async () => {
    await pool?.dataSource.destroy();
    await db.drop();
  });

  it('a plain connection to this database has JIT on (the setting the pool must override)', async () => {
    const plain = new Client({ connectionString: db.url });
    await plain.connect();
    try {
      expect((await plain.query('SHOW jit')).rows[0].jit).toBe('on');
      // Where the server has JIT at all (Debian's llvmjit; the embedded PostgreSQL has none), the plan shows it,
      // so the plan checks below can fail; without it only the `SHOW jit` checks do the work.
      const [{ available }] = (await plain.query('SELECT pg_jit_available() AS available')).rows;
      if (available) expect(await planOf(async (sql) => (await plain.query(sql)).rows)).toContain('"JIT"');
    } finally {
      await plain.end();
    }
  });

  it('the pool turns JIT off, and keeps its generic plans', async () => {
    expect(await pool.dataSource.query('SHOW jit')).toEqual([{ jit: 'off' }]);
    expect(await pool.dataSource.query('SHOW plan_cache_mode')).toEqual([{ plan_cache_mode: 'force_generic_plan' }]);
    expect(await planOf((sql) => pool.dataSource.query(sql))).not.toContain('"JIT"');
  });

  it('a connection of its own (worker threads, locks, import runs) turns JIT off too', async () => {
    const own = new Client({ ...connectionOf(pool.dataSource) });
    await own.connect();
    try {
      expect((await own.query('SHOW jit')).rows[0].jit).toBe('off');
      expect(await planOf(async (sql) => (await own.query(sql)).rows)).not.toContain('"JIT"');
    } finally {
      await own.end();
    }
  });

  it("a DATABASE_URL's own options apply with ours, to the pool and to connections of their own", async () => {
    const url = new URL(db.url);
    url.searchParams.set('options', '-c statement_timeout=4321');
    const withOptions = await openDatabase({ url: url.toString(), poolSize: 1 });
    const own = new Client({ ...connectionOf(withOptions.dataSource) });
    await own.connect();
    try {
      const settings = "SELECT current_setting('jit') AS jit, current_setting('statement_timeout') AS timeout, current_setting('plan_cache_mode') AS plans";
      expect(await withOptions.dataSource.query(settings)).toEqual([{ jit: 'off', timeout: '4321ms', plans: 'force_generic_plan' }]);
      expect((await own.query(settings)).rows).toEqual([{ jit: 'off', timeout: '4321ms', plans: 'auto' }]);
    } finally {
      await own.end();
      await withOptions.dataSource.destroy();
    }
  });
});
