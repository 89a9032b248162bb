// Incremental runs re-cluster a region, not everything: after each batch of new, changed and deleted
// records a full rebuild must change nothing (same customers, ids, stored pairs and their impact). The
// population is crowded on purpose (few names, households, records that hold a first name and an
// address spelling the full name) so that review-band pairs chain customers together, as on real data.
import { FULL_RUN_SHARE } from '../../src/identity/identity-config';
import { seededRandom } from '../../src/identity/engine/random';
import type { PersonAttributes } from '../../src/sources/record';
import { person } from '../unit/identity/engine/fixtures';
import { populationInputs } from '../unit/identity/engine/population';
import { createServices, type Services } from '../../src/services';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

let db: TestDatabase;
let services: Services;
let serial = 0;

function people(): { source: string; person: PersonAttributes }[] {
  const out: { source: string; person: PersonAttributes }[] = [];
  // 400 people: with the tighter blocking keys of key version 4, 320 left 195 band pairs (218 before).
  for (const r of populationInputs(400, 5)) {
    out.push({ source: r.source, person: person(r.input) });
    // A marketing record: the first name and an address spelling the name, shared by namesakes.
    if (r.source === 'crm' && r.input.first && r.input.last && r.truth % 3 === 0) {
      const spelled = `${r.input.first}.${r.input.last}`.toLowerCase().replace(/[^a-z.]/g, '');
      out.push({ source: 'marketing', person: person({ first: r.input.first, emails: [`${spelled}@gmail.com`] }) });
    }
  }
  return out;
}

async function insert(records: { source: string; person: PersonAttributes }[]): Promise<string[]> {
  if (records.length === 0) return [];
  const rows: { id: string }[] = await db.dataSource.query(
    `INSERT INTO source_record (source, entity, external_id, person, content_hash, payload, data)
     SELECT x.source, 'contact', x.external_id, x.person, md5(x.person::text || x.external_id), '{}', '{}'
     FROM jsonb_to_recordset($1::jsonb) AS x(source text, external_id text, person jsonb) RETURNING id::text AS id`,
    [JSON.stringify(records.map((r) => ({ ...r, external_id: `t-${serial++}` })))],
  );
  return rows.map((r) => r.id);
}

async function snapshot() {
  const customers = await db.dataSource.query(
    'SELECT id::text AS id, customer_id FROM source_record WHERE person IS NOT NULL AND deleted_at IS NULL ORDER BY id',
  );
  const links = await db.dataSource.query(
    'SELECT record_a::text AS a, record_b::text AS b, decision, rule, impact, round(probability::numeric, 9) AS p FROM identity_link ORDER BY 1, 2',
  );
  const keys = await db.dataSource.query('SELECT record_id::text AS id, match_key::text AS k FROM identity_record ORDER BY 1');
  return { customers, links, keys };
}

beforeAll(async () => {
  db = await createTestDatabase();
  // A wide review band: band pairs left apart then chain most customers, the case the region must handle.
  services = createServices(db.dataSource, { region: 'US', identity: { reviewThreshold: 0.02 } });
});
afterAll(async () => db.drop());

it('a full rebuild after incremental runs of new, changed and deleted records changes nothing', async () => {
  const all = people();
  const random = seededRandom(3);
  const first = Math.floor(all.length * 0.7);
  const live = await insert(all.slice(0, first));
  const start = await services.resolver.resolve();
  expect(start.mode).toBe('full');
  let next = first;
  let partial = 0;
  for (let batch = 0; batch < 6; batch++) {
    for (let step = 0; step < 6; step++) {
      const kind = step % 3;
      if (kind === 0 && next < all.length) live.push(...(await insert([all[next++]!])));
      if (kind === 1) {
        // Another person's details under an existing record: it leaves one customer for another.
        const id = live[Math.floor(random() * live.length)]!;
        const other = all[Math.floor(random() * all.length)]!;
        await db.dataSource.query('UPDATE source_record SET person = $2, content_hash = md5(random()::text) WHERE id = $1', [id, JSON.stringify(other.person)]);
      }
      if (kind === 2) {
        const [id] = live.splice(Math.floor(random() * live.length), 1);
        await db.dataSource.query('UPDATE source_record SET deleted_at = now(), content_hash = md5(random()::text) WHERE id = $1', [id]);
      }
      const run = await services.resolver.resolve({ countReviewQueue: true });
      expect(run.mode).toBe('incremental');
      const [queue] = await db.dataSource.query(`SELECT count(*)::int AS n FROM identity_link WHERE decision = 'review'`);
      expect(run.reviewQueue).toBe(queue.n);
      expect(run.reviewPairs).toBeLessThanOrEqual(run.reviewQueue!);
      expect((await services.resolver.resolve()).reviewQueue).toBeNull(); // not counted unless asked
      if (run.resolvedRecords < run.records / 4) partial++;
    }
    const incremental = await snapshot();
    const full = await services.resolver.resolve({ full: true });
    expect(full).toMatchObject({ mode: 'full', created: 0, merged: 0, moved: 0, removed: 0 });
    expect(await snapshot()).toEqual(incremental);
  }
  expect(partial).toBeGreaterThan(20);
  const [band] = await db.dataSource.query(`SELECT count(*)::int AS n FROM identity_link WHERE decision = 'review'`);
  expect(band.n).toBeGreaterThan(200);
});

it('a record deleted from source_record (an erasure) takes its blocking keys with it', async () => {
  const [{ id }] = await db.dataSource.query('SELECT record_id::text AS id FROM identity_block_key ORDER BY record_id LIMIT 1');
  await db.dataSource.query('DELETE FROM source_record WHERE id = $1', [id]);
  expect(await db.dataSource.query('SELECT count(*)::int AS n FROM identity_block_key WHERE record_id = $1', [id])).toEqual([{ n: 0 }]);
});

it('changing the normalisation settings (junk lists, phone region) re-keys and re-resolves everything once', async () => {
  const other = createServices(db.dataSource, {
    region: 'US',
    identity: { reviewThreshold: 0.02, junk: { emails: ['nobody@example.org'], phones: [], identifiers: [] } },
  });
  expect(await other.resolver.resolve()).toMatchObject({ mode: 'full' });
  expect(await other.resolver.resolve()).toMatchObject({ mode: 'incremental', resolvedRecords: 0 });
});

it('a change of many records (IDENTITY_FULL_RUN_CHANGES and FULL_RUN_SHARE of the store) runs full; a smaller one stays incremental', async () => {
  const [{ n }] = await db.dataSource.query('SELECT count(*)::int AS n FROM source_record WHERE person IS NOT NULL AND deleted_at IS NULL');
  const share = Math.ceil(n * FULL_RUN_SHARE);
  const some = people().slice(0, share + 5);
  const eager = createServices(db.dataSource, { region: 'US', identity: { reviewThreshold: 0.02, fullRunChanges: 5 } });
  await services.resolver.resolve(); // back to the main settings' key version (the test before changed it)
  await insert(some.slice(0, share - 2));
  expect(await eager.resolver.resolve()).toMatchObject({ mode: 'incremental' });
  await insert(some);
  const run = await eager.resolver.resolve();
  expect(run).toMatchObject({ mode: 'full' });
  expect(run.resolvedRecords).toBe(run.records);
  // the default threshold (250) keeps the same size of change incremental
  await insert(some);
  expect(await services.resolver.resolve()).toMatchObject({ mode: 'incremental' });
});
