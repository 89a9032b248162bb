import { signToken } from '../../src/api/auth/tokens';
import { importCompany } from '../setup/company-fixture';
import { startTestApp, TEST_TOKENS, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/**
 * "Who looked at whose data": an operation's entry names every customer whose data its response shows, whatever
 * was selected, and a refused operation names the customer it asked for.
 */
describe('access log: which customers an operation names', () => {
  let db: TestDatabase;
  let app: TestApp;
  let bob: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
    [{ customer_id: bob }] = await db.dataSource.query(`SELECT customer_id FROM source_record WHERE source = 'salesforce' AND external_id = '003A'`);
    app = await startTestApp(db);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const entries = async () => {
    await db.services.audit.log.flush();
    return db.dataSource.query(`SELECT actor, customer_ids::text[] AS customers, outcome FROM access_log ORDER BY position`);
  };

  it('names the customer a field-policy refusal asked for, however it was asked, so the person’s history finds it', async () => {
    const auditor = signToken(TEST_TOKENS, { role: 'auditor', subject: 'auditor-e' });
    const support = signToken(TEST_TOKENS, { role: 'support_agent', subject: 'agent-e' });
    const nobody = '0b1f3c2a-6a8e-4c1d-9f00-000000000001';
    const refused = async (query: string, variables: Record<string, unknown>, token: string) => {
      const res = await app.graphql(query, variables, token);
      expect(res.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
      const entry = (await entries()).at(-1);
      expect(entry.outcome).toBe('denied');
      return entry.customers;
    };
    // the auditor reading a name, by literal, upper case, in a fragment and as a variable
    expect(await refused(`{ customer(id: "${bob.toUpperCase()}") { displayName } }`, {}, auditor)).toEqual([bob]);
    expect(await refused(`query E($id: ID!) { ...F } fragment F on Query { c: customer(id: $id) { displayName } }`, { id: bob }, auditor)).toEqual([bob]);
    // support exporting someone (dataSubjectExport is for admins and the person themself)
    expect(await refused(`query($c: ID!) { dataSubjectExport(customerId: $c) }`, { c: bob }, support)).toEqual([bob]);
    // a customer id that does not exist is recorded as asked; something that is not an id names no one
    expect(await refused(`{ customer(id: "${nobody}") { displayName } }`, {}, auditor)).toEqual([nobody]);
    expect(await refused(`{ customer(id: "not-an-id") { displayName } }`, {}, auditor)).toEqual([]);
    // asked through a source record: its customer
    expect(await refused(`{ customerBySourceRecord(source: "salesforce", externalId: "003A") { id } }`, {}, auditor)).toEqual([bob]);
    const history = await db.services.audit.queries.page({ customerId: bob }, 100);
    const mine = history.entries.filter((e) => e.actor === 'auditor-e' || e.actor === 'agent-e');
    expect(mine.map((e) => e.outcome)).toEqual(['denied', 'denied', 'denied', 'denied']);
  });

  it('names every customer of a list or search whatever is selected, with no statement more', async () => {
    const support = signToken(TEST_TOKENS, { role: 'support_agent', subject: 'agent-list' });
    const [{ ids }] = await db.dataSource.query(`SELECT array_agg(id::text ORDER BY id) AS ids FROM customer`);
    const listed = async (query: string) => {
      const res = await app.graphql(query, {}, support);
      expect(res.errors).toBeUndefined();
      const entry = (await entries()).at(-1);
      expect(entry).toMatchObject({ actor: 'agent-list', outcome: 'ok' });
      return { res, customers: [...entry.customers].sort() };
    };
    const page = await listed(`query SupList { customers(first: 3) { edges { node { id displayName } } } }`);
    const shown = page.res.data!.customers.edges.map((e: any) => e.node.id).sort();
    expect(shown).toHaveLength(3);
    expect(page.customers).toEqual(shown);
    // only names, only cursors: still whose data it was
    expect((await listed(`{ customers(first: 3) { edges { node { displayName } } } }`)).customers).toEqual(shown);
    expect((await listed(`{ customers(first: 3) { edges { cursor } } }`)).customers).toEqual(shown);
    // a search names what it found, and only that
    const smith = await listed(`{ customers(first: 5, search: "smith") { edges { node { id } } } }`);
    expect(smith.customers).toEqual(smith.res.data!.customers.edges.map((e: any) => e.node.id).sort());
    expect(smith.customers).toContain(bob);
    expect(ids.length).toBeGreaterThan(smith.customers.length);
    await db.services.audit.log.flush();
    db.queries.reset();
    await app.graphql(`{ customers(first: 20) { edges { node { displayName } } } }`, {}, support);
    // the page (1) + the append (1)
    expect(db.queries.reset()).toBe(2);
  });
});
