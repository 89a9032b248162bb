import { fieldShapesOf } from '../../src/api/graphql/privacy/field-shapes';
import { buildTesseraSchema } from '../../src/api/graphql/schema';
import { loadPolicy } from '../../src/privacy/default-policy';
import { TRAIT_CATALOG } from '../../src/metrics/trait-catalog';
import { HOT_TRAIT_COLUMNS } from '../../src/segments/compile-definition';
import { countSql } from '../../src/segments/membership-sql';
import { validateDefinition } from '../../src/segments/validate-definition';
import { createSegments, type Segments } from '../../src/segments/create-segments';
import type { SegmentCaller } from '../../src/segments/segment.service';
import { importCompany } from '../setup/company-fixture';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const HOT = [...HOT_TRAIT_COLUMNS];
const ADMIN: SegmentCaller = { subject: 't', roles: ['admin'], purpose: 'administration', purposes: ['administration'] };

/**
 * customer_attributes holds copies of the hot traits (migration 1765900000000) so a condition mixing profile
 * attributes and traits reads one table; and birth dates are tested as ranges on an indexed first date.
 */
describe('customer_attributes: hot trait copies and birth dates', () => {
  let db: TestDatabase;
  let segments: Segments;
  const count = (definition: object) => segments.service.count(ADMIN, definition);
  /** Rows where the copies differ from customer_metrics (a customer without metrics must have NULL copies). */
  const differences = async (): Promise<number> => {
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM customer_attributes a
      LEFT JOIN customer_metrics m ON m.customer_id = a.customer_id
      WHERE (${HOT.map((c) => `a.${c}`).join(', ')}) IS DISTINCT FROM (${HOT.map((c) => `m.${c}`).join(', ')})`);
    const [{ missing }] = await db.dataSource.query(`SELECT count(*)::int AS missing FROM customer_metrics m
      WHERE NOT EXISTS (SELECT 1 FROM customer_attributes a WHERE a.customer_id = m.customer_id)`);
    return n + missing;
  };

  /**
   * The company fixture has five customers; these 70 more cover every mix the tests need: countries, none,
   * one or several birth dates, traits or none (their rows are written directly, as the recompute would).
   */
  const addSyntheticCustomers = async () => {
    await db.dataSource.query(`CREATE TEMP TABLE synthetic AS SELECT gen_random_uuid() AS id, i FROM generate_series(0, 69) i`);
    await db.dataSource.query('INSERT INTO customer (id) SELECT id FROM synthetic');
    await db.dataSource.query(`INSERT INTO customer_attributes (customer_id, has_email, has_phone, countries, cities, postcodes, birth_dates)
      SELECT id, i % 2 = 0, false, (ARRAY['{us}', '{es}', '{gb,us}', '{}', '{fr}'])[i % 5 + 1]::text[], '{}', '{}',
        (ARRAY['{}', '{1980-05-17}', '{1979-12-31,1995-06-15}', '{1950-01-01,1988-02-29}', '{1988-03-14}', '{1995-01-01}', '{1989-12-31}'])[i % 7 + 1]::date[]
      FROM synthetic`);
    await db.dataSource.query(`INSERT INTO customer_metrics
      SELECT (jsonb_populate_record(NULL::customer_metrics, to_jsonb(m) || jsonb_build_object('customer_id', s.id, 'experience_score', (s.i * 7) % 100))).*
      FROM synthetic s CROSS JOIN (SELECT * FROM customer_metrics LIMIT 1) m WHERE s.i % 3 <> 0`);
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
    await db.services.metrics.recompute({ asOf: new Date('2024-05-15T00:00:00Z') });
    segments = createSegments(db.dataSource, { policy: loadPolicy(fieldShapesOf(await buildTesseraSchema())) });
  });
  afterAll(async () => db.drop());

  it('copies follow the recompute, direct updates, a metrics row without attributes, deletes and a truncate', async () => {
    const [{ n }] = await db.dataSource.query('SELECT count(*)::int AS n FROM customer_attributes WHERE experience_score IS NOT NULL');
    expect(n).toBeGreaterThan(0);
    expect(await differences()).toBe(0);
    await db.services.metrics.recompute({ full: true, asOf: new Date('2024-09-01T00:00:00Z') });
    expect(await differences()).toBe(0);
    await db.dataSource.query(`UPDATE customer_metrics SET experience_score = 12.5, csat = NULL WHERE customer_id IN (SELECT customer_id FROM customer_metrics LIMIT 3)`);
    expect(await differences()).toBe(0);

    await db.dataSource.transaction(async (sql) => {
      // a customer whose attributes row is gone gets one back, with empty attributes, when its traits are written
      const [{ id }] = await sql.query('SELECT customer_id AS id FROM customer_metrics LIMIT 1');
      await sql.query('DELETE FROM customer_attributes WHERE customer_id = $1', [id]);
      await sql.query('UPDATE customer_metrics SET experience_score = 77 WHERE customer_id = $1', [id]);
      const [row] = await sql.query('SELECT countries, has_email, experience_score::float AS score FROM customer_attributes WHERE customer_id = $1', [id]);
      expect(row).toEqual({ countries: [], has_email: false, score: 77 });
      await sql.query('DELETE FROM customer_metrics WHERE customer_id = $1', [id]);
      const [cleared] = await sql.query('SELECT experience_score FROM customer_attributes WHERE customer_id = $1', [id]);
      expect(cleared).toEqual({ experience_score: null });
      await sql.query('TRUNCATE customer_metrics');
      const [{ left }] = await sql.query('SELECT count(*)::int AS left FROM customer_attributes WHERE experience_score IS NOT NULL OR csat IS NOT NULL');
      expect(left).toBe(0);
      throw new Error('roll back');
    }).catch((e: Error) => expect(e.message).toBe('roll back'));
    expect(await differences()).toBe(0);
  });

  it('answers a condition mixing profile attributes and hot traits from customer_attributes alone, as the join does', async () => {
    await addSyntheticCustomers();
    expect(await differences()).toBe(0);
    const country = { profile: { attribute: 'country', op: 'in', value: ['US', 'ES', 'GB'] } };
    const score = { trait: { name: 'experienceScore', op: 'lt', value: 60 } };
    const oracle = async (where: string) => {
      const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM customer c
        LEFT JOIN customer_metrics m ON m.customer_id = c.id LEFT JOIN customer_attributes a ON a.customer_id = c.id WHERE ${where}`);
      return n;
    };
    const inCountry = `a.countries && '{us,es,gb}'`;
    const cases: [object, string][] = [
      [{ and: [country, score] }, `${inCountry} AND m.experience_score < 60`],
      [{ or: [country, score] }, `(${inCountry} OR m.experience_score < 60)`],
      [{ and: [country, { not: score }] }, `${inCountry} AND NOT coalesce(m.experience_score < 60, false)`],
      [{ and: [{ not: country }, score] }, `NOT coalesce(${inCountry}, false) AND m.experience_score < 60`],
    ];
    const sizes = new Set<number>();
    for (const [definition, where] of cases) {
      const expected = await oracle(where);
      sizes.add(expected);
      expect(await count(definition)).toBe(expected);
    }
    expect(Math.min(...sizes)).toBeGreaterThan(0);
    expect(sizes.size).toBeGreaterThan(2);
  });

  it('birth-date and birth-year tests match any of the dates, for customers with none, one or several, through the birth-date indexes', async () => {
    const oracle = async (test: string) => {
      const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM customer_attributes a WHERE EXISTS (SELECT 1 FROM unnest(a.birth_dates) d(v) WHERE ${test})`);
      return n;
    };
    const year = 'extract(year FROM d.v)';
    const cases: [object, string][] = [
      [{ attribute: 'birthYear', op: 'eq', value: 1988 }, `${year} = 1988`],
      [{ attribute: 'birthYear', op: 'lt', value: 1980 }, `${year} < 1980`],
      [{ attribute: 'birthYear', op: 'lte', value: 1989 }, `${year} <= 1989`],
      [{ attribute: 'birthYear', op: 'lt', value: 1989 }, `${year} < 1989`],
      [{ attribute: 'birthYear', op: 'gt', value: 1988 }, `${year} > 1988`],
      [{ attribute: 'birthYear', op: 'gte', value: 1995 }, `${year} >= 1995`],
      [{ attribute: 'birthYear', op: 'between', value: [1980, 1989] }, `${year} BETWEEN 1980 AND 1989`],
      [{ attribute: 'birthYear', op: 'in', value: [1950, 1984, 1995] }, `${year} IN (1950, 1984, 1995)`],
      [{ attribute: 'birthYear', op: 'gte', value: -5 }, 'true'],
      [{ attribute: 'birthYear', op: 'lt', value: 99999 }, 'true'],
      [{ attribute: 'birthYear', op: 'eq', value: 99999 }, 'false'],
      [{ attribute: 'birthDate', op: 'eq', value: '1988-02-29' }, `d.v = '1988-02-29'`],
      [{ attribute: 'birthDate', op: 'between', value: ['1979-12-31', '1985-01-01'] }, `d.v BETWEEN '1979-12-31' AND '1985-01-01'`],
    ];
    for (const [profile, test] of cases) {
      const expected = await oracle(test);
      expect({ profile, n: await count({ profile }) }).toEqual({ profile, n: expected });
      // `not` is the complement over every customer
      const [{ everyone }] = await db.dataSource.query('SELECT count(*)::int AS everyone FROM customer');
      expect(await count({ not: { profile } })).toBe(everyone - expected);
    }
    // the ranges are ones the partial indexes serve (the plan, with scans of every row priced out)
    const parsed = validateDefinition({ profile: { attribute: 'birthYear', op: 'between', value: [1980, 1989] } }, { traits: TRAIT_CATALOG });
    if (!parsed.ok) throw new Error(parsed.errors.join('; '));
    const q = countSql(parsed.condition, new Date());
    const plan: string = await db.dataSource.transaction(async (sql) => {
      await sql.query('SET LOCAL enable_seqscan = off');
      const rows: { 'QUERY PLAN': string }[] = await sql.query(`EXPLAIN ${q.sql}`, q.params);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });
    expect(plan).toMatch(/Index Scan on customer_attributes_birth_date_idx[^\n]*\n\s+Index Cond: \(\(birth_dates\[1\] >= '1980-01-01'::date\) AND \(birth_dates\[1\] < '1990-01-01'::date\)\)/);
    expect(plan).toContain('Bitmap Index Scan on customer_attributes_birth_dates_many_idx');
    const [{ several }] = await db.dataSource.query('SELECT count(*)::int AS several FROM customer_attributes WHERE cardinality(birth_dates) > 1');
    expect(several).toBeGreaterThan(10);
    expect(await count({ profile: { attribute: 'birthYear', op: 'eq', value: 1950 } })).toBe(10);
  });
});
