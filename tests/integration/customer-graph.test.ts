import { importCompany } from '../setup/company-fixture';
import { startTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const FULL_PROFILE = `
  fragment Full on Customer {
    id mergedFrom displayName
    profile {
      name { first last full provenance { source entity externalId rule } beaten { full provenance { source rule } } }
      emails { value provenance { source externalId } }
      phones { value provenance { source externalId } }
      addresses { line1 city postcode country provenance { source } }
      birthDate { value provenance { source rule } }
    }
    sourceRecords { source entity externalId attributes contentHash firstSeenAt lastChangedAt sourceChangedAt quality { field problem } }
    crm { accounts { name externalId opportunities { externalId stage } } opportunities { externalId name amount stage isWon closeDate } }
    support { tickets { externalId status channel createdAt solvedAt satisfaction reopens handoffs fullResolutionMinutes } }
    marketing { subscriptions { listId status optInAt } consents { source channel granted basis } activity { action campaignId title occurredAt } }
    journey(first: 50) { edges { cursor node { occurredAt type channel source summary } } pageInfo { hasNextPage endCursor } }
  }`;

describe('the unified customer graph over GraphQL', () => {
  let db: TestDatabase;
  let app: TestApp;
  let bobId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
    app = await startTestApp(db);
    const found = await app.graphql(`{ customerBySourceRecord(source: "salesforce", externalId: "003A") { id } }`);
    bobId = found.data!.customerBySourceRecord.id;
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('joins one person across CRM, support, marketing and a generic source', async () => {
    const { data, errors } = await app.graphql(`query($id: ID!) { customer(id: $id) { ...Full } } ${FULL_PROFILE}`, { id: bobId });
    expect(errors).toBeUndefined();
    const bob = data!.customer;
    expect(bob.sourceRecords.filter((r: any) => ['contact', 'user', 'member', 'person'].includes(r.entity)).map((r: any) => `${r.source}:${r.externalId}`).sort()).toEqual([
      'mailchimp:m-bob',
      'salesforce:003A',
      'shop:SHOP-1',
      'zendesk:501',
    ]);
    expect(bob.profile.emails.map((e: any) => e.value)).toEqual(expect.arrayContaining(['bob.smith@gmail.com', 'bobsmith@gmail.com']));
    expect(bob.profile.phones).toEqual([
      { value: '+14155550134', provenance: expect.arrayContaining([{ source: 'salesforce', externalId: '003A' }, { source: 'zendesk', externalId: '501' }]) },
    ]);
    // the only full birth date (Mailchimp's 05/17 has no year); the name with the most letters of first-and-last names
    expect(bob.profile.birthDate).toEqual({ value: '1980-05-17', provenance: [{ source: 'salesforce', rule: 'most_frequent' }] });
    expect(bob.profile.name.provenance[0].rule).toBe('most_complete');
    expect(bob.profile.name.full).toBe('Robert Smith');
    expect(bob.profile.name.beaten).toEqual([
      { full: 'Bobby Smith', provenance: [{ source: 'shop', rule: 'most_complete' }] },
      { full: 'Bob Smith', provenance: [{ source: 'zendesk', rule: 'most_complete' }, { source: 'mailchimp', rule: 'most_complete' }] },
    ]);
    expect(bob.crm.opportunities).toEqual([
      { externalId: '006A', name: 'Annual plan', amount: 1200, stage: 'Closed Won', isWon: true, closeDate: '2024-02-01' },
    ]);
    expect(bob.crm.accounts).toEqual([
      { name: 'Smith Household', externalId: '001A', opportunities: [{ externalId: '006A', stage: 'Closed Won' }, { externalId: '006B', stage: 'Prospecting' }] },
    ]);
    expect(bob.support.tickets).toEqual([
      expect.objectContaining({ externalId: '9002', status: 'open', channel: 'chat', solvedAt: null, handoffs: null }),
      expect.objectContaining({ externalId: '9001', status: 'solved', channel: 'email', satisfaction: 'good', reopens: 1, handoffs: 3, fullResolutionMinutes: 1440 }),
    ]);
    expect(bob.marketing.subscriptions).toEqual([{ listId: 'list-1', status: 'subscribed', optInAt: '2023-06-01T10:00:00.000Z' }]);
    expect(bob.marketing.consents).toEqual(
      expect.arrayContaining([
        { source: 'salesforce', channel: 'email', granted: true, basis: 'HasOptedOutOfEmail=false' },
        { source: 'mailchimp', channel: 'email', granted: true, basis: 'status=subscribed' },
        { source: 'mailchimp', channel: 'Direct Mail', granted: false, basis: 'marketing_permission p-mail enabled=false' },
      ]),
    );
    expect(bob.marketing.activity.map((a: any) => a.action)).toEqual(['click', 'open', 'sent']);
  });

  it('serves one time-ordered journey across channels, keyset-paginated and filterable', async () => {
    const all = await app.graphql(`query($id: ID!) { customer(id: $id) { journey(first: 100) { edges { node { occurredAt type channel } } } } }`, { id: bobId });
    const nodes = all.data!.customer.journey.edges.map((e: any) => e.node);
    const times = nodes.map((n: any) => n.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(new Set(nodes.map((n: any) => n.channel))).toEqual(new Set(['email', 'support', 'sales', 'store']));
    expect(nodes.map((n: any) => n.type)).toEqual(expect.arrayContaining(['ticket_opened', 'ticket_solved', 'email_opened', 'email_clicked', 'opportunity_won', 'order_placed']));

    const pages: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await app.graphql(
        `query($id: ID!, $after: String) { customer(id: $id) { journey(first: 3, after: $after) { edges { node { occurredAt type } } pageInfo { hasNextPage endCursor } } } }`,
        { id: bobId, after },
      );
      const j = page.data.customer.journey;
      pages.push(...j.edges.map((e: any) => `${e.node.occurredAt}|${e.node.type}`));
      if (!j.pageInfo.hasNextPage) break;
      after = j.pageInfo.endCursor;
    }
    expect(pages).toEqual(nodes.map((n: any) => `${n.occurredAt}|${n.type}`));

    const support = await app.graphql(
      `query($id: ID!) { customer(id: $id) { journey(first: 100, channels: ["support"], from: "2024-03-01T00:00:00Z", to: "2024-03-31T00:00:00Z") { edges { node { type channel occurredAt } } } } }`,
      { id: bobId },
    );
    expect(support.data!.customer.journey.edges.map((e: any) => e.node.type).sort()).toEqual(['ticket_opened', 'ticket_rated', 'ticket_solved']);
  });

  it('keeps people apart who only share a family email, and leaves junk-only records alone', async () => {
    const carol = await app.graphql(`{ customerBySourceRecord(source: "salesforce", externalId: "003D") { id sourceRecords { externalId } } }`);
    const dan = await app.graphql(`{ customerBySourceRecord(source: "zendesk", externalId: "503") { id sourceRecords { externalId } } }`);
    expect(carol.data!.customerBySourceRecord.id).not.toBe(dan.data!.customerBySourceRecord.id);
    const junk = await app.graphql(`{ customerBySourceRecord(source: "salesforce", externalId: "003C") { sourceRecords { externalId quality { field problem } } } }`);
    const record = junk.data!.customerBySourceRecord.sourceRecords[0];
    expect(record.externalId).toBe('003C');
    expect(record.quality).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'email', problem: 'blocked placeholder value' })]));
  });

  it('lists customers as a keyset connection with search', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: any = await app.graphql(`query($after: String) { customers(first: 2, after: $after) { edges { node { id displayName } } pageInfo { hasNextPage endCursor } } }`, { after });
      seen.push(...res.data.customers.edges.map((e: any) => e.node.displayName));
      if (!res.data.customers.pageInfo.hasNextPage) break;
      after = res.data.customers.pageInfo.endCursor;
    }
    const [{ n }] = await db.dataSource.query('SELECT count(*)::int AS n FROM customer');
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
    const found = await app.graphql(`{ customers(first: 10, search: "GARCIA@outlook") { edges { node { displayName } } } }`);
    expect(found.data!.customers.edges.map((e: any) => e.node.displayName)).toEqual(['Ana Garcia']);
    // Bob's CRM wrote (415) 555-0134; the profile shows +14155550134: any of the forms finds him
    for (const search of ['(415) 555-0134', '+14155550134', '4155550134']) {
      const byPhone = await app.graphql(`query($s: String) { customers(first: 10, search: $s) { edges { node { id } } } }`, { s: search });
      expect(byPhone.data!.customers.edges.map((e: any) => e.node.id)).toContain(bobId);
    }
  });

  it('answers bad input with a clear error and no internals', async () => {
    const res = await app.graphql(`{ customers(first: 1000) { edges { cursor } } }`);
    expect(res.errors![0]).toMatchObject({ message: 'first must be between 1 and 100', extensions: { code: 'BAD_USER_INPUT' } });
    const cursor = await app.graphql(`{ customers(first: 1, after: "garbage") { edges { cursor } } }`);
    expect(cursor.errors![0]).toMatchObject({ message: 'invalid cursor', extensions: { code: 'BAD_USER_INPUT' } });
    expect(await app.graphql(`{ customer(id: "not-a-uuid") { id } }`)).toMatchObject({ data: { customer: null } });
    // one list's cursor given to another opens (one key seals them all), but is not a cursor of that list
    const listCursor = (await app.graphql(`{ customers(first: 1) { pageInfo { endCursor } } }`)).data!.customers.pageInfo.endCursor;
    const journey = await app.graphql(`query($id: ID!, $after: String) { customer(id: $id) { journey(first: 1, after: $after) { edges { cursor } } } }`, { id: bobId, after: listCursor });
    expect(journey.errors![0]).toMatchObject({ message: 'invalid cursor', extensions: { code: 'BAD_USER_INPUT' } });
    const entryCursor = (await app.graphql(`query($id: ID!) { customer(id: $id) { journey(first: 1) { pageInfo { endCursor } } } }`, { id: bobId })).data!.customer.journey.pageInfo.endCursor;
    const customers = await app.graphql(`query($after: String) { customers(first: 1, after: $after) { edges { cursor } } }`, { after: entryCursor });
    expect(customers.errors![0]).toMatchObject({ message: 'invalid cursor', extensions: { code: 'BAD_USER_INPUT' } });
  });
});
