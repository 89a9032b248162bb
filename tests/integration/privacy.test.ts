import { signToken } from '../../src/api/auth/tokens';
import { customersOf, importCompany } from '../setup/company-fixture';
import { startTestApp, TEST_TOKENS, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const PROFILE = `query($id: ID!) { customer(id: $id) { id displayName
  profile { name { full first beaten { full first } } emails { value } phones { value } birthDate { value beaten { value } } addresses { line1 city postcode } }
  support { tickets { subject status handoffs } }
  marketing { consents { channel granted } } } }`;

/** Field-level policy per role and purpose, row-level access and consent, through GraphQL on real data. */
describe('privacy policy through GraphQL', () => {
  let db: TestDatabase;
  let app: TestApp;
  let customer: Record<'bob' | 'ana' | 'dan', string>;
  const token = (role: 'admin' | 'support_agent' | 'marketing' | 'analyst' | 'auditor' | 'customer', subject?: string, purpose?: string) =>
    signToken(TEST_TOKENS, { role, subject, purpose });

  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
    customer = await customersOf(db.dataSource, { bob: ['salesforce', '003A'], ana: ['salesforce', '003B'], dan: ['zendesk', '503'] });
    app = await startTestApp(db);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const profileAs = (id: string, t: string) => app.graphql(PROFILE, { id }, t);

  it('shows an admin everything as stored, with no privacy extension', async () => {
    const res = await profileAs(customer.bob, token('admin'));
    expect(res.errors).toBeUndefined();
    const c = res.data!.customer;
    expect(c.profile.emails.map((e: any) => e.value)).toContain('bob.smith@gmail.com');
    expect(c.profile.addresses[0]).toMatchObject({ line1: expect.stringContaining('Oak'), postcode: '94110' });
    expect((res as any).extensions).toBeUndefined();
  });

  it('masks locations for a support agent and says so in the extensions', async () => {
    const res: any = await profileAs(customer.bob, token('support_agent'));
    expect(res.errors).toBeUndefined();
    const c = res.data.customer;
    expect(c.profile.emails.map((e: any) => e.value)).toContain('bob.smith@gmail.com');
    expect(c.profile.addresses[0]).toEqual({ line1: null, city: 'San Francisco', postcode: '941**' });
    // names are identity, which support sees: the names the golden one beat too
    expect(c.profile.name.beaten.map((b: any) => b.full)).toEqual(['Bobby Smith', 'Bob Smith']);
    expect(c.support.tickets[0].subject).toEqual(expect.any(String));
    expect(res.extensions.privacy).toMatchObject({
      policyVersion: expect.any(String),
      applied: expect.arrayContaining([expect.objectContaining({ field: 'ProfileAddress.line1', classification: 'location', action: 'mask' })]),
    });
  });

  it('hides from a support agent the street lines a raw payload or a match explanation would show', async () => {
    // both hold values of every class at once (raw_personal): the profile masked line1, they did not
    const [a, b] = await db.dataSource.query(
      `SELECT id::text AS id FROM source_record WHERE customer_id = $1 AND person IS NOT NULL AND person -> 'addresses' <> '[]' ORDER BY id LIMIT 2`,
      [customer.bob],
    );
    const other = b ?? (await db.dataSource.query(`SELECT id::text AS id FROM source_record WHERE person IS NOT NULL AND id <> $1 ORDER BY id LIMIT 1`, [a.id]))[0];
    const query = `query($id: ID!, $a: ID!, $b: ID!) {
      customer(id: $id) { sourceRecords { attributes } }
      explainMatch(recordA: $a, recordB: $b) { evidence { attribute left right } } }`;
    const as = async (role: 'admin' | 'support_agent') => {
      const res: any = await app.graphql(query, { id: customer.bob, a: a.id, b: other.id }, token(role));
      expect(res.errors).toBeUndefined();
      return res.data;
    };
    const admin = await as('admin');
    expect(JSON.stringify(admin.customer.sourceRecords)).toContain('Oak');
    expect(admin.explainMatch.evidence.find((e: any) => e.attribute === 'address').left).toEqual(expect.stringContaining('oak'));
    const support = await as('support_agent');
    expect(support.customer.sourceRecords.every((r: any) => r.attributes === null)).toBe(true);
    expect(support.explainMatch.evidence.every((e: any) => e.left === null && e.right === null)).toBe(true);
    expect(JSON.stringify(support)).not.toMatch(/oak/i);
  });

  it('gives marketing initials, birth years and stable pseudonyms, redacts support content, and explains it', async () => {
    const first: any = await profileAs(customer.bob, token('marketing'));
    expect(first.errors).toBeUndefined();
    const c = first.data.customer;
    expect(c.displayName).toMatch(/^[RB]\. S\.$/);
    // the values the golden name beat are masked as names are
    expect(c.profile.name).toEqual({ full: 'R. S.', first: 'R.', beaten: [{ full: 'B. S.', first: 'B.' }, { full: 'B. S.', first: 'B.' }] });
    expect(JSON.stringify(c.profile.name)).not.toMatch(/Bob|Robert/);
    expect(c.profile.birthDate.value).toBe('1980');
    for (const e of c.profile.emails) expect(e.value).toMatch(/^pz_[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(first)).not.toContain('gmail.com');
    // ids are random hex and may hold any digits: look for the phone in the rest
    expect(JSON.stringify(first).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')).not.toContain('555');
    expect(c.support.tickets.every((t: any) => t.subject === null && typeof t.status === 'string')).toBe(true);
    const applied = first.extensions.privacy.applied;
    expect(applied).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'SupportTicket.subject', action: 'redact', reason: expect.stringContaining('support_content is redacted') }),
        expect.objectContaining({ field: 'ProfileEmail.value', action: 'pseudonymise' }),
      ]),
    );
    const again: any = await profileAs(customer.bob, token('marketing'));
    expect(again.data.customer.profile.emails).toEqual(c.profile.emails);
  });

  it('redacts what journey entries say (deal amounts, ratings) for marketing and analysts, not for support', async () => {
    const JOURNEY = `query($id: ID!) { customer(id: $id) { journey(first: 50) { edges { node { type channel summary attributes } } } } }`;
    const entries = async (role: 'support_agent' | 'marketing' | 'analyst') => {
      const res = await app.graphql(JOURNEY, { id: customer.bob }, token(role));
      expect(res.errors).toBeUndefined();
      return { nodes: res.data!.customer.journey.edges.map((e: any) => e.node), extensions: (res as any).extensions };
    };
    const support = await entries('support_agent');
    expect(support.nodes.some((n: any) => n.type.startsWith('opportunity_') && n.attributes?.amount !== undefined)).toBe(true);
    expect(support.nodes.some((n: any) => n.type === 'ticket_rated' && n.summary)).toBe(true);
    for (const role of ['marketing', 'analyst'] as const) {
      const { nodes, extensions } = await entries(role);
      expect(nodes.length).toBe(support.nodes.length);
      expect(nodes.every((n: any) => n.summary === null && n.attributes === null && n.type)).toBe(true);
      expect(extensions.privacy.applied).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: 'JourneyEntry.attributes', classification: 'interaction_detail', action: 'redact' })]),
      );
    }
  });

  it('treats a CRM account name as a name (a household account carries the surname) and its city as a location', async () => {
    const ACCOUNTS = `query($id: ID!) { customer(id: $id) { crm { accounts { name billingCity } } } }`;
    const admin = await app.graphql(ACCOUNTS, { id: customer.bob }, token('admin'));
    const [account] = admin.data!.customer.crm.accounts;
    expect(account.name.length).toBeGreaterThan(3);
    const marketing = await app.graphql(ACCOUNTS, { id: customer.bob }, token('marketing'));
    const initials = account.name.split(/\s+/).map((w: string) => `${w[0]}.`).join(' ');
    expect(marketing.data!.customer.crm.accounts[0].name).toBe(initials);
    const auditor = await app.graphql(ACCOUNTS, { id: customer.bob }, token('auditor'));
    expect(auditor.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
  });

  it('treats a deal name as a name too ("Davis Household – Renewal" carries the surname): initials for an analyst', async () => {
    const DEALS = `query($id: ID!) { customer(id: $id) { crm { opportunities { name amount } } } }`;
    const admin = await app.graphql(DEALS, { id: customer.bob }, token('admin'));
    const [deal] = admin.data!.customer.crm.opportunities;
    expect(deal.name.length).toBeGreaterThan(3);
    const analyst = await app.graphql(DEALS, { id: customer.bob }, token('analyst'));
    expect(analyst.errors).toBeUndefined();
    const initials = deal.name.split(/\s+/).map((w: string) => `${w[0].toUpperCase()}.`).join(' ');
    expect(analyst.data!.customer.crm.opportunities[0]).toEqual({ name: initials, amount: deal.amount });
    const support = await app.graphql(DEALS, { id: customer.bob }, token('support_agent'));
    expect(support.data!.customer.crm.opportunities[0].name).toBe(deal.name);
  });

  it('refuses marketing fields it may not read, and searching by them, before anything runs', async () => {
    db.queries.reset();
    const deals = await app.graphql(`query($id: ID!) { customer(id: $id) { crm { opportunities { amount } } } }`, { id: customer.bob }, token('marketing'));
    expect(deals.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
    expect(deals.errors![0].message).toContain('CrmOpportunity.amount');
    expect(deals.data).toBeUndefined();
    // nothing was read: the only statement is the access-log entry of the refusal (one append)
    expect(db.queries.reset()).toBe(1);
    const search = await app.graphql(`{ customers(first: 5, search: "smith") { edges { node { id } } } }`, {}, token('marketing'));
    expect(search.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
    expect(search.errors![0].message).toContain('search');
    // a search given by a variable is refused when set, not when null or missing (generic clients declare it)
    const bySearch = `query($s: String) { customers(first: 5, search: $s) { edges { node { id } } } }`;
    expect((await app.graphql(bySearch, { s: 'smith' }, token('marketing'))).errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
    expect((await app.graphql(bySearch, { s: null }, token('marketing'))).errors).toBeUndefined();
    expect((await app.graphql(bySearch, {}, token('marketing'))).errors).toBeUndefined();
    expect((await app.graphql(`{ customers(first: 5, search: null) { edges { node { id } } } }`, {}, token('marketing'))).errors).toBeUndefined();
    const withDefault = `query($s: String = "smith") { customers(first: 5, search: $s) { edges { node { id } } } }`;
    expect((await app.graphql(withDefault, {}, token('marketing'))).errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
    const raw = await app.graphql(`query($id: ID!) { customer(id: $id) { sourceRecords { attributes } } }`, { id: customer.bob }, token('analyst'));
    expect(raw.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
  });

  it('treats source ids as source_id: an auditor cannot read or look up by them, an analyst gets pseudonyms', async () => {
    // A Mailchimp member id is the MD5 of the email address: holding it confirms a guessed address.
    const RECORDS = `query($id: ID!) { customer(id: $id) { sourceRecords { source externalId } marketing { subscriptions { externalId } } } }`;
    const auditor = await app.graphql(RECORDS, { id: customer.bob }, token('auditor'));
    expect(auditor.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
    expect(auditor.errors![0].message).toContain('SourceRecord.externalId');
    const lookup = `{ customerBySourceRecord(source: "mailchimp", externalId: "m-bob") { id } }`;
    for (const role of ['auditor', 'analyst'] as const) {
      const res = await app.graphql(lookup, {}, token(role));
      expect(res.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
      expect(res.errors![0].message).toContain('filters by source_id');
    }

    const analyst: any = await app.graphql(RECORDS, { id: customer.bob }, token('analyst'));
    expect(analyst.errors).toBeUndefined();
    const ids = [...analyst.data.customer.sourceRecords.map((r: any) => r.externalId), ...analyst.data.customer.marketing.subscriptions.map((s: any) => s.externalId)];
    expect(ids.length).toBeGreaterThan(2);
    for (const id of ids) expect(id).toMatch(/^pz_[A-Za-z0-9_-]{22}$/);
    expect(JSON.stringify(analyst)).not.toContain('m-bob');

    // Support and marketing act in the source systems, which address records by these ids.
    for (const role of ['support_agent', 'marketing'] as const) {
      const res: any = await app.graphql(RECORDS, { id: customer.bob }, token(role));
      expect(res.errors).toBeUndefined();
      expect(res.data.customer.marketing.subscriptions.map((s: any) => s.externalId)).toContain('m-bob');
    }
    const found: any = await app.graphql(lookup, {}, token('marketing'));
    expect(found.data.customerBySourceRecord.id).toBe(customer.bob);
  });

  it('hides customers without consent from marketing, by id and in lists; support still sees them', async () => {
    const ana = await app.graphql(`query($id: ID!) { customer(id: $id) { id } }`, { id: customer.ana }, token('marketing'));
    expect(ana).toMatchObject({ data: { customer: null } });
    await db.services.audit.log.flush();
    const [refused] = await db.dataSource.query(`SELECT customer_ids::text[] AS customers, outcome FROM access_log ORDER BY position DESC LIMIT 1`);
    expect(refused).toEqual({ customers: [customer.ana], outcome: 'denied' });
    // the same by her source record
    const bySource = await app.graphql(`{ customerBySourceRecord(source: "salesforce", externalId: "003B") { id } }`, {}, token('marketing'));
    expect(bySource).toMatchObject({ data: { customerBySourceRecord: null } });
    await db.services.audit.log.flush();
    const [refusedBySource] = await db.dataSource.query(`SELECT customer_ids::text[] AS customers, outcome FROM access_log ORDER BY position DESC LIMIT 1`);
    expect(refusedBySource).toEqual({ customers: [customer.ana], outcome: 'denied' });
    const dan = await app.graphql(`query($id: ID!) { customer(id: $id) { id } }`, { id: customer.dan }, token('marketing'));
    expect(dan).toMatchObject({ data: { customer: null } });
    const bob = await app.graphql(`query($id: ID!) { customer(id: $id) { id } }`, { id: customer.bob }, token('marketing'));
    expect(bob.data!.customer.id).toBe(customer.bob);

    const listed = await app.graphql(`{ customers(first: 100) { edges { node { id } } } }`, {}, token('marketing'));
    const ids = listed.data!.customers.edges.map((e: any) => e.node.id);
    expect(ids).toContain(customer.bob);
    expect(ids).not.toContain(customer.ana);
    expect(ids).not.toContain(customer.dan);
    const all = await app.graphql(`{ customers(first: 100) { edges { node { id } } } }`, {}, token('support_agent'));
    expect(all.data!.customers.edges.map((e: any) => e.node.id)).toEqual(expect.arrayContaining([customer.ana, customer.dan]));
  });

  it('gives list cursors that show nothing (the name they sort by is masked for marketing), and refuses made-up ones', async () => {
    const listed = await app.graphql(`{ customers(first: 5) { edges { cursor node { displayName } } } }`, {}, token('marketing'));
    const all = await app.graphql(`{ customers(first: 100) { edges { node { displayName } } } }`, {}, token('admin'));
    const names: string[] = all.data!.customers.edges.map((e: any) => e.node.displayName).filter((n: string) => n.length > 3);
    for (const edge of listed.data!.customers.edges) {
      const opened = Buffer.from(edge.cursor, 'base64url').toString('latin1');
      expect(names.some((n) => opened.includes(n) || opened.includes(n.split(' ')[0]!))).toBe(false);
    }
    for (const after of [Buffer.from('["x","y"]').toString('base64url'), Buffer.from('["2026-01-01T00:00:00Z","99999999999999999999999"]').toString('base64url'), 'nope']) {
      const res = await app.graphql(`query($after: String) { customers(first: 1, after: $after) { edges { cursor } } }`, { after }, token('support_agent'));
      expect(res.errors![0]).toMatchObject({ message: 'invalid cursor', extensions: { code: 'BAD_USER_INPUT' } });
    }
  });

  it('fills each page of a list past the customers marketing may not see', async () => {
    const all = await app.graphql(`{ customers(first: 100) { edges { node { id } } } }`, {}, token('marketing'));
    const expected = all.data!.customers.edges.map((e: any) => e.node.id);
    const everyone = await app.graphql(`{ customers(first: 100) { edges { node { id } } } }`, {}, token('support_agent'));
    expect(expected.length).toBeLessThan(everyone.data!.customers.edges.length);
    const paged: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 50; guard++) {
      const res: any = await app.graphql(
        `query($after: String) { customers(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { after },
        token('marketing'),
      );
      const { edges, pageInfo } = res.data.customers;
      paged.push(...edges.map((e: any) => e.node.id));
      if (!pageInfo.hasNextPage) break;
      expect(edges).toHaveLength(1);
      after = pageInfo.endCursor;
    }
    expect(paged).toEqual(expected);
  });

  it('takes a consent change into account on the next request', async () => {
    await db.dataSource.query(
      `UPDATE source_record SET data = jsonb_set(data, '{status}', '"unsubscribed"'), source_changed_at = now(), last_changed_at = now()
       WHERE source = 'mailchimp' AND external_id = 'm-bob'`,
    );
    try {
      const bob = await app.graphql(`query($id: ID!) { customer(id: $id) { id } }`, { id: customer.bob }, token('marketing'));
      expect(bob).toMatchObject({ data: { customer: null } });
    } finally {
      await db.dataSource.query(
        `UPDATE source_record SET data = jsonb_set(data, '{status}', '"subscribed"'), source_changed_at = now(), last_changed_at = now()
         WHERE source = 'mailchimp' AND external_id = 'm-bob'`,
      );
    }
    const back = await app.graphql(`query($id: ID!) { customer(id: $id) { id } }`, { id: customer.bob }, token('marketing'));
    expect(back.data!.customer.id).toBe(customer.bob);
  });

  it('lets a customer see their own profile and no one else’s', async () => {
    const own = await profileAs(customer.bob, token('customer', customer.bob));
    expect(own.errors).toBeUndefined();
    expect(own.data!.customer.profile.emails.map((e: any) => e.value)).toContain('bob.smith@gmail.com');
    const other = await profileAs(customer.ana, token('customer', customer.bob));
    expect(other).toMatchObject({ data: { customer: null } });
    const list = await app.graphql(`{ customers(first: 50) { edges { node { id } } } }`, {}, token('customer', customer.bob));
    expect(list.data!.customers.edges.map((e: any) => e.node.id)).toEqual([customer.bob]);
    const internals = await app.graphql(`query($id: ID!) { customer(id: $id) { identity { links { rule } } } }`, { id: customer.bob }, token('customer', customer.bob));
    expect(internals.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
  });

  it("keeps the other contacts' deals of a shared account from a customer and from marketing, not from support", async () => {
    // Carol (003D) and Bob (003A) are contacts of the Smith Household account (001A): 006A is Bob's deal,
    // 006B the account's with no contact
    const { carol } = await customersOf(db.dataSource, { carol: ['salesforce', '003D'] });
    const ACCOUNT_DEALS = `query($id: ID!) { customer(id: $id) { crm { accounts { externalId opportunities { externalId } } } } }`;
    const dealsAs = async (id: string, t: string) => {
      const res = await app.graphql(ACCOUNT_DEALS, { id }, t);
      expect(res.errors).toBeUndefined();
      return res.data!.customer.crm.accounts.map((a: any) => [a.externalId, a.opportunities.map((o: any) => o.externalId)]);
    };
    expect(await dealsAs(carol, token('support_agent'))).toEqual([['001A', ['006A', '006B']]]);
    expect(await dealsAs(carol, token('customer', carol))).toEqual([['001A', []]]);
    expect(await dealsAs(customer.bob, token('customer', customer.bob))).toEqual([['001A', ['006A']]]);
    expect(await dealsAs(customer.bob, token('marketing'))).toEqual([['001A', ['006A']]]);
  });

  it('refuses a purpose the role is not allowed, and explains the policy per role and purpose', async () => {
    const wrong = await profileAs(customer.bob, token('support_agent', undefined, 'marketing_email'));
    expect(wrong.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
    expect(wrong.errors![0].message).toContain('purpose "marketing_email" is not allowed');

    const res = await app.graphql(`{ privacyPolicy(role: "marketing") { version role purpose requiresConsent rows fields { field classification action mask } } }`, {}, token('auditor'));
    expect(res.errors).toBeUndefined();
    const p = res.data!.privacyPolicy;
    expect(p).toMatchObject({ role: 'marketing', purpose: 'marketing_email', requiresConsent: 'email', rows: 'all' });
    const rule = (f: string) => p.fields.find((x: any) => x.field === f);
    expect(rule('ProfileEmail.value')).toEqual({ field: 'ProfileEmail.value', classification: 'contact', action: 'pseudonymise', mask: null });
    expect(rule('ProfileDate.value')).toMatchObject({ action: 'mask', mask: 'year' });
    expect(rule('CrmOpportunity.amount')).toMatchObject({ action: 'deny' });
    expect(rule('ProfileAddress.city')).toMatchObject({ action: 'allow' });
  });

  it('lets a request narrow its token’s purposes with X-Tessera-Purpose, never widen them', async () => {
    const t = signToken(TEST_TOKENS, { role: 'marketing', purposes: ['marketing_email', 'marketing_sms'] });
    const ask = (purpose: string) =>
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t}`, 'x-tessera-purpose': purpose },
        body: JSON.stringify({ query: '{ privacyPolicy { purpose requiresConsent } }' }),
      });
    const narrowed = await ask('marketing_sms');
    expect(narrowed.status).toBe(200);
    expect(((await narrowed.json()) as any).data.privacyPolicy).toEqual({ purpose: 'marketing_sms', requiresConsent: 'sms' });
    const widened = await ask('analytics');
    expect(widened.status).toBe(403);
    expect(((await widened.json()) as any).errors[0]).toMatchObject({ extensions: { code: 'PURPOSE_NOT_GRANTED' } });
  });
});
