import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/**
 * The statement trigger that queues customers for metrics after an UPDATE of source_record kept, per session,
 * the plan of its first call. A first call with empty transition tables (an import's upsert that changes
 * nothing) left a nested loop between new_rows and old_rows, and a later big UPDATE on that connection went
 * quadratic (linkOwners: 802 s for 40,000 interactions). Migration 1766400000000 plans it per statement.
 */
describe('metrics queue trigger after a big UPDATE', () => {
  let db: TestDatabase;
  const N = 20_000;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.dataSource.query(
      `INSERT INTO source_record (source, entity, external_id, payload, data, person, content_hash) VALUES ('planned', 'person', 'P', '{}', '{}', '{}', 'p')`,
    );
    await db.dataSource.query(
      `INSERT INTO source_record (source, entity, external_id, payload, data, content_hash, owner_entity, owner_external_id)
       SELECT 'planned', 'interaction', 'I' || i, jsonb_build_object('note', repeat('x', 200)), '{}', 'h' || i, 'person', 'P'
       FROM generate_series(1, $1::int) i`,
      [N],
    );
  });
  afterAll(async () => db.drop());

  it('links 20,000 records in one statement in seconds on a session whose first call was empty', async () => {
    const session = db.dataSource.createQueryRunner();
    try {
      await session.connect();
      await session.query(`UPDATE source_record SET person_record_id = person_record_id WHERE false`);
      // before the fix this statement compared 400 million row pairs: over a minute on a laptop
      await session.query(`SET statement_timeout = '20s'`);
      const started = Date.now();
      await session.query(
        `UPDATE source_record f SET person_record_id = p.id FROM source_record p
         WHERE f.source = 'planned' AND f.entity = 'interaction' AND p.source = 'planned' AND p.entity = 'person'`,
      );
      expect(Date.now() - started).toBeLessThan(20_000);
      await session.query(`RESET statement_timeout`);
    } finally {
      await session.release();
    }
    const [{ linked }] = await db.dataSource.query(`SELECT count(person_record_id)::int AS linked FROM source_record WHERE source = 'planned' AND entity = 'interaction'`);
    expect(linked).toBe(N);
  }, 60_000);
});
