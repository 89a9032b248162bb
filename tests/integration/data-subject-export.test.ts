import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../../src/api/auth/tokens';
import { importCompany } from '../setup/company-fixture';
import { startTestApp, TEST_TOKENS, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** GDPR access and portability: one machine-readable document of everything held on a person. */
describe('data-subject export', () => {
  let db: TestDatabase;
  let app: TestApp;
  let bob: string;
  let ana: string;
  const EXPORT = `query($id: ID!) { dataSubjectExport(customerId: $id) }`;

  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
    const idOf = async (source: string, ext: string) =>
      (await db.dataSource.query('SELECT customer_id FROM source_record WHERE source = $1 AND external_id = $2', [source, ext]))[0].customer_id;
    bob = await idOf('salesforce', '003A');
    ana = await idOf('salesforce', '003B');
    app = await startTestApp(db);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('holds every source record with payload and lineage, consents, journey, identity and access history', async () => {
    // someone reads Bob's profile first, so the export has an access to show
    await app.graphql(`query($id: ID!) { customer(id: $id) { profile { emails { value } } } }`, { id: bob }, signToken(TEST_TOKENS, { role: 'support_agent', subject: 'agent-9' }));
    const res = await app.graphql(EXPORT, { id: bob });
    expect(res.errors).toBeUndefined();
    const doc = res.data!.dataSubjectExport;
    expect(doc).toMatchObject({ format: 'tessera.data-subject-export/2', customer: { id: bob } });
    expect(doc.sources).toEqual(expect.arrayContaining(['salesforce', 'zendesk', 'mailchimp', 'shop']));
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM source_record p JOIN source_record r ON r.person_record_id = p.id
       WHERE p.customer_id = $1 AND p.person IS NOT NULL`,
      [bob],
    );
    expect(doc.records).toHaveLength(n);
    const contact = doc.records.find((r: any) => r.source === 'salesforce' && r.externalId === '003A');
    expect(contact.payload).toMatchObject({ Email: 'bob.smith@gmail.com' });
    expect(contact).toMatchObject({ importRunId: expect.any(String), firstSeenAt: expect.any(String), contentHash: expect.any(String) });
    expect(doc.consents.some((c: any) => c.channel === 'email')).toBe(true);
    expect(doc.journey.length).toBeGreaterThan(0);
    expect(doc.identity.history[0].kind).toBe('created');
    expect(doc.accessHistory.entries.some((e: any) => e.actor === 'agent-9')).toBe(true);
    expect(doc.accessHistory.pruned).toBeNull();
    expect(JSON.stringify(doc)).not.toContain('ana.garcia');
  });

  it('holds what the source marked deleted, the golden profile, traits and segments, each section explained', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-export-'));
    try {
      // a second shop account of Bob's, then deleted by the shop: stored until erased, so it is held data
      const file = path.join(dir, 'shop.ndjson');
      const account = { type: 'person', id: 'SHOP-77', name: { first: 'Robert', last: 'Smith' }, emails: ['bob.smith@gmail.com'], phones: [], addresses: [{ line1: '99 Secret Lane', city: 'Oakland' }], identifiers: [] };
      await writeFile(file, JSON.stringify(account));
      await db.services.importAndResolve({ source: 'shop', format: 'ndjson', location: file });
      await writeFile(file, JSON.stringify({ ...account, deleted: true }));
      await db.services.importAndResolve({ source: 'shop', format: 'ndjson', location: file });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const [{ deleted }] = await db.dataSource.query(`SELECT deleted_at IS NOT NULL AS deleted FROM source_record WHERE source = 'shop' AND external_id = 'SHOP-77'`);
    expect(deleted).toBe(true);
    const segment = await app.graphql(`mutation($input: CreateSegmentInput!) { createSegment(input: $input) { id } }`, {
      input: { name: 'Salesforce people', description: 'People the CRM knows', definition: { source: { name: 'salesforce' } } },
    });
    expect(segment.errors).toBeUndefined();

    const doc = (await app.graphql(EXPORT, { id: bob })).data!.dataSubjectExport;
    // exactly the records an erasure would remove
    const held: { id: string }[] = await db.dataSource.query(
      `SELECT DISTINCT r.id::text AS id FROM source_record p JOIN source_record r ON r.person_record_id = p.id OR r.id = p.id
       WHERE p.customer_id = $1 AND p.person IS NOT NULL ORDER BY 1`,
      [bob],
    );
    expect(doc.records.map((r: any) => r.id).sort()).toEqual(held.map((r) => r.id));
    const gone = doc.records.find((r: any) => r.externalId === 'SHOP-77');
    expect(gone).toMatchObject({ source: 'shop', deletedAt: expect.any(String) });
    expect(JSON.stringify(gone.payload)).toContain('99 Secret Lane');
    // the profile is what the hub presents: live records only, each value with the records it came from
    expect(JSON.stringify(doc.profile)).not.toContain('Secret Lane');
    const email = doc.profile.emails.find((e: any) => e.value === 'bob.smith@gmail.com');
    expect(email.provenance).toEqual(expect.arrayContaining([expect.objectContaining({ source: 'salesforce', externalId: '003A', rule: 'most_recent' })]));
    // by the shipped survivorship rules, with the values the name beat
    expect(doc.profile.name).toMatchObject({
      value: { full: 'Robert Smith' },
      provenance: [expect.objectContaining({ source: 'salesforce', rule: 'most_complete' })],
      beaten: expect.arrayContaining([expect.objectContaining({ value: expect.objectContaining({ full: 'Bob Smith' }) })]),
    });
    // computed traits, by their API names with their definitions
    const [metrics] = await db.dataSource.query(`SELECT lifetime_value::float AS ltv, experience_score::float AS score FROM customer_metrics WHERE customer_id = $1`, [bob]);
    const trait = (name: string) => doc.traits.values.find((t: any) => t.name === name);
    expect(trait('lifetimeValue')).toMatchObject({ value: metrics.ltv, description: expect.stringContaining('opportunity') });
    expect(trait('experienceScore').value).toBe(metrics.score);
    expect(doc.traits).toMatchObject({ computedAt: expect.any(String), experienceScoreComponents: expect.any(Array), segmentAttributes: { hasEmail: true } });
    // segments now and their history
    expect(doc.segments.memberships).toEqual([expect.objectContaining({ segmentId: segment.data!.createSegment.id, name: 'Salesforce people', definition: { source: { name: 'salesforce' } } })]);
    expect(doc.segments.changes).toEqual({ entries: [expect.objectContaining({ segment: 'Salesforce people', customerId: bob, change: 'entered' })], truncated: false });
    // every top-level section is described, in words
    expect(Object.keys(doc.about).sort()).toEqual(Object.keys(doc).sort());
    for (const text of Object.values(doc.about)) expect(text).toMatch(/^[A-Z].{20,}/);
    expect(doc.terms.personRecordId).toEqual(expect.any(String));
  });

  it('is itself logged: who exported whose data, and refused attempts as denied', async () => {
    const last = async () => {
      await db.services.audit.log.flush();
      return (await db.dataSource.query(`SELECT actor, operation_name, customer_ids::text[] AS customers, fields, outcome FROM access_log_with_fields ORDER BY position DESC LIMIT 1`))[0];
    };
    await app.graphql(`query Export($id: ID!) { dataSubjectExport(customerId: $id) }`, { id: bob }, signToken(TEST_TOKENS, { role: 'admin', subject: 'dpo-2' }));
    expect(await last()).toMatchObject({ actor: 'dpo-2', operation_name: 'Export', customers: [bob], fields: { 'Query.dataSubjectExport': 'allowed' }, outcome: 'ok' });
    await app.graphql(EXPORT, { id: bob }, signToken(TEST_TOKENS, { role: 'support_agent', subject: 'agent-11' }));
    // refused by the field policy before it ran, yet it named the person: their history finds the attempt
    expect(await last()).toMatchObject({ actor: 'agent-11', customers: [bob], fields: { 'Query.dataSubjectExport': 'denied' }, outcome: 'denied' });
  });

  it('is refused to roles without subject_request, and a customer gets only their own', async () => {
    const support = await app.graphql(EXPORT, { id: bob }, signToken(TEST_TOKENS, { role: 'support_agent' }));
    expect(support.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
    const own = await app.graphql(EXPORT, { id: bob }, signToken(TEST_TOKENS, { role: 'customer', subject: bob }));
    expect(own.data!.dataSubjectExport.customer.id).toBe(bob);
    const other = await app.graphql(EXPORT, { id: ana }, signToken(TEST_TOKENS, { role: 'customer', subject: bob }));
    expect(other.data!.dataSubjectExport).toBeNull();
    // the caller sees only null; the log shows whom they tried to reach, as denied
    await db.services.audit.log.flush();
    const [attempt] = await db.dataSource.query(`SELECT actor, customer_ids::text[] AS customers, outcome FROM access_log ORDER BY position DESC LIMIT 1`);
    expect(attempt).toEqual({ actor: bob, customers: [ana], outcome: 'denied' });
    const erase = await app.graphql(
      `mutation($id: ID!) { eraseCustomer(customerId: $id, reason: "mine?") }`,
      { id: ana },
      signToken(TEST_TOKENS, { role: 'customer', subject: bob }),
    );
    expect(erase.data).toEqual({ eraseCustomer: null });
    await db.services.audit.log.flush();
    const [erasing] = await db.dataSource.query(`SELECT actor, customer_ids::text[] AS customers, outcome FROM access_log ORDER BY position DESC LIMIT 1`);
    expect(erasing).toEqual({ actor: bob, customers: [ana], outcome: 'denied' });
    const [{ n }] = await db.dataSource.query('SELECT count(*)::int AS n FROM customer WHERE id = $1', [ana]);
    expect(n).toBe(1);
    expect((await app.graphql(EXPORT, { id: '00000000-0000-4000-8000-000000000000' })).data!.dataSubjectExport).toBeNull();
  });

  it("names no other customer: a list read that showed others is listed with how many, their ids withheld", async () => {
    const agent = signToken(TEST_TOKENS, { role: 'support_agent', subject: 'agent-list' });
    const list = await app.graphql(`{ customers(first: 50) { edges { node { id } } } }`, {}, agent);
    const shown: string[] = list.data!.customers.edges.map((e: any) => e.node.id);
    expect(shown).toEqual(expect.arrayContaining([bob, ana]));
    await db.services.audit.log.flush();
    const doc = (await app.graphql(EXPORT, { id: bob }, signToken(TEST_TOKENS, { role: 'customer', subject: bob }))).data!.dataSubjectExport;
    const read = doc.accessHistory.entries.find((e: any) => e.actor === 'agent-list');
    expect(read).toMatchObject({ customerIds: [bob], otherCustomers: shown.length - 1 });
    const others = shown.filter((id) => id !== bob);
    const text = JSON.stringify({ history: doc.accessHistory, links: doc.identity.links });
    expect(others.filter((id) => text.includes(id))).toEqual([]);
  });

  it('lists accesses made under the ids the person had before a split and the ids merged into theirs', async () => {
    const agent = signToken(TEST_TOKENS, { role: 'support_agent', subject: 'agent-history' });
    const read = async (id: string) => {
      await app.graphql(`query($id: ID!) { customer(id: $id) { profile { emails { value } } } }`, { id }, agent);
      await db.services.audit.log.flush();
      return Number((await db.dataSource.query(`SELECT max(position)::text AS p FROM access_log`))[0].p);
    };
    const [{ id: mc }] = await db.dataSource.query(`SELECT id::text AS id FROM source_record WHERE source = 'mailchimp' AND external_id = 'm-bob'`);
    const [{ id: sf }] = await db.dataSource.query(`SELECT id::text AS id FROM source_record WHERE source = 'salesforce' AND external_id = '003A'`);
    const beforeSplit = await read(bob); // Bob's Mailchimp record was read as part of Bob
    const split = await app.graphql(`mutation($r: ID!) { splitRecord(recordId: $r, reason: "test") { customerIds } }`, { r: mc });
    const [alone] = split.data!.splitRecord.customerIds;
    expect(alone).not.toBe(bob);
    const afterSplit = await read(bob); // no longer this record's person
    const underAlone = await read(alone);
    const positionsOf = async (id: string) => {
      const res = await app.graphql(EXPORT, { id });
      return res.data!.dataSubjectExport.accessHistory.entries.map((e: any) => Number(e.position));
    };
    const ofAlone = await positionsOf(alone);
    expect(ofAlone).toEqual(expect.arrayContaining([beforeSplit, underAlone]));
    // the read before the split names the id the record was read under, which the person's history names too
    const before = (await app.graphql(EXPORT, { id: alone })).data!.dataSubjectExport.accessHistory.entries.find((e: any) => Number(e.position) === beforeSplit);
    expect(before).toMatchObject({ customerIds: [bob], otherCustomers: 0 });
    expect(ofAlone).not.toContain(afterSplit);
    expect(ofAlone).toEqual([...ofAlone].sort((a, b) => b - a));
    // linked back: the id read on its own is merged into Bob's, and Bob's export lists that read too
    const linked = await app.graphql(`mutation($a: ID!, $b: ID!) { linkRecords(recordA: $a, recordB: $b, reason: "test") { customerIds } }`, { a: sf, b: mc });
    const [survivor, same] = linked.data!.linkRecords.customerIds;
    expect(same).toBe(survivor);
    expect([bob, alone]).toContain(survivor); // the larger keeps its id; the other now resolves to it
    expect(await positionsOf(survivor)).toEqual(expect.arrayContaining([beforeSplit, afterSplit, underAlone]));
    // erased, the person's entry names the survivor and every id merged into it, so "who accessed (or
    // erased) this id" finds it under any of them. Whether the other id became an alias (merged) or was
    // emptied record by record depends on the re-clustering, so the aliases are read, not assumed.
    const aliases: string[] = (await db.dataSource.query(`SELECT alias_id::text AS id FROM customer_alias WHERE customer_id = $1`, [survivor])).map((r: any) => r.id);
    const erased = await app.graphql(`mutation($id: ID!) { eraseCustomer(customerId: $id, reason: "test") }`, { id: survivor });
    expect(erased.errors).toBeUndefined();
    const [entry] = await db.dataSource.query(`SELECT customer_ids::text[] AS customers FROM access_log WHERE outcome = 'erased' ORDER BY position DESC LIMIT 1`);
    expect([...entry.customers].sort()).toEqual([survivor, ...aliases].sort());
  });
  it('says from when the access history is complete once older entries were pruned (retention)', async () => {
    // signing needs a key: the test services have one; a day beyond every entry prunes them all
    const { prunedThrough } = await db.services.audit.checkpoints.prune(1, new Date(Date.now() + 2 * 86_400_000));
    expect(prunedThrough).toBeGreaterThan(0);
    const doc = (await app.graphql(EXPORT, { id: ana })).data!.dataSubjectExport;
    expect(doc.accessHistory.pruned).toEqual({ through: prunedThrough, prunedAt: expect.any(String), completeFrom: null });
    expect(doc.accessHistory.entries.every((e: any) => Number(e.position) > prunedThrough)).toBe(true);
  });
});
