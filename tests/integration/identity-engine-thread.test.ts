// A large full run gives half of its engine work (blocks, scoring, the weak-pair walk) to a second thread
// (compiled builds: `npm install` builds dist/). Through the service and the store, the customers, the
// stored pairs and the summary must be those of a run on one thread.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_IDENTITY_CONFIG } from '../../src/identity/identity-config';
import { ResolutionStoreRepository } from '../../src/identity/resolution-store.repository';
import { ResolveRepository } from '../../src/identity/resolve.repository';
import { ResolveService } from '../../src/identity/resolve.service';
import { EngineThread, type EngineThreadOptions } from '../../src/identity/resolution/engine-thread';
import { insertPersonPopulation } from '../setup/person-population';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const WORKER = path.join(__dirname, '../../dist/src/identity/resolution/engine-worker.js');

let db: TestDatabase;

beforeAll(async () => {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npm run build (npm install does)`);
  db = await createTestDatabase();
  await insertPersonPopulation(db.dataSource, 400, 9, 'e');
});
afterAll(async () => db.drop());

const resolver = (engine: EngineThreadOptions, engineThreads: 1 | 2 = 2) =>
  new ResolveService(
    new ResolveRepository(db.dataSource),
    new ResolutionStoreRepository(db.dataSource),
    // estimated from 100 records, so the threads also build the blocks estimation samples
    { ...DEFAULT_IDENTITY_CONFIG, minRecordsToEstimate: 100, engineThreads, defaultRegion: 'US' },
    undefined,
    engine,
  );

/** Customers as groups of external ids, and every stored pair by external ids. */
async function outcome(): Promise<{ groups: string[][]; links: unknown[] }> {
  const groups: { ids: string[] }[] = await db.dataSource.query(
    `SELECT array_agg(external_id ORDER BY external_id) AS ids FROM source_record WHERE person IS NOT NULL GROUP BY customer_id ORDER BY 1`,
  );
  const links = await db.dataSource.query(
    `SELECT a.external_id AS a, b.external_id AS b, l.probability, l.weight, l.blocking_rule, l.decision, l.rule, l.impact
     FROM identity_link l JOIN source_record a ON a.id = l.record_a JOIN source_record b ON b.id = l.record_b ORDER BY 1, 2`,
  );
  return { groups: groups.map((g) => g.ids), links };
}

it('stores the customers and pairs of a run on one thread, estimating the model or keeping it', async () => {
  // the run's thread leaves every piece to the engine thread, so what crosses over is surely tested
  const twoThreads = resolver({ workerFile: WORKER, minRecords: 1, shareWork: false });
  const oneThread = resolver({ workerFile: undefined });

  const started = jest.spyOn(EngineThread, 'startFor');
  const first = await twoThreads.resolve();
  const thread = started.mock.results[0]?.value as EngineThread;
  expect(thread).toBeInstanceOf(EngineThread);
  expect(thread.share).toEqual({ rules: 12, ranges: expect.any(Number), weakRanges: expect.any(Number), clusterRanges: expect.any(Number) });
  expect(thread.share.ranges).toBeGreaterThan(10);
  expect(thread.share.clusterRanges).toBeGreaterThan(10);
  expect(first).toMatchObject({ mode: 'full', modelEstimated: true });
  const threaded = await outcome();
  expect(threaded.links.length).toBeGreaterThan(100);
  expect(threaded.groups.length).toBeLessThan(first.records);

  // The same store from scratch on one thread: the same model is estimated, the same customers made.
  await db.dataSource.query('TRUNCATE identity_block_key, identity_record, identity_link, identity_model CASCADE');
  await db.dataSource.query('UPDATE source_record SET customer_id = NULL');
  const single = await oneThread.resolve();
  const { records, customers, pairs, reviewPairs, modelEstimated } = first;
  expect(single).toMatchObject({ records, customers, pairs, reviewPairs, modelEstimated });
  expect(await outcome()).toEqual(threaded);

  // With the model kept, a full run on two threads changes nothing.
  const kept = await twoThreads.resolve({ full: true });
  expect(kept).toMatchObject({ mode: 'full', modelEstimated: false, created: 0, merged: 0, moved: 0, pairs: first.pairs });
  expect(await outcome()).toEqual(threaded);

  // IDENTITY_ENGINE_THREADS=1: no second thread, even with the worker at hand
  started.mockClear();
  await resolver({ workerFile: WORKER, minRecords: 1 }, 1).resolve({ full: true });
  expect(started).not.toHaveBeenCalled();
  expect(await outcome()).toEqual(threaded);
  started.mockRestore();
});
