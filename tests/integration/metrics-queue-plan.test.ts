import { Client } from 'pg';
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

/**
 * The insert and delete triggers kept the plan of a session's first call the same way (migration
 * 1766800000000): after a large insert, every later insert on that connection, one row included, hashed the
 * whole customer table. The plans are read with auto_explain on the trigger's own statement.
 */
describe('metrics queue triggers after a large INSERT', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.dataSource.query(`INSERT INTO customer (id) SELECT gen_random_uuid() FROM generate_series(1, 20000)`);
    await db.dataSource.query(
      `INSERT INTO source_record (source, entity, external_id, payload, data, person, content_hash, customer_id)
       SELECT 'planned', 'person', 'P' || n, '{}', '{}', '{}', 'p' || n, id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM customer) c`,
    );
    await db.dataSource.query('ANALYZE customer, source_record');
  });
  afterAll(async () => db.drop());

  it('a one-row insert or delete after a large one probes its customer, not the whole customer table', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const plans: string[] = [];
    client.on('notice', (n) => {
      // the insert and delete triggers' statements (the update trigger's, fired by the delete's foreign-key actions, reads `new_rows n`)
      if (n.message && /FROM (new|old)_rows r\b/.test(n.message)) plans.push(n.message);
    });
    try {
      await client.query(`LOAD 'auto_explain'`);
      await client.query(`SET auto_explain.log_min_duration = 0`);
      await client.query(`SET auto_explain.log_nested_statements = on`);
      await client.query(`SET auto_explain.log_level = notice`);
      await client.query(`SET client_min_messages = notice`);
      const facts = (prefix: string, limit: number) =>
        client.query(
          `INSERT INTO source_record (source, entity, external_id, payload, data, content_hash, person_record_id, owner_entity, owner_external_id)
           SELECT 'planned', 'ticket', $1 || p.external_id, '{}', '{}', 'h', p.id, 'person', p.external_id
           FROM source_record p WHERE p.source = 'planned' AND p.entity = 'person' ORDER BY p.id LIMIT $2`,
          [prefix, limit],
        );
      // the session's first calls: many rows
      await facts('A', 10_000);
      await client.query(`DELETE FROM source_record WHERE source = 'planned' AND entity = 'ticket' AND external_id LIKE 'A%'`);
      plans.length = 0;
      await facts('B', 1);
      await client.query(`DELETE FROM source_record WHERE source = 'planned' AND entity = 'ticket' AND external_id LIKE 'B%'`);
      expect(plans).toHaveLength(2);
      for (const plan of plans) {
        expect(plan).not.toMatch(/Seq Scan on customer\b/);
        expect(plan).toMatch(/Index (Only )?Scan using customer_pkey/);
      }
    } finally {
      await client.end();
    }
    // and the customers were queued
    const [{ queued }] = await db.dataSource.query(`SELECT count(*)::int AS queued FROM customer_metrics_dirty`);
    expect(queued).toBeGreaterThan(10_000);
  }, 60_000);
});
