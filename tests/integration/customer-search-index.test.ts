import { randomBytes } from 'node:crypto';
import { CustomerSearchTrigrams1766900000100 } from '../../migrations/1766900000100-CustomerSearchTrigrams';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/**
 * Customer search reads a trigram index for rare terms (migration 1766900000100). Where the extension may not
 * be created the migration skips the index with a warning, and search still answers (by a scan).
 */
describe('customer search index', () => {
  let db: TestDatabase;
  const role = `tessera_noext_${randomBytes(4).toString('hex')}`;
  const names = async (search: string) => (await db.services.customers.list({ first: 10, search: [search] })).map((c) => c.displayName);
  const indexed = async () =>
    (await db.dataSource.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'customer_search_trgm_idx'`))[0].n === 1;

  beforeAll(async () => {
    db = await createTestDatabase();
    // customers named alike and one rare name
    await db.dataSource.query(
      `INSERT INTO customer (id, display_name, search_text)
       SELECT gen_random_uuid(), 'Anna Smith ' || i, 'anna smith ' || i || ' anna.smith' || i || '@example.com' FROM generate_series(1, 20000) i`,
    );
    await db.dataSource.query(`INSERT INTO customer (id, display_name, search_text) VALUES (gen_random_uuid(), 'Zofia Zbigniewska', 'zofia zbigniewska z.zb@example.org')`);
    await db.dataSource.query('ANALYZE customer');
    await db.dataSource.query(`CREATE ROLE ${role}`);
  });
  afterAll(async () => {
    await db.dataSource.query(`DROP OWNED BY ${role}`).catch(() => undefined);
    await db.dataSource.query(`DROP ROLE IF EXISTS ${role}`);
    await db.drop();
  });

  it('exists after the migrations, and serves the search predicate', async () => {
    expect(await indexed()).toBe(true);
    expect(await names('zbigniew')).toEqual(['Zofia Zbigniewska']);
    const plan = await db.dataSource.transaction(async (em) => {
      // a table this small is cheaper to scan: asked not to, the planner shows the index can serve `LIKE ANY`
      await em.query('SET LOCAL enable_seqscan = off');
      const rows: { 'QUERY PLAN': string }[] = await em.query(
        `EXPLAIN SELECT c.id FROM customer c WHERE c.search_text LIKE ANY($2::text[]) ORDER BY c.display_name, c.id LIMIT $1`,
        [11, ['%zbigniew%']],
      );
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toContain('customer_search_trgm_idx');
    expect(await names('smith 1999')).toEqual(['Anna Smith 1999', ...Array.from({ length: 9 }, (_, i) => `Anna Smith 1999${i}`)]);
  });

  it('pages through matches far along the names (read by the index) and near (among the first names) alike', async () => {
    // 'smith 19': 1,111 of the 20,000, all after 5,000 others in name order, then contiguous
    const expected: { id: string; display_name: string }[] = await db.dataSource.query(
      `SELECT id, display_name FROM customer WHERE search_text LIKE '%smith 19%' ORDER BY display_name, id`,
    );
    expect(expected).toHaveLength(1111);
    const seen: string[] = [];
    let after: [string, string] | undefined;
    for (;;) {
      const page = await db.services.customers.list({ first: 100, after, search: ['Smith 19'] });
      seen.push(...page.map((c) => c.id));
      if (page.length < 100) break;
      after = [page.at(-1)!.displayName, page.at(-1)!.id];
    }
    expect(seen).toEqual(expected.map((r) => r.id));
  });

  it('is skipped with a warning when the extension may not be created; search still answers', async () => {
    const admin = new (await import('pg')).Client({ connectionString: db.url });
    await admin.connect();
    const warnings: string[] = [];
    const log = jest.spyOn(db.dataSource.logger, 'log').mockImplementation((level, message) => void (level === 'warn' && warnings.push(String(message))));
    const runner = db.dataSource.createQueryRunner();
    try {
      await admin.query('DROP EXTENSION pg_trgm CASCADE');
      expect(await indexed()).toBe(false);
      await runner.startTransaction();
      // a role with no CREATE on the database may not create even a trusted extension
      await runner.query(`SET LOCAL ROLE ${role}`);
      await new CustomerSearchTrigrams1766900000100().up(runner);
      await runner.commitTransaction();
      expect(await indexed()).toBe(false);
      expect(warnings.join('\n')).toMatch(/customer search index not created: the migrating user may not create the pg_trgm extension or its index/);
      expect(await names('zbigniew')).toEqual(['Zofia Zbigniewska']);

      await runner.startTransaction();
      await new CustomerSearchTrigrams1766900000100().up(runner);
      await runner.commitTransaction();
      expect(await indexed()).toBe(true);
    } finally {
      log.mockRestore();
      await runner.release();
      await admin.end();
    }
  });
});
