import { ruleMeaning } from '../../src/identity/rule-meanings';
import { importCompany, recordsOf } from '../setup/company-fixture';
import { startTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** Identity over GraphQL: explanations, links and history per customer, the review queue, link and split. */
describe('identity through GraphQL', () => {
  let db: TestDatabase;
  let app: TestApp;
  const record: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
    Object.assign(record, await recordsOf(db.dataSource, {
      bobSf: ['salesforce', '003A'],
      bobZd: ['zendesk', '501'],
      bobMc: ['mailchimp', 'm-bob'],
      anaSf: ['salesforce', '003B'],
      ticket: ['zendesk', '9001'],
    }));
    app = await startTestApp(db);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const customerOf = async (recordId: string): Promise<string> =>
    (await db.dataSource.query('SELECT customer_id FROM source_record WHERE id = $1', [recordId]))[0].customer_id;

  it('explains a match attribute by attribute, and the weights add up', async () => {
    const res = await app.graphql(
      `query($a: ID!, $b: ID!) { explainMatch(recordA: $a, recordB: $b) {
         recordA recordB decision rule ruleMeaning probability totalWeight matchThreshold reviewThreshold stored customerA customerB
         evidence { attribute level meaning weight left right } conflicts humanDecision { kind } } }`,
      { a: record.bobSf, b: record.bobZd },
    );
    expect(res.errors).toBeUndefined();
    const e = res.data!.explainMatch;
    expect(e.decision).toBe('match');
    expect(e.ruleMeaning).not.toBe(e.rule); // in words: "the same email address: …"
    expect(e.customerA).toBe(e.customerB);
    expect(e.evidence.length).toBeGreaterThan(2);
    const sum = e.evidence.reduce((total: number, line: { weight: number }) => total + line.weight, 0);
    expect(sum).toBeCloseTo(e.totalWeight, 6);
    expect(e.evidence.some((line: { attribute: string }) => line.attribute === 'prior')).toBe(true);
    // each line says in words what it found, for someone who does not read level names
    expect(e.evidence.find((line: { attribute: string }) => line.attribute === 'first_name').meaning).toBe('one first name is a nickname or short form of the other (Bob and Robert)');
    expect(e.evidence.every((line: { level: string; meaning: string }) => line.meaning.length > 0 && line.meaning !== line.level)).toBe(true);

    const apart = await app.graphql(`query($a: ID!, $b: ID!) { explainMatch(recordA: $a, recordB: $b) { decision customerA customerB } }`, {
      a: record.bobSf,
      b: record.anaSf,
    });
    expect(apart.data!.explainMatch.decision).not.toBe('match');
    expect(apart.data!.explainMatch.customerA).not.toBe(apart.data!.explainMatch.customerB);
    // the evidence shows both records' values: the access log names both customers
    await db.services.audit.log.flush();
    const [entry] = await db.dataSource.query(`SELECT customer_ids::text[] AS customers FROM access_log ORDER BY position DESC LIMIT 1`);
    expect([...entry.customers].sort()).toEqual([apart.data!.explainMatch.customerA, apart.data!.explainMatch.customerB].sort());
  });

  it('refuses bad record ids with the reason, and callers who are not data stewards', async () => {
    const same = await app.graphql(`query($a: ID!) { explainMatch(recordA: $a, recordB: $a) { decision } }`, { a: record.bobSf });
    expect(same.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'SAME_RECORD' });
    expect(same.errors![0].message).toMatch(/itself/);
    const notPerson = await app.graphql(`query($a: ID!, $b: ID!) { explainMatch(recordA: $a, recordB: $b) { decision } }`, {
      a: record.bobSf,
      b: record.ticket,
    });
    expect(notPerson.errors![0].message).toMatch(/not a person record/);
    expect(notPerson.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'NOT_A_PERSON' });
    const missing = await app.graphql(`{ explainMatch(recordA: "999999999", recordB: "1") { decision } }`);
    expect(missing.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'RECORD_NOT_FOUND' });
    const marketing = await app.graphql(
      `query($a: ID!, $b: ID!) { explainMatch(recordA: $a, recordB: $b) { decision } }`,
      { a: record.bobSf, b: record.bobZd },
      app.token('marketing'),
    );
    // the privacy policy refuses identity matching (internal) to marketing before the role check runs
    expect(marketing.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
    const split = await app.graphql(`mutation($r: ID!) { splitRecord(recordId: $r, reason: "x") { customerIds } }`, { r: record.bobMc }, app.token('analyst'));
    expect(split.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
    expect(await customerOf(record.bobMc)).toBe(await customerOf(record.bobSf));
  });

  it('shows why a customer’s records are together, batched for a whole page of customers', async () => {
    const bob = await customerOf(record.bobSf);
    const res = await app.graphql(
      `query($id: ID!) { customer(id: $id) { identity { links { recordA recordB decision rule ruleMeaning probability } history { kind recordIds actor } } } }`,
      { id: bob },
    );
    expect(res.errors).toBeUndefined();
    const { links, history } = res.data!.customer.identity;
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((l: { decision: string }) => ['match', 'review', 'refused', 'linked', 'split'].includes(l.decision))).toBe(true);
    expect(history[0].kind).toBe('created');
    // each pair says in plain words what its rule means, as explainMatch does
    for (const l of links as { rule: string; ruleMeaning: string }[]) expect(l.ruleMeaning).toBe(ruleMeaning(l.rule));
    expect(links.some((l: { ruleMeaning: string; rule: string }) => l.ruleMeaning !== l.rule)).toBe(true);

    db.queries.reset();
    const page = await app.graphql(`{ customers(first: 20) { edges { node { id identity { links { rule } history { kind } } } } } }`);
    expect(page.errors).toBeUndefined();
    // the page, the links of all its customers, their history; then the access-log append (1)
    expect(db.queries.reset()).toBe(3 + 1);
  });

  it('splits a record off with a new id and lineage, and links it back', async () => {
    const bob = await customerOf(record.bobSf);
    const bobsRecords: string[] = (await db.dataSource.query('SELECT id::text AS id FROM source_record WHERE customer_id = $1 AND person IS NOT NULL', [bob])).map((r: any) => r.id);
    const split = await app.graphql(
      `mutation($r: ID!) { splitRecord(recordId: $r, reason: "different person per the customer's call") { customerIds remainingCustomerId affectedCustomerIds } }`,
      { r: record.bobMc },
    );
    expect(split.errors).toBeUndefined();
    const [alone] = split.data!.splitRecord.customerIds;
    expect(alone).not.toBe(bob);
    expect(split.data!.splitRecord.remainingCustomerId).toBe(bob);
    expect(await customerOf(record.bobMc)).toBe(alone);
    // every customer Bob's former records are in now, as re-clustering left them
    const now = new Set(await Promise.all(bobsRecords.map(customerOf)));
    expect(new Set(split.data!.splitRecord.affectedCustomerIds)).toEqual(now);
    expect(split.data!.splitRecord.affectedCustomerIds).toEqual(expect.arrayContaining([alone, bob]));

    const history = await app.graphql(`query($id: ID!) { customer(id: $id) { identity { history { kind actor reason relatedCustomerId } } } }`, { id: alone });
    expect(history.data!.customer.identity.history).toEqual(
      expect.arrayContaining([expect.objectContaining({ kind: 'split_from', relatedCustomerId: bob, actor: 'dev-admin' })]),
    );
    const explained = await app.graphql(`query($a: ID!, $b: ID!) { explainMatch(recordA: $a, recordB: $b) { decision rule humanDecision { kind actor reason } } }`, {
      a: record.bobSf,
      b: record.bobMc,
    });
    expect(explained.data!.explainMatch).toMatchObject({ decision: 'split', humanDecision: { kind: 'split', actor: 'dev-admin' } });

    // A later full run keeps the decision.
    await db.services.resolver.resolve({ full: true });
    expect(await customerOf(record.bobMc)).not.toBe(await customerOf(record.bobSf));

    const linked = await app.graphql(`mutation($a: ID!, $b: ID!) { linkRecords(recordA: $a, recordB: $b, reason: "confirmed by phone") { customerIds affectedCustomerIds } }`, {
      a: record.bobSf,
      b: record.bobMc,
    });
    expect(linked.errors).toBeUndefined();
    const [x, y] = linked.data!.linkRecords.customerIds;
    expect(x).toBe(y);
    expect(linked.data!.linkRecords.affectedCustomerIds).toContain(x);
    expect(await customerOf(record.bobMc)).toBe(await customerOf(record.bobSf));
  });

  it('pages the review queue with a keyset cursor, in the order the domain gives', async () => {
    // The fixture has no borderline pairs; store three between four customers (equal impact on two of
    // them, so the keyset tie-break on record ids is exercised too).
    const persons: { id: string }[] = await db.dataSource.query(
      `SELECT id::text AS id FROM (SELECT DISTINCT ON (customer_id) id FROM source_record WHERE person IS NOT NULL AND deleted_at IS NULL ORDER BY customer_id, id) r
       ORDER BY r.id LIMIT 4`,
    );
    const pairs = [[0, 1, 5], [0, 2, 5], [1, 3, 9]].map(([a, b, impact]) => [persons[a!]!.id, persons[b!]!.id, impact]);
    await db.dataSource.query(
      `INSERT INTO identity_link (record_a, record_b, probability, weight, decision, rule, impact)
       SELECT a, b, 0.7, 1.2, 'review', 'review_band', i FROM unnest($1::bigint[], $2::bigint[], $3::int[]) AS t(a, b, i)
       ON CONFLICT (record_a, record_b) DO UPDATE SET decision = 'review', impact = EXCLUDED.impact`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1]), pairs.map((p) => p[2])],
    );
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res: any = await app.graphql(
        `query($after: String) { identityReviewQueue(first: 1, after: $after) { edges { node { recordA recordB decision } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(res.errors).toBeUndefined();
      const q = res.data.identityReviewQueue;
      for (const e of q.edges) {
        expect(e.node.decision).toBe('review');
        seen.push(`${e.node.recordA}-${e.node.recordB}`);
      }
      if (!q.pageInfo.hasNextPage) break;
      after = q.pageInfo.endCursor;
    }
    const all = await db.services.identity.reviewQueue(100);
    // paging one by one must actually cross pages, or this proves nothing
    expect(all.items.length).toBeGreaterThanOrEqual(3);
    expect(seen).toEqual(all.items.map((i) => `${i.recordA}-${i.recordB}`));
    expect(seen[0]).toBe(`${pairs[2]![0]}-${pairs[2]![1]}`); // highest impact first
    const bad = await app.graphql(`{ identityReviewQueue(first: 1, after: "garbage") { pageInfo { hasNextPage } } }`);
    expect(bad.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('names in the access log every customer a customer’s links and history show, whatever is selected', async () => {
    const lastEntry = async () => {
      await db.services.audit.log.flush();
      const [entry] = await db.dataSource.query(`SELECT customer_ids::text[] AS customers FROM access_log ORDER BY position DESC LIMIT 1`);
      return [...entry.customers].sort();
    };
    // the review pairs stored above reach from one person's customer into others'
    const [first] = await db.dataSource.query(
      `SELECT r.customer_id AS id FROM identity_link l JOIN source_record r ON r.id = l.record_a WHERE l.decision = 'review' ORDER BY l.impact DESC, l.record_a LIMIT 1`,
    );
    const [{ reached }] = await db.dataSource.query(
      `SELECT array_agg(DISTINCT c ORDER BY c) AS reached FROM (
         SELECT ra.customer_id::text AS c FROM identity_link l JOIN source_record ra ON ra.id = l.record_a JOIN source_record rb ON rb.id = l.record_b
         WHERE ra.customer_id = $1 OR rb.customer_id = $1
         UNION SELECT rb.customer_id::text FROM identity_link l JOIN source_record ra ON ra.id = l.record_a JOIN source_record rb ON rb.id = l.record_b
         WHERE ra.customer_id = $1 OR rb.customer_id = $1) x`,
      [first.id],
    );
    expect(reached.length).toBeGreaterThan(1);
    const links = await app.graphql(`query($id: ID!) { customer(id: $id) { identity { links { recordA recordB rule } } } }`, { id: first.id });
    expect(links.errors).toBeUndefined();
    expect(await lastEntry()).toEqual(reached);
    // Bob's history names the customer his record was split off into (and linked back from)
    const bob = await customerOf(record.bobSf);
    const history = await app.graphql(`query($id: ID!) { customer(id: $id) { identity { history { kind relatedCustomerId } } } }`, { id: bob });
    const related = history.data!.customer.identity.history.map((e: { relatedCustomerId: string | null }) => e.relatedCustomerId).filter(Boolean);
    expect(related.length).toBeGreaterThan(0);
    const named = await app.graphql(`query($id: ID!) { customer(id: $id) { identity { history { kind } } } }`, { id: bob });
    expect(named.errors).toBeUndefined();
    expect(await lastEntry()).toEqual(expect.arrayContaining([bob, ...related]));
  });

  it('keeps two customers apart and withdraws the decision; a review edge says how many pairs it stands for', async () => {
    Object.assign(record, await recordsOf(db.dataSource, { carol: ['salesforce', '003D'], dan: ['zendesk', '503'] }));
    const [carol, dan] = [await customerOf(record.carol), await customerOf(record.dan)];
    const apart = await app.graphql(
      `mutation($a: ID!, $b: ID!) { keepApart(recordA: $a, recordB: $b, reason: "a couple, two people") {
         customerIds affectedCustomerIds removedDecisions { kind } conflicts { recordA } } }`,
      { a: record.carol, b: record.dan },
    );
    expect(apart.errors).toBeUndefined();
    expect(apart.data!.keepApart).toEqual({ customerIds: [carol, dan], affectedCustomerIds: expect.arrayContaining([carol, dan]), removedDecisions: [], conflicts: [] });
    const explained = await app.graphql(`query($a: ID!, $b: ID!) { explainMatch(recordA: $a, recordB: $b) { decision humanDecision { kind reason } } }`, { a: record.carol, b: record.dan });
    expect(explained.data!.explainMatch).toEqual({ decision: 'split', humanDecision: { kind: 'split', reason: 'a couple, two people' } });
    const same = await app.graphql(`mutation($a: ID!, $b: ID!) { keepApart(recordA: $a, recordB: $b, reason: "x") { customerIds } }`, { a: record.bobSf, b: record.bobZd });
    expect(same.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'SAME_CUSTOMER' });
    const analyst = await app.graphql(`mutation($a: ID!, $b: ID!) { withdrawDecision(recordA: $a, recordB: $b, reason: "x") { customerIds } }`, { a: record.carol, b: record.dan }, app.token('analyst'));
    expect(analyst.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });

    const withdrawn = await app.graphql(
      `mutation($a: ID!, $b: ID!) { withdrawDecision(recordA: $a, recordB: $b, reason: "asked the wrong pair") { customerIds removedDecisions { recordA recordB kind actor } } }`,
      { a: record.dan, b: record.carol },
    );
    expect(withdrawn.errors).toBeUndefined();
    expect(withdrawn.data!.withdrawDecision.removedDecisions).toEqual([expect.objectContaining({ kind: 'split', actor: 'dev-admin' })]);
    const again = await app.graphql(`mutation($a: ID!, $b: ID!) { withdrawDecision(recordA: $a, recordB: $b, reason: "x") { customerIds } }`, { a: record.dan, b: record.carol });
    expect(again.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT', reason: 'NO_DECISION' });

    const queue = await app.graphql(`{ identityReviewQueue(first: 5) { edges { pairs node { recordA } } } }`);
    expect(queue.errors).toBeUndefined();
    for (const edge of queue.data!.identityReviewQueue.edges) expect(edge.pairs).toBeGreaterThanOrEqual(1);
  });
});
