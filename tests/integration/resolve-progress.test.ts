// The phases a resolution and a metrics recompute report to an onProgress listener (the CLI draws them), on a
// real store: in order, done never past total, each ending with done = total, and a handful of calls.
import { DEFAULT_IDENTITY_CONFIG } from '../../src/identity/identity-config';
import { ResolutionStoreRepository } from '../../src/identity/resolution-store.repository';
import { ResolveRepository } from '../../src/identity/resolve.repository';
import { RESOLVE_PHASES, ResolveService } from '../../src/identity/resolve.service';
import type { ProgressEvent } from '../../src/shared/progress';
import type { PersonAttributes } from '../../src/sources/record';
import { person } from '../unit/identity/engine/fixtures';
import { populationInputs } from '../unit/identity/engine/population';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

let db: TestDatabase;
let resolver: ResolveService;
let records: number;

beforeAll(async () => {
  db = await createTestDatabase();
  const inputs: { source: string; person: PersonAttributes; n: number }[] = populationInputs(300, 11).map((r, n) => ({ source: r.source, person: person(r.input), n }));
  records = inputs.length;
  await db.dataSource.query(
    `INSERT INTO source_record (source, entity, external_id, person, content_hash, payload, data)
     SELECT x.source, 'contact', 'p-' || x.n, x.person, md5(x.person::text || x.n), '{}', '{}'
     FROM jsonb_to_recordset($1::jsonb) AS x(source text, person jsonb, n bigint)`,
    [JSON.stringify(inputs)],
  );
  // estimated from a few hundred records, so the first run goes through every phase
  resolver = new ResolveService(new ResolveRepository(db.dataSource), new ResolutionStoreRepository(db.dataSource), {
    ...DEFAULT_IDENTITY_CONFIG,
    minRecordsToEstimate: 100,
    defaultRegion: 'US',
  });
});
afterAll(async () => db.drop());

/** The phases in the order heard (each once: a phase never comes back), after checking every event's counts. */
function phasesOf(events: ProgressEvent[]): string[] {
  for (const e of events) if (e.total !== undefined) expect(e.done).toBeLessThanOrEqual(e.total);
  const order = events.map((e) => e.phase).filter((p, i, all) => i === 0 || all[i - 1] !== p);
  expect(new Set(order).size).toBe(order.length);
  for (const phase of order) {
    const last = events.filter((e) => e.phase === phase).at(-1)!;
    expect(last.total).toBeDefined();
    expect(last.done).toBe(last.total);
  }
  return order;
}

const lastOf = (events: ProgressEvent[], phase: string) => events.filter((e) => e.phase === phase).at(-1)!;

describe('resolution progress', () => {
  it('a first run reports every phase in order, with the counts of what it did', async () => {
    const events: ProgressEvent[] = [];
    const summary = await resolver.resolve({ onProgress: (e) => events.push(e) });
    expect(summary).toMatchObject({ mode: 'full', modelEstimated: true, records });
    expect(phasesOf(events)).toEqual([...RESOLVE_PHASES]);
    expect(lastOf(events, 'read').total).toBe(records);
    expect(lastOf(events, 'normalise').total).toBe(records);
    expect(lastOf(events, 'keys').total).toBe(records);
    expect(lastOf(events, 'summaries').total).toBe(summary.customers);
    // moves (every record), links, events and identity_record rows at least
    expect(lastOf(events, 'write').total).toBeGreaterThan(2 * records);
    // a few calls per phase: nothing per record or per pair
    expect(events.length).toBeLessThan(5 * RESOLVE_PHASES.length);
  });

  it('a full run that keeps the model builds its blocks while scoring and skips estimation', async () => {
    const events: ProgressEvent[] = [];
    await resolver.resolve({ full: true, onProgress: (e) => events.push(e) });
    expect(phasesOf(events)).toEqual(RESOLVE_PHASES.filter((p) => p !== 'sample' && p !== 'fit'));
    expect(lastOf(events, 'keys').total).toBe(0);
  });

  it('an incremental run reports reading, keys, the region, writing and summaries', async () => {
    await db.dataSource.query(`UPDATE source_record SET person = person || '{"lastName": "Zbigniewska"}', content_hash = md5(random()::text) WHERE external_id = 'p-1'`);
    const events: ProgressEvent[] = [];
    const summary = await resolver.resolve({ onProgress: (e) => events.push(e) });
    expect(summary.mode).toBe('incremental');
    expect(phasesOf(events)).toEqual(['read', 'keys', 'region', 'write', 'summaries']);
    expect(lastOf(events, 'keys').total).toBe(1);
    expect(lastOf(events, 'region').total).toBe(summary.resolvedRecords);
  });

  it('a run without a listener resolves as before', async () => {
    await expect(resolver.resolve()).resolves.toMatchObject({ mode: 'incremental', resolvedRecords: 0 });
  });
});

describe('metrics progress', () => {
  it('counts customers recomputed against those queued, and against all customers when full', async () => {
    await db.services.metrics.recompute(); // the customers the resolutions queued
    await db.dataSource.query(`UPDATE source_record SET content_hash = md5(random()::text), data = '{"x": 1}' WHERE external_id IN ('p-2', 'p-3', 'p-4')`);
    const events: ProgressEvent[] = [];
    const incremental = await db.services.metrics.recompute({ onProgress: (e) => events.push(e) });
    expect(phasesOf(events)).toEqual(['metrics']);
    expect(events[0]!.total).toBeGreaterThan(0);
    expect(lastOf(events, 'metrics').total).toBe(incremental.customers);

    const full: ProgressEvent[] = [];
    const all = await db.services.metrics.recompute({ full: true, onProgress: (e) => full.push(e) });
    const [{ n }] = await db.dataSource.query('SELECT count(*)::int AS n FROM customer');
    expect(phasesOf(full)).toEqual(['metrics']);
    expect(full[0]!.total).toBe(n);
    expect(lastOf(full, 'metrics')).toEqual({ phase: 'metrics', done: all.customers, total: all.customers });
    expect(all.customers).toBe(n);
  });
});
