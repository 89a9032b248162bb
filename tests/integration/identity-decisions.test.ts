import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

type Person = Record<string, unknown>;

async function ndjson(people: Person[]): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-decisions-'));
  const file = path.join(dir, 'people.ndjson');
  await writeFile(file, people.map((p) => JSON.stringify({ type: 'person', updatedAt: '2024-06-01T10:00:00Z', phones: [], addresses: [], identifiers: [], ...p })).join('\n'));
  return file;
}

/**
 * Human decisions a steward needs to finish the review queue: keep two customers apart, the latest decision
 * wins, withdraw a decision, and a link says what conflicts it put together.
 */
describe('human decisions', () => {
  let db: TestDatabase;
  const id: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    // M1, M2 and M5 share an email: one customer. M3 has the name and a birth year only: in the review band
    // with M2 and M5 (same year), below it with M1 (no birth date), so it cannot join by itself.
    const maria = { name: { first: 'Maria', last: 'Lopezova' } };
    await db.services.importer.run({
      source: 'shop',
      format: 'ndjson',
      location: await ndjson([
        { id: 'M1', ...maria, emails: ['mlopezova@mail.com'], phones: ['+1 415 555 0142'] },
        { id: 'M2', ...maria, emails: ['mlopezova@mail.com'], birthDate: '1985-07-21' },
        { id: 'M5', ...maria, emails: ['mlopezova@mail.com'], birthDate: '1985-07-21' },
        { id: 'M3', ...maria, emails: [], birthDate: '1985' },
        { id: 'P1', name: { first: 'Pat', last: 'Quennell' }, emails: ['pat.q@mail.com'], identifiers: [{ type: 'customer_number', value: 'CN-100441' }] },
        { id: 'P2', name: { first: 'Pat', last: 'Quennell' }, emails: ['pq77@mail.com'], identifiers: [{ type: 'customer_number', value: 'CN-100442' }] },
      ]),
    });
    await db.services.resolver.resolve();
    const rows: { id: string; external_id: string }[] = await db.dataSource.query(`SELECT id::text AS id, external_id FROM source_record WHERE source = 'shop'`);
    for (const r of rows) id[r.external_id] = r.id;
  });
  afterAll(async () => db.drop());

  const customerOf = async (recordId: string): Promise<string> =>
    (await db.dataSource.query('SELECT customer_id FROM source_record WHERE id = $1', [recordId]))[0].customer_id;
  const queue = async () => (await db.services.identity.reviewQueue(100)).items;
  const customersOfAll = async () => Object.fromEntries(await Promise.all(Object.entries(id).map(async ([k, v]) => [k, await customerOf(v)])));

  it('lists a pair of customers once in the review queue, whatever number of record pairs joins them', async () => {
    expect(await customerOf(id.M2!)).toBe(await customerOf(id.M1!));
    expect(await customerOf(id.M5!)).toBe(await customerOf(id.M1!));
    expect(await customerOf(id.M3!)).not.toBe(await customerOf(id.M1!));
    const stored = await db.dataSource.query(`SELECT count(*)::int AS n FROM identity_link WHERE decision = 'review' AND (record_a = $1 OR record_b = $1)`, [id.M3]);
    expect(stored).toEqual([{ n: 2 }]);
    const items = (await queue()).filter((i) => i.recordA === id.M3 || i.recordB === id.M3);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ pairs: 2, impact: 4 });
  });

  it('keepApart: stores the answer for every pair of the two customers, moves nothing, and binds later runs', async () => {
    const before = await customersOfAll();
    await expect(db.services.identity.keepApart(id.M1!, id.M2!, 'steward', 'x')).rejects.toMatchObject({ code: 'SAME_CUSTOMER' });
    const result = await db.services.identity.keepApart(id.M2!, id.M3!, 'steward', 'different people: other birth place');
    expect(result.customerIds).toEqual([before.M2, before.M3]);
    expect(result.resolution).toMatchObject({ moved: 0, created: 0, merged: 0 });
    expect(await customersOfAll()).toEqual(before);
    expect((await queue()).filter((i) => i.recordA === id.M3 || i.recordB === id.M3)).toEqual([]);
    for (const other of [id.M2!, id.M5!]) {
      expect(await db.services.identity.explain(other, id.M3!)).toMatchObject({
        decision: 'split',
        rule: 'manual_split',
        humanDecision: { kind: 'split', actor: 'steward', reason: 'different people: other birth place' },
      });
    }
    for (const options of [{}, { full: true }]) {
      await db.services.resolver.resolve(options);
      expect(await customersOfAll()).toEqual(before);
      expect((await queue()).filter((i) => i.recordA === id.M3 || i.recordB === id.M3)).toEqual([]);
    }
    // a change to M3 re-clusters it incrementally: still apart
    await db.dataSource.query(`UPDATE source_record SET person = person || '{"lastName": "Lopezová"}', content_hash = 'changed' WHERE id = $1`, [id.M3]);
    const run = await db.services.resolver.resolve();
    expect(run.mode).toBe('incremental');
    expect(await customerOf(id.M3!)).toBe(before.M3);
    const [entry] = await db.dataSource.query(`SELECT operation_name, outcome FROM access_log WHERE operation_name = 'keepApart'`);
    expect(entry).toEqual({ operation_name: 'keepApart', outcome: 'kept_apart' });
  });

  it('the latest decision wins: a link after a split joins the customers and says which splits it replaced', async () => {
    const x = await customerOf(id.M1!);
    const linked = await db.services.identity.link(id.M3!, id.M5!, 'steward', 'same person after all');
    expect(linked.customerIds).toEqual([x, x]);
    expect(linked.removedDecisions.map((d) => `${d.kind} ${d.recordA}-${d.recordB}`).sort()).toEqual(
      [`split ${orderedPairs([id.M2!, id.M3!]).join('-')}`, `split ${orderedPairs([id.M3!, id.M5!]).join('-')}`].sort(),
    );
    expect(await db.services.identity.explain(id.M3!, id.M5!)).toMatchObject({ decision: 'linked', customerA: x, customerB: x });

    // the tester's case: a record split off its customer, then linked back to one of its former mates
    const split = await db.services.identity.split(id.M2!, 'steward', 'not her');
    expect(split.customerIds[0]).not.toBe(x);
    const back = await db.services.identity.link(id.M2!, id.M1!, 'steward', 'her after all');
    expect(back.customerIds).toEqual([x, x]);
    expect(await customerOf(id.M5!)).toBe(x);
    expect(back.removedDecisions.map((d) => d.kind)).toEqual(['split', 'split', 'split']);
    for (const options of [{}, { full: true }]) {
      await db.services.resolver.resolve(options);
      expect(new Set(await Promise.all([id.M1!, id.M2!, id.M3!, id.M5!].map(customerOf)))).toEqual(new Set([x]));
    }
  });

  it('explainMatch says a link is blocked when a split between the customers stops it', async () => {
    // decisions as an earlier version stored them: a split and a contradicting link that never took effect
    await db.dataSource.query(
      `INSERT INTO identity_decision (record_a, record_b, kind, actor, reason) VALUES ($1, $2, 'split', 'old', 'x'), ($3, $4, 'link', 'old', 'y')`,
      orderedPairs([id.M1!, id.P1!], [id.P1!, id.M3!]),
    );
    const explained = await db.services.identity.explain(id.P1!, id.M3!);
    expect(explained.customerA).not.toBe(explained.customerB);
    expect(explained).toMatchObject({ decision: 'refused', humanDecision: { kind: 'link' } });
    expect(explained.rule).toMatch(/^manual_link blocked by manual_split \d+-\d+$/);
    await db.dataSource.query(`DELETE FROM identity_decision WHERE actor = 'old'`);
  });

  it('withdrawDecision takes back a whole act, and the records go where the evidence puts them', async () => {
    const x = await customerOf(id.M1!);
    await expect(db.services.identity.withdraw(id.M1!, id.P1!, 'steward', 'x')).rejects.toMatchObject({ code: 'NO_DECISION' });
    // the link of M3 with M5: M3 goes back to its own customer and to the queue
    const result = await db.services.identity.withdraw(id.M5!, id.M3!, 'steward', 'not sure any more');
    expect(result.removedDecisions).toEqual([expect.objectContaining({ kind: 'link', reason: 'same person after all' })]);
    expect(await customerOf(id.M3!)).not.toBe(x);
    expect((await queue()).filter((i) => i.recordA === id.M3 || i.recordB === id.M3)).toHaveLength(1);
    expect(await db.services.identity.explain(id.M3!, id.M5!)).toMatchObject({ humanDecision: null, decision: 'review' });
    // a split of one record stored a split against each mate: withdrawing one pair withdraws them all
    await db.services.identity.split(id.M5!, 'steward', 'test split');
    expect(await customerOf(id.M5!)).not.toBe(x);
    const undone = await db.services.identity.withdraw(id.M1!, id.M5!, 'steward', 'undo the test split');
    expect(undone.removedDecisions).toHaveLength(2);
    expect(await customerOf(id.M5!)).toBe(x);
  });

  it('a link answers with the conflicts it put into one customer', async () => {
    expect(await customerOf(id.P1!)).not.toBe(await customerOf(id.P2!));
    const linked = await db.services.identity.link(id.P1!, id.P2!, 'steward', 'one Pat');
    expect(linked.conflicts).toEqual([{ recordA: id.P1, recordB: id.P2, conflicts: ['identifier:customer_number'] }]);
    const plain = await db.services.identity.link(id.M3!, id.M2!, 'steward', 'one Maria');
    expect(plain.conflicts).toEqual([]);
    // a split replaces the record's links with its mates, and says so
    const split = await db.services.identity.split(id.M3!, 'steward', 'two Marias');
    expect(split.removedDecisions).toEqual([expect.objectContaining({ kind: 'link', reason: 'one Maria' })]);
  });
});

function orderedPairs(...pairs: [string, string][]): string[] {
  return pairs.flatMap(([a, b]) => (BigInt(a) < BigInt(b) ? [a, b] : [b, a]));
}
