import path from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import { generateDemo } from '../../src/demo/generate-demo';
import { startTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const NESTED = `
  id displayName
  profile { name { full } emails { value provenance { source } } phones { value } addresses { city } birthDate { value } }
  sourceRecords { source externalId }
  crm { accounts { name opportunities { stage } } opportunities { stage amount } }
  support { tickets { status handoffs } }
  marketing { subscriptions { status } consents { granted } activity(first: 5) { action } }
  journey(first: 20) { edges { node { type occurredAt } } }`;

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
    app = await startTestApp(db);
  });
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
    // customer; records + email activity + accounts + their opportunities (one bundle); journey
    expect(one.count).toBe(3);
  });

  it('customers(first: 50) with the same nested fields runs the same number of statements as first: 5', async () => {
    const five = await countStatements(`{ customers(first: 5) { edges { node { ${NESTED} } } } }`);
    const fifty = await countStatements(`{ customers(first: 50) { edges { node { ${NESTED} } } } }`);
    expect(fifty.data.customers.edges).toHaveLength(50);
    const records = fifty.data.customers.edges.reduce((n: number, e: any) => n + e.node.sourceRecords.length, 0);
    expect(records).toBeGreaterThan(100);
    expect(fifty.count).toBe(five.count);
    // the page; the bundle; the journey
    expect(fifty.count).toBe(3);
  });
});
