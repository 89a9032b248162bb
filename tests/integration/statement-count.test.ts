import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { PROFILE_SELECTION } from '../../bench/profile-selection';
import { generateDemo } from '../../src/demo/generate-demo';
import { CustomerRepository } from '../../src/profile/customer.repository';
import { startTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const NESTED = PROFILE_SELECTION;

/** Every nested list is batched: the statement count does not grow with the number of customers. */
describe('SQL statements per query', () => {
  let db: TestDatabase;
  let app: TestApp;

  beforeAll(async () => {
    db = await createTestDatabase();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-demo-'));
    await generateDemo(dir, { customers: 300, seed: 7 });
    for (const [source, format] of [
      ['salesforce', 'salesforce-csv'],
      ['zendesk', 'zendesk-json'],
      ['mailchimp', 'mailchimp-json'],
    ] as const) {
      await db.services.importer.run({ source, format, location: path.join(dir, source) });
    }
    await db.services.resolver.resolve();
    await db.services.metrics.recompute();
    // The read path's statements; the access log's batched append is measured in access-log-graphql.test.ts.
    app = await startTestApp(db, { audit: false });
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  async function countStatements(query: string, variables?: Record<string, unknown>) {
    db.queries.reset();
    const result = await app.graphql(query, variables);
    expect(result.errors).toBeUndefined();
    return { count: db.queries.reset(), data: result.data! };
  }

  it('a full profile runs a small constant number of statements', async () => {
    // A customer present in all three systems, with an account, tickets and email activity.
    const [{ id }] = await db.dataSource.query(
      `SELECT p.customer_id AS id FROM source_record p JOIN source_record r ON r.person_record_id = p.id
       WHERE p.customer_id IS NOT NULL GROUP BY p.customer_id
       HAVING bool_or(p.entity = 'contact' AND p.data ? 'accountId') AND bool_or(r.entity = 'ticket') AND bool_or(r.entity = 'activity')
       LIMIT 1`,
    );
    const one = await countStatements(`query($id: ID!) { customer(id: $id) { ${NESTED} } }`, { id });
    expect(one.data.customer.crm.accounts.length).toBeGreaterThan(0);
    expect(one.data.customer.support.tickets.length).toBeGreaterThan(0);
    expect(one.data.customer.journey.edges.length).toBeGreaterThan(0);
    expect(one.data.customer.metrics.ticketCount).toBeGreaterThan(0);
    // customer, records, email activity, accounts, their opportunities, the journey page and the metrics: one statement
    expect(one.count).toBe(1);
  });

  it('customers(first: 50) with the same nested fields runs the same number of statements as first: 5', async () => {
    const five = await countStatements(`{ customers(first: 5) { edges { node { ${NESTED} } } } }`);
    const fifty = await countStatements(`{ customers(first: 50) { edges { node { ${NESTED} } } } }`);
    expect(fifty.data.customers.edges).toHaveLength(50);
    const records = fifty.data.customers.edges.reduce((n: number, e: any) => n + e.node.sourceRecords.length, 0);
    expect(records).toBeGreaterThan(100);
    expect(fifty.count).toBe(five.count);
    // the page; everything nested under it
    expect(fifty.count).toBe(2);
  });

  async function anyCustomerWithJourney(not?: string): Promise<string> {
    const [{ id }] = await db.dataSource.query(
      `SELECT p.customer_id AS id FROM source_record p JOIN source_record r ON r.person_record_id = p.id
       JOIN journey_event e ON e.record_id = r.id WHERE p.customer_id IS NOT NULL AND p.customer_id IS DISTINCT FROM $1::uuid
       GROUP BY p.customer_id HAVING count(*) > 3 ORDER BY p.customer_id LIMIT 1`,
      [not ?? null],
    );
    return id;
  }

  it('reads ahead through fragments and variables, and reads the same page as the journey statement', async () => {
    const id = await anyCustomerWithJourney();
    const variables = { id, n: 2, channels: ['email', 'support', 'sales'] };
    const viaFragments = await countStatements(
      `query($id: ID!, $n: Int, $channels: [String!]) { customer(id: $id) { ...Parts } }
       fragment Parts on Customer { id ... on Customer { profile { name { full } } journey(first: $n, channels: $channels) { edges { cursor node { type } } } } }`,
      variables,
    );
    expect(viaFragments.count).toBe(1);
    // The page read ahead is the page the journey statement reads on its own.
    const own = await db.services.journey.pages([id], { first: 2, channels: variables.channels });
    expect(viaFragments.data.customer.journey.edges.map((e: any) => e.node.type)).toEqual(own.slice(0, 2).map((e) => e.type));
    expect(viaFragments.data.customer.journey.edges).toHaveLength(2);
  });

  it('the same operation with other page sizes and cursors plans each one (plans are remembered per variables used below the field)', async () => {
    const id = await anyCustomerWithJourney();
    const query = `query($id: ID!, $n: Int, $after: String) { customer(id: $id) { journey(first: $n, after: $after) { edges { cursor node { id } } pageInfo { endCursor hasNextPage } } } }`;
    const all = (await db.services.journey.pages([id], { first: 6 })).slice(0, 6).map((e) => e.id);
    expect(all.length).toBeGreaterThanOrEqual(4);
    const ids = (r: { data: any }) => r.data.customer.journey.edges.map((e: any) => e.node.id);
    for (const n of [2, 3, 2]) {
      const page = await countStatements(query, { id, n });
      expect(page.count).toBe(1);
      expect(ids(page)).toEqual(all.slice(0, n));
      // every edge's cursor continues right after its own entry
      const edges = page.data.customer.journey.edges;
      expect(page.data.customer.journey.pageInfo.endCursor).toBe(edges.at(-1).cursor);
      const next = await countStatements(query, { id, n: 1, after: edges[0].cursor });
      expect(next.count).toBe(1);
      expect(ids(next)).toEqual([all[1]]);
    }
    // the customer id is the field's own argument: another customer with the same page size reads its own page
    const other = await anyCustomerWithJourney(id);
    const theirs = await countStatements(query, { id: other, n: 2 });
    expect(ids(theirs)).toEqual((await db.services.journey.pages([other], { first: 2 })).slice(0, 2).map((e) => e.id));
  });

  it('reads journey summaries and attributes only for queries that select them, and still in one statement', async () => {
    const id = await anyCustomerWithJourney();
    // pages() reads one row more than asked (is there a next page?)
    const lean = (await db.services.journey.pages([id], { first: 3, details: false })).slice(0, 3);
    expect(lean.length).toBeGreaterThan(0);
    expect(lean.every((e) => e.summary === null && e.attributes === null)).toBe(true);
    const full = (await db.services.journey.pages([id], { first: 3 })).slice(0, 3);
    expect(full.every((e) => typeof e.summary === 'string' && e.attributes !== null)).toBe(true);
    expect(lean.map((e) => e.id)).toEqual(full.map((e) => e.id));

    // what the profile statement was asked to read ahead (the real repository, only observed)
    const profiles = jest.spyOn(CustomerRepository.prototype, 'profiles');
    const readAhead = () => profiles.mock.calls.map(([, options]) => options.journey?.details);
    const withoutDetails = await countStatements(`query($id: ID!) { customer(id: $id) { journey(first: 3) { edges { node { id type } } } } }`, { id });
    expect(withoutDetails.count).toBe(1);
    expect(readAhead()).toEqual([false]);
    profiles.mockClear();
    const withDetails = await countStatements(
      `query($id: ID!) { customer(id: $id) { journey(first: 3) { edges { node { id ...Detail } } } } }
       fragment Detail on JourneyEntry { summary attributes }`,
      { id },
    );
    expect(withDetails.count).toBe(1);
    expect(readAhead()).toEqual([true]);
    profiles.mockRestore();
    expect(withDetails.data.customer.journey.edges.map((e: any) => e.node.summary)).toEqual(full.map((e) => e.summary));
    // two response keys, one with details and one without: each answers what it selected
    const both = await countStatements(
      `query($id: ID!) { customer(id: $id) { lean: journey(first: 3) { edges { node { id type } } } rich: journey(first: 3) { edges { node { id summary } } } } }`,
      { id },
    );
    expect(both.data.customer.lean.edges.map((e: any) => e.node.id)).toEqual(full.map((e) => e.id));
    expect(both.data.customer.rich.edges.map((e: any) => e.node.summary)).toEqual(full.map((e) => e.summary));
    // which nodes of one response key run can change with @include; a page without details must not be reused
    const included = `query($id: ID!, $more: Boolean!) { customer(id: $id) {
      journey(first: 3) { edges { node { id } } } journey(first: 3) @include(if: $more) { edges { node { summary } } } } }`;
    const without = await app.graphql(included, { id, more: false });
    expect(without.errors).toBeUndefined();
    const withSummary = await app.graphql(included, { id, more: true });
    expect(withSummary.errors).toBeUndefined();
    expect(withSummary.data!.customer.journey.edges.map((e: any) => e.node.summary)).toEqual(full.map((e) => e.summary));
  });

  it('a second journey page with a cursor is still one statement', async () => {
    const id = await anyCustomerWithJourney();
    const first = await countStatements(`query($id: ID!) { customer(id: $id) { journey(first: 2) { pageInfo { endCursor } } } }`, { id });
    const after = first.data.customer.journey.pageInfo.endCursor;
    const second = await countStatements(
      `query($id: ID!, $after: String) { customer(id: $id) { journey(first: 2, after: $after) { edges { node { type occurredAt } } } } }`,
      { id, after },
    );
    expect(second.count).toBe(1);
    expect(second.data.customer.journey.edges.length).toBeGreaterThan(0);
  });

  it('reads the longest email activity page asked for with the profile', async () => {
    const [{ id, n }] = await db.dataSource.query(
      `SELECT p.customer_id AS id, count(*)::int AS n FROM source_record p JOIN source_record r ON r.person_record_id = p.id
       WHERE p.customer_id IS NOT NULL AND r.entity = 'activity' AND r.deleted_at IS NULL
       GROUP BY p.customer_id HAVING count(*) > 3 ORDER BY count(*) DESC, p.customer_id LIMIT 1`,
    );
    const both = await countStatements(
      `query($id: ID!) { customer(id: $id) { marketing { few: activity(first: 2) { occurredAt campaignId } all: activity(first: 100) { occurredAt campaignId } } } }`,
      { id },
    );
    expect(both.count).toBe(1);
    expect(both.data.customer.marketing.all).toHaveLength(Math.min(n, 100));
    expect(both.data.customer.marketing.few).toEqual(both.data.customer.marketing.all.slice(0, 2));
    const times = both.data.customer.marketing.all.map((a: any) => a.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
  });
});
