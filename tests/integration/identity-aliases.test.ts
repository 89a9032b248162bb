import { AliasesFollowRecords1766700000700 } from '../../migrations/1766700000700-AliasesFollowRecords';
import { importCompany, recordsOf } from '../setup/company-fixture';
import { startTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/**
 * An id absorbed in a merge stands for the records it had: when a split takes them away again, the id
 * follows them or answers nothing, never the person they were merged into. A customer that records leave
 * loses their name and search text.
 */
describe('absorbed ids follow their records; customers records leave are summarised again', () => {
  let db: TestDatabase;
  let app: TestApp;
  const record: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
    Object.assign(
      record,
      await recordsOf(db.dataSource, {
        bobSf: ['salesforce', '003A'],
        bobZd: ['zendesk', '501'],
        anaSf: ['salesforce', '003B'],
        anaZd: ['zendesk', '502'],
        anaMc: ['mailchimp', 'm-ana'],
        carol: ['salesforce', '003D'],
      }),
    );
    app = await startTestApp(db);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const customerOf = async (recordId: string): Promise<string> =>
    (await db.dataSource.query('SELECT customer_id FROM source_record WHERE id = $1', [recordId]))[0].customer_id;
  const aliasOf = async (id: string): Promise<string | null> =>
    (await db.dataSource.query('SELECT customer_id FROM customer_alias WHERE alias_id = $1', [id]))[0]?.customer_id ?? null;
  const searchTextOf = async (id: string): Promise<{ display_name: string; search_text: string }> =>
    (await db.dataSource.query('SELECT display_name, search_text FROM customer WHERE id = $1', [id]))[0];
  const emailOf = async (recordId: string): Promise<string> =>
    (await db.dataSource.query(`SELECT lower(person -> 'emails' ->> 0) AS e FROM source_record WHERE id = $1`, [recordId]))[0].e;

  it('an id absorbed by a link follows its record when a split takes it out again', async () => {
    const ana = await customerOf(record.anaSf!);
    const carolOld = await customerOf(record.carol!);
    await db.services.identity.link(record.anaSf!, record.carol!, 'steward', 'Carol is Ana');
    expect(await customerOf(record.carol!)).toBe(ana); // Ana has more records: her id survives
    expect(await aliasOf(carolOld)).toBe(ana);

    const split = await db.services.identity.split(record.carol!, 'steward', 'two people after all');
    const carolNew = split.customerIds[0]!;
    expect(carolNew).not.toBe(ana);
    expect(await aliasOf(carolOld)).toBe(carolNew);
    const shown = await app.graphql(`query($id: ID!) { customer(id: $id) { id mergedFrom } }`, { id: carolOld });
    expect(shown.data!.customer).toEqual({ id: carolNew, mergedFrom: carolOld });
    // the move is in the lineage of the customer the old id answers for now
    const [history] = await db.services.identity.historyOfCustomers([carolNew]);
    expect(history).toEqual(expect.arrayContaining([expect.objectContaining({ customerId: carolOld, kind: 'alias_moved', relatedCustomerId: carolNew, recordIds: [record.carol] })]));
  });

  it('an id whose records are now in several customers answers nothing: no profile, no export, no erasure of someone else', async () => {
    const bob = await customerOf(record.bobSf!);
    const anaOld = await customerOf(record.anaSf!);
    await db.services.identity.link(record.anaSf!, record.bobSf!, 'steward', 'Ana is Bob');
    expect(await customerOf(record.anaZd!)).toBe(bob);
    expect(await aliasOf(anaOld)).toBe(bob);

    await db.services.identity.split(record.anaSf!, 'steward', 'not Bob');
    // Ana's Salesforce contact alone, her Zendesk and Mailchimp records together elsewhere, Bob as he was
    const [sf, zd, mc] = await Promise.all([record.anaSf!, record.anaZd!, record.anaMc!].map(customerOf));
    expect(zd).toBe(mc);
    expect(new Set([sf, zd, bob]).size).toBe(3);
    expect(await aliasOf(anaOld)).toBeNull();

    const shown = await app.graphql(`query($id: ID!) { customer(id: $id) { id displayName } }`, { id: anaOld });
    expect(shown.errors).toBeUndefined();
    expect(shown.data!.customer).toBeNull();
    const exported = await app.graphql(`query($id: ID!) { dataSubjectExport(customerId: $id) }`, { id: anaOld });
    expect(exported.data!.dataSubjectExport).toBeNull();
    const bobsRecords = await db.dataSource.query('SELECT count(*)::int AS n FROM source_record WHERE customer_id = $1', [bob]);
    await app.graphql(`mutation($id: ID!) { eraseCustomer(customerId: $id, reason: "request from Ana") { customerId } }`, { id: anaOld });
    expect(await db.dataSource.query('SELECT count(*)::int AS n FROM source_record WHERE customer_id = $1', [bob])).toEqual(bobsRecords);

    // the customer the old id answered for says why it no longer does
    const [history] = await db.services.identity.historyOfCustomers([bob]);
    const dropped = history!.find((e) => e.kind === 'alias_dropped');
    expect(dropped).toMatchObject({ customerId: bob, relatedCustomerId: anaOld, actor: 'steward' });
    expect(dropped!.reason).toMatch(/not Bob: the old id answers nothing, its records are now in 2 customers/);
    expect([...dropped!.recordIds].sort()).toEqual([record.anaSf, record.anaZd, record.anaMc].sort());
  });

  it('the customer records left is summarised without them, by the split and by a full run', async () => {
    const bob = await customerOf(record.bobSf!);
    const anaEmail = await emailOf(record.anaSf!);
    const bobEmail = await emailOf(record.bobSf!);
    await db.services.identity.link(record.anaSf!, record.bobSf!, 'steward', 'Ana is Bob');
    expect((await searchTextOf(bob)).search_text).toContain(anaEmail);
    await db.services.identity.split(record.anaSf!, 'steward', 'not Bob');
    const after = await searchTextOf(bob);
    expect(after.search_text).not.toContain(anaEmail);
    expect(after.search_text).toContain(bobEmail);
    const found = await app.graphql(`query($q: String!) { customers(search: $q, first: 10) { edges { node { id } } } }`, { q: anaEmail });
    expect(found.data!.customers.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(bob);

    // a summary an earlier version left stale: computed after its records last changed, before the split.
    // The upgrade's migration (1766800000100) leaves no summary rules stored, so the first full run after it
    // recomputes every summary and repairs it.
    await db.dataSource.query(
      `UPDATE customer SET search_text = search_text || ' ' || $2,
         updated_at = (SELECT max(r.last_changed_at) FROM source_record r WHERE r.customer_id = $1) + interval '1 millisecond'
       WHERE id = $1`,
      [bob, anaEmail],
    );
    await db.dataSource.query('UPDATE identity_state SET summary_rules = NULL');
    await db.services.resolver.resolve({ full: true });
    expect((await searchTextOf(bob)).search_text).not.toContain(anaEmail);
  });

  it('a full run repairs an alias an earlier version left behind', async () => {
    // Carol's old id, pointed back at Ana as a split used to leave it
    const [{ alias_id: carolOld }] = await db.dataSource.query(
      `SELECT e.customer_id AS alias_id FROM customer_event e WHERE e.kind = 'absorbed' AND $1 = ANY(e.record_ids)`,
      [record.carol],
    );
    await db.dataSource.query('UPDATE customer_alias SET customer_id = $2 WHERE alias_id = $1', [carolOld, await customerOf(record.anaZd!)]);
    await db.services.resolver.resolve({ full: true });
    expect(await aliasOf(carolOld)).toBe(await customerOf(record.carol!));
  });

  it('migration 1766700000700 repairs aliases left behind, as system', async () => {
    const [{ alias_id: carolOld }] = await db.dataSource.query(`SELECT e.customer_id AS alias_id FROM customer_event e WHERE e.kind = 'absorbed' AND $1 = ANY(e.record_ids)`, [record.carol]);
    const ana = await customerOf(record.anaZd!);
    await db.dataSource.query('UPDATE customer_alias SET customer_id = $2 WHERE alias_id = $1', [carolOld, ana]);
    const runner = db.dataSource.createQueryRunner();
    try {
      await new AliasesFollowRecords1766700000700().up(runner);
    } finally {
      await runner.release();
    }
    expect(await aliasOf(carolOld)).toBe(await customerOf(record.carol!));
    const [last] = await db.dataSource.query(`SELECT customer_id, kind, actor, reason FROM customer_event WHERE kind = 'alias_moved' ORDER BY id DESC LIMIT 1`);
    expect(last).toEqual({ customer_id: carolOld, kind: 'alias_moved', actor: 'system', reason: 'repair (migration 1766700000700): the old id follows its records' });
  });
});
