// A large full run hands its blocking keys to a worker thread with a connection of its own (compiled builds:
// `npm install` builds dist/). The thread must store exactly what the run's own connection would, commit
// only when told to finish, and leave nothing behind when the run abandons it.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { connectionOf } from '../../src/db/connection-config';
import { DEFAULT_IDENTITY_CONFIG } from '../../src/identity/identity-config';
import { toMatchRecord } from '../../src/identity/engine/match-record';
import { writeRecordKeysInThread } from '../../src/identity/key-writer-thread';
import { ResolutionStoreRepository } from '../../src/identity/resolution-store.repository';
import { ResolveRepository } from '../../src/identity/resolve.repository';
import { ResolveService } from '../../src/identity/resolve.service';
import type { PersonAttributes } from '../../src/sources/record';
import { insertPersonPopulation } from '../setup/person-population';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const WORKER = path.join(__dirname, '../../dist/src/identity/block-key-worker.js');

let db: TestDatabase;

beforeAll(async () => {
  if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run npm run build (npm install does)`);
  db = await createTestDatabase();
  await insertPersonPopulation(db.dataSource, 300, 7, 'k');
});
afterAll(async () => db.drop());

const resolverWith = (store: ResolutionStoreRepository) =>
  new ResolveService(new ResolveRepository(db.dataSource), store, { ...DEFAULT_IDENTITY_CONFIG, defaultRegion: 'US' });

const storedKeys = (): Promise<{ record_id: string; key_hash: string }[]> =>
  db.dataSource.query('SELECT record_id::text, key_hash::text FROM identity_block_key ORDER BY 1, 2');

const groups = async (): Promise<string[][]> => {
  const rows: { ids: string[] }[] = await db.dataSource.query(
    `SELECT array_agg(external_id ORDER BY external_id) AS ids FROM source_record WHERE person IS NOT NULL GROUP BY customer_id ORDER BY 1`,
  );
  return rows.map((r) => r.ids);
};

/** Key inserts the run sent on its own connection (the DataSource) while `work` ran. */
async function keyInsertsOnRunConnection(work: () => Promise<unknown>): Promise<number> {
  const seen: string[] = [];
  const log = db.queries.logQuery.bind(db.queries);
  db.queries.logQuery = (query: string) => {
    seen.push(query);
    log(query);
  };
  try {
    await work();
  } finally {
    db.queries.logQuery = log;
  }
  return seen.filter((q) => /INSERT INTO identity_block_key/.test(q)).length;
}

it('stores the same keys from its own thread as the run itself, bulk and row by row, and the same customers', async () => {
  const threaded = resolverWith(new ResolutionStoreRepository(db.dataSource, undefined, { workerFile: WORKER, minRecords: 1, bulkFrom: 1 }));
  let first!: Awaited<ReturnType<ResolveService['resolve']>>;
  // the thread wrote them: none went through the run's connection
  expect(await keyInsertsOnRunConnection(async () => (first = await threaded.resolve()))).toBe(0);
  expect(first.mode).toBe('full');
  const byThread = await storedKeys();
  const customers = await groups();
  expect(byThread.length).toBeGreaterThan(first.records * 3);
  // the bulk path dropped the lookup index and built it again
  const [index] = await db.dataSource.query(`SELECT count(*)::int AS n FROM pg_indexes WHERE indexname = 'identity_block_key_hash_idx'`);
  expect(index.n).toBe(1);

  // The run's own connection (no worker), from scratch: every record is new to it again.
  await db.dataSource.query('TRUNCATE identity_block_key, identity_record');
  let inline!: Awaited<ReturnType<ResolveService['resolve']>>;
  const inlineStore = new ResolutionStoreRepository(db.dataSource, undefined, { workerFile: undefined });
  expect(await keyInsertsOnRunConnection(async () => (inline = await resolverWith(inlineStore).resolve({ full: true })))).toBeGreaterThan(0);
  expect(inline).toMatchObject({ mode: 'full', created: 0, merged: 0, moved: 0 });
  expect(await groups()).toEqual(customers);
  expect(await storedKeys()).toEqual(byThread);

  // Row by row from the thread (the table is not empty): keys of records that changed are replaced, those
  // of a record deleted in its source go.
  await db.dataSource.query(`UPDATE source_record SET person = person || '{"lastName": "Zbigniewska"}', content_hash = md5(random()::text) WHERE external_id IN ('k-1', 'k-2')`);
  const [gone] = await db.dataSource.query(`SELECT id::text FROM source_record WHERE external_id = 'k-3'`);
  await db.dataSource.query(`UPDATE source_record SET deleted_at = now() WHERE id = $1`, [gone.id]);
  expect(byThread.some((k) => k.record_id === gone.id)).toBe(true);
  const again = await threaded.resolve({ full: true });
  expect(again.mode).toBe('full');
  const after = await storedKeys();
  expect(after).not.toEqual(byThread);
  expect(after.some((k) => k.record_id === gone.id)).toBe(false);
  await db.dataSource.query('TRUNCATE identity_block_key, identity_record');
  await resolverWith(new ResolutionStoreRepository(db.dataSource, undefined, { workerFile: undefined })).resolve({ full: true });
  expect(await storedKeys()).toEqual(after);
});

it('reports what failed in the thread, and leaves nothing when the run abandons it', async () => {
  const before = await storedKeys();
  const connection = connectionOf(db.dataSource);
  // The thread's records, as the run hands them over (match records of live person records).
  const rows: { id: string; source: string; person: PersonAttributes }[] = await db.dataSource.query(
    `SELECT id::text, source, person FROM source_record WHERE person IS NOT NULL AND deleted_at IS NULL ORDER BY id`,
  );
  const records = rows.map((r) => toMatchRecord(r.id, r.source, r.person, { defaultRegion: 'US', junk: DEFAULT_IDENTITY_CONFIG.junk }));
  // A database that is not there: the run learns why when it asks for the keys.
  const nowhere = { connectionString: new URL('/tessera_no_such_database', db.url).toString() };
  const failing = writeRecordKeysInThread(WORKER, nowhere, records.slice(0, 1), []);
  await expect(failing.finished()).rejects.toThrow(/storing blocking keys failed: database "tessera_no_such_database" does not exist/);
  // A statement refused inside the thread's transaction (text may not hold NUL): its reason reaches the run too.
  const refused = writeRecordKeysInThread(WORKER, connection, [{ ...records[0]!, emails: ['z\u0000z@mail.test'] }], []);
  await expect(refused.finished()).rejects.toThrow(/storing blocking keys failed: .*0x00/);

  // Many records with keys the store does not hold (a new email each), abandoned at once: its connection
  // closes and the transaction never commits.
  const many = Array.from({ length: 70 }, (_, k) => records.map((r, i) => ({ ...r, emails: [`abandoned.${k}.${i}@mail.test`] }))).flat();
  expect(many.length).toBeGreaterThan(20_000);
  const abandoned = writeRecordKeysInThread(WORKER, connection, many, []);
  await abandoned.abandon();
  await expect(abandoned.finished()).rejects.toThrow(/stopped/);
  for (let i = 0; i < 50; i++) {
    const [open] = await db.dataSource.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'tessera-block-keys' AND datname = current_database()`);
    if (open.n === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await storedKeys()).toEqual(before);
});
