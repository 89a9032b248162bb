// A full run over stored pairs merges instead of replacing: pairs no longer scored go, changed ones are
// updated, missing ones come back, and an unchanged pair is not written (its scored_at stays). One
// statement does all three (link-writes.ts); here each kind is planted by hand in a resolved store. A run
// that wrote that little leaves the statistics alone; a first run refreshes them.
import { DEFAULT_IDENTITY_CONFIG } from '../../src/identity/identity-config';
import { replaceLinks } from '../../src/identity/link-writes';
import { LINK_DECISIONS } from '../../src/identity/resolution/cluster-pieces';
import { PairOutcomes } from '../../src/identity/resolution/pair-outcomes';
import { ResolutionStoreRepository, type ResolutionChange } from '../../src/identity/resolution-store.repository';
import { ResolveRepository } from '../../src/identity/resolve.repository';
import { ResolveService } from '../../src/identity/resolve.service';
import { insertPersonPopulation } from '../setup/person-population';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

let db: TestDatabase;
let resolver: ResolveService;

beforeAll(async () => {
  db = await createTestDatabase();
  await insertPersonPopulation(db.dataSource, 150, 9, 'm');
  resolver = new ResolveService(new ResolveRepository(db.dataSource), new ResolutionStoreRepository(db.dataSource), { ...DEFAULT_IDENTITY_CONFIG, defaultRegion: 'US' });
});
afterAll(async () => db.drop());

interface LinkRow {
  a: string;
  b: string;
  p: string;
  decision: string;
  rule: string;
  impact: number;
  at: string;
}

const links = (): Promise<LinkRow[]> =>
  db.dataSource.query(
    `SELECT record_a::text AS a, record_b::text AS b, round(probability::numeric, 9)::text AS p, decision, rule, impact, scored_at::text AS at
     FROM identity_link ORDER BY record_a, record_b`,
  );
const withoutTime = (rows: LinkRow[]) => rows.map(({ at: _, ...row }) => row);

/** Manual ANALYZEs of identity_link so far. */
async function analyses(): Promise<number> {
  const [row] = await db.dataSource.query(`SELECT analyze_count::int AS n FROM pg_stat_user_tables WHERE relname = 'identity_link'`);
  return row.n;
}

it('analyses the tables after a first run, and not after a full run that wrote nothing', async () => {
  const before = await analyses();
  await resolver.resolve({ full: true });
  const afterFirst = await analyses();
  expect(afterFirst).toBe(before + 1);
  const again = await resolver.resolve({ full: true });
  expect(again).toMatchObject({ mode: 'full', moved: 0, created: 0, merged: 0 });
  expect(await analyses()).toBe(afterFirst);
});

it('deletes stale pairs, updates changed ones, restores missing ones and leaves the rest unwritten', async () => {
  await resolver.resolve({ full: true });
  const before = await links();
  expect(before.length).toBeGreaterThan(10);
  const [changed, missing, untouched] = [before[0]!, before[1]!, before[2]!];
  // two records no stored pair joins: a pair of them is stale (no run scores it)
  const [stale] = await db.dataSource.query(
    `SELECT a.id::text AS a, b.id::text AS b FROM source_record a JOIN source_record b ON a.id < b.id
     WHERE a.person IS NOT NULL AND b.person IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM identity_link l WHERE l.record_a = a.id AND l.record_b = b.id)
     ORDER BY a.id DESC, b.id DESC LIMIT 1`,
  );
  await db.dataSource.query(`UPDATE identity_link SET probability = 0.123, impact = 99, scored_at = '2001-01-01' WHERE record_a = $1 AND record_b = $2`, [changed.a, changed.b]);
  await db.dataSource.query(`DELETE FROM identity_link WHERE record_a = $1 AND record_b = $2`, [missing.a, missing.b]);
  await db.dataSource.query(
    `INSERT INTO identity_link (record_a, record_b, probability, weight, blocking_rule, decision, rule, impact) VALUES ($1, $2, 0.7, 1, NULL, 'review', 'review_band', 2)`,
    [stale.a, stale.b],
  );

  const run = await resolver.resolve({ full: true });
  expect(run).toMatchObject({ mode: 'full', moved: 0, created: 0 });
  const after = await links();
  expect(withoutTime(after)).toEqual(withoutTime(before));
  const at = (row: { a: string; b: string }) => after.find((l) => l.a === row.a && l.b === row.b)!.at;
  expect(at(untouched)).toBe(untouched.at);
  expect(at(changed)).not.toBe('2001-01-01 00:00:00+00');
  expect(after.some((l) => l.a === stale.a && l.b === stale.b)).toBe(false);
});

// The pairs travel as columns, their names as codes into small tables (link-writes.ts): every name, a
// missing blocking rule and each decision must arrive as the row they stand for, by either way of writing.
it('writes pairs from their columns as the rows they stand for, incrementally and by a full merge', async () => {
  const ids: string[] = (await db.dataSource.query(`SELECT id::text AS id FROM source_record WHERE person IS NOT NULL ORDER BY id LIMIT 4`)).map((r: { id: string }) => r.id);
  const outcomes = new PairOutcomes(ids, 4);
  const code = (d: (typeof LINK_DECISIONS)[number]) => LINK_DECISIONS.indexOf(d);
  outcomes.add(0, 1, 0.99, 7.5, 1, code('match'), 'exact_email', 0);
  outcomes.add(0, 2, 0.61, 0.4, 0, code('review'), 'review_band', 6);
  outcomes.add(1, 3, 0.2, -1.5, 3, code('refused'), 'conflict identifier:customer_number between records 1 and 3, "quoted"', 0);
  outcomes.add(2, 3, 0.01, -9, -1, code('split'), 'manual_split', 0);
  const [{ model }] = await db.dataSource.query('SELECT max(id)::text AS model FROM identity_model');
  const stored = async () =>
    db.dataSource.query(
      `SELECT record_a::text AS a, record_b::text AS b, probability, weight, blocking_rule AS "blockingRule", decision, rule, impact, model_id::text AS model
       FROM identity_link WHERE record_a = ANY($1::bigint[]) AND record_b = ANY($1::bigint[]) ORDER BY record_a, record_b`,
      [ids],
    );
  const expected = outcomes.toArray().map((o) => ({ ...o, model }));
  const change = { links: outcomes, modelId: model, impacts: [] } as unknown as ResolutionChange;

  await db.dataSource.transaction((em) => replaceLinks(em, { ...change, linkScope: { inside: ids, touched: [] } }));
  expect(await stored()).toEqual(expected);

  // a full merge: these four stand for every pair, so the rest go
  await db.dataSource.query(`UPDATE identity_link SET rule = 'changed' WHERE record_a = $1 AND record_b = $2`, [ids[0], ids[1]]);
  await db.dataSource.transaction((em) => replaceLinks(em, { ...change, linkScope: 'all' }));
  expect(await stored()).toEqual(expected);
  const [{ n }] = await db.dataSource.query('SELECT count(*)::int AS n FROM identity_link');
  expect(n).toBe(4);
});
