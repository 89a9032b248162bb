import { fieldShapesOf } from '../../src/api/graphql/privacy/field-shapes';
import { buildTesseraSchema } from '../../src/api/graphql/schema';
import { loadPolicy } from '../../src/privacy/default-policy';
import { HOT_TRAIT_COLUMNS } from '../../src/segments/compile-definition';
import { createSegments } from '../../src/segments/create-segments';
import { importCompany } from '../setup/company-fixture';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const COLUMNS = ['customer_id', ...HOT_TRAIT_COLUMNS].join(', ');

/** customer_metrics_hot (migration 1765400000002) holds exactly customer_metrics' hot columns, whatever writes them. */
describe('customer_metrics_hot', () => {
  let db: TestDatabase;
  const differences = async (): Promise<number> => {
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM (
      (SELECT ${COLUMNS} FROM customer_metrics EXCEPT ALL SELECT ${COLUMNS} FROM customer_metrics_hot)
      UNION ALL
      (SELECT ${COLUMNS} FROM customer_metrics_hot EXCEPT ALL SELECT ${COLUMNS} FROM customer_metrics)) d`);
    return n;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
  });
  afterAll(async () => db.drop());

  it('follows the recompute (inserts, then updates of the same rows)', async () => {
    await db.services.metrics.recompute({ asOf: new Date('2024-05-15T00:00:00Z') });
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM customer_metrics_hot`);
    expect(n).toBeGreaterThan(0);
    expect(await differences()).toBe(0);
    await db.services.metrics.recompute({ full: true, asOf: new Date('2024-09-01T00:00:00Z') });
    expect(await differences()).toBe(0);
  });

  it('follows direct updates, deletes through the customer, and a truncate', async () => {
    await db.dataSource.query(`UPDATE customer_metrics SET experience_score = 12.5, csat = NULL WHERE customer_id IN (SELECT customer_id FROM customer_metrics LIMIT 3)`);
    expect(await differences()).toBe(0);
    const [{ id }] = await db.dataSource.query(`SELECT customer_id AS id FROM customer_metrics LIMIT 1`);
    await db.dataSource.query(`DELETE FROM customer WHERE id = $1`, [id]);
    expect(await db.dataSource.query(`SELECT 1 FROM customer_metrics_hot WHERE customer_id = $1`, [id])).toEqual([]);
    expect(await differences()).toBe(0);
    await db.dataSource.transaction(async (sql) => {
      await sql.query(`TRUNCATE customer_metrics`);
      const [{ n }] = await sql.query(`SELECT count(*)::int AS n FROM customer_metrics_hot`);
      expect(n).toBe(0);
      throw new Error('roll back');
    }).catch((e: Error) => expect(e.message).toBe('roll back'));
    expect(await differences()).toBe(0);
  });

  it('answers a trait count as customer_metrics does', async () => {
    const definition = { and: [{ trait: { name: 'experienceScore', op: 'lt', value: 60 } }, { trait: { name: 'lifetimeValue', op: 'gte', value: 0 } }] };
    const segments = createSegments(db.dataSource, { policy: loadPolicy(fieldShapesOf(await buildTesseraSchema())) });
    const viaHot = await segments.service.count({ subject: 't', roles: ['admin'], purpose: 'administration', purposes: ['administration'] }, definition);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM customer_metrics WHERE experience_score < 60 AND lifetime_value >= 0`);
    expect(viaHot).toBe(n);
  });
});
