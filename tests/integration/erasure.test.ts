import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { termFrequencies } from '../../src/identity/engine/term-frequencies';
import { formatImportReport } from '../../src/ingest/import-report';
import { createServices } from '../../src/services';
import type { PersonAttributes } from '../../src/sources/record';
import { person } from '../unit/identity/engine/fixtures';
import { populationInputs } from '../unit/identity/engine/population';
import { signToken } from '../../src/api/auth/tokens';
import { COMPANY_DIR, importCompany } from '../setup/company-fixture';

jest.setTimeout(60_000);
import { startTestApp, TEST_TOKENS, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** Right to erasure: gone from every table, a receipt per source, and a re-import does not bring it back. */
const MERGED_INTO_BOB = '0000aaaa-0000-4000-8000-000000000001';

describe('eraseCustomer', () => {
  let db: TestDatabase;
  let app: TestApp;
  let bob: string;
  let bobRecords: { id: string; source: string; entity: string; external_id: string }[];

  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
    [{ customer_id: bob }] = await db.dataSource.query(`SELECT customer_id FROM source_record WHERE source = 'salesforce' AND external_id = '003A'`);
    bobRecords = await db.dataSource.query(
      `SELECT DISTINCT r.id::text AS id, r.source, r.entity, r.external_id FROM source_record p
       JOIN source_record r ON r.person_record_id = p.id OR r.id = p.id WHERE p.customer_id = $1 AND p.person IS NOT NULL`,
      [bob],
    );
    app = await startTestApp(db);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const ERASE = `mutation($id: ID!, $reason: String!) { eraseCustomer(customerId: $id, reason: $reason) }`;

  it('is refused to roles without subject_request', async () => {
    const res = await app.graphql(ERASE, { id: bob, reason: 'request #1' }, signToken(TEST_TOKENS, { role: 'marketing' }));
    expect(res.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
  });

  it('removes the person from every table and returns a receipt listing the ids to delete in each source', async () => {
    // an id merged into Bob's earlier (what a merge leaves): the erasure's entry must name it too
    await db.dataSource.query(`INSERT INTO customer_alias (alias_id, customer_id, reason) VALUES ($1, $2, 'merged')`, [MERGED_INTO_BOB, bob]);
    const res = await app.graphql(ERASE, { id: bob, reason: 'GDPR art. 17 request #42' }, signToken(TEST_TOKENS, { role: 'admin', subject: 'dpo-1' }));
    expect(res.errors).toBeUndefined();
    const receipt = res.data!.eraseCustomer;
    expect(receipt).toMatchObject({ customerId: bob, records: bobRecords.length });
    const listed = receipt.sources.flatMap((s: any) => s.externalIds.map((id: string) => `${s.source}/${s.entity}/${id}`)).sort();
    expect(listed).toEqual(bobRecords.map((r) => `${r.source}/${r.entity}/${r.external_id}`).sort());
    expect(listed).toEqual(expect.arrayContaining(['salesforce/contact/003A', 'zendesk/user/501', 'mailchimp/member/m-bob']));

    const ids = bobRecords.map((r) => r.id);
    const left = async (sql: string) => Number((await db.dataSource.query(sql, [ids]))[0].n);
    expect(await left(`SELECT count(*) AS n FROM source_record WHERE id = ANY($1::bigint[])`)).toBe(0);
    expect(await left(`SELECT count(*) AS n FROM journey_event WHERE record_id = ANY($1::bigint[])`)).toBe(0);
    expect(await left(`SELECT count(*) AS n FROM identity_key WHERE record_id = ANY($1::bigint[])`)).toBe(0);
    expect(await left(`SELECT count(*) AS n FROM identity_link WHERE record_a = ANY($1::bigint[]) OR record_b = ANY($1::bigint[])`)).toBe(0);
    expect(Number((await db.dataSource.query(`SELECT count(*) AS n FROM customer_event WHERE customer_id = $1`, [bob]))[0].n)).toBe(0);
    expect((await app.graphql(`query($id: ID!) { customer(id: $id) { id } }`, { id: bob })).data!.customer).toBeNull();
    const [{ n: suppressed }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM suppression`);
    // Bob's emails (one Gmail key for all his spellings), phone and customer number
    expect(receipt.identityKeysSuppressed).toBeGreaterThanOrEqual(3);
    expect(suppressed).toBe(bobRecords.length + receipt.identityKeysSuppressed);
    expect(JSON.stringify(await db.dataSource.query('SELECT * FROM suppression'))).not.toContain('003A');

    // asked again: the same receipt, marked, and nothing more removed
    const again = await app.graphql(ERASE, { id: bob, reason: 'asked twice' }, signToken(TEST_TOKENS, { role: 'admin', subject: 'dpo-1' }));
    expect(again.errors).toBeUndefined();
    expect(again.data!.eraseCustomer).toMatchObject({ receiptId: receipt.receiptId, customerId: bob, records: receipt.records, sources: receipt.sources, alreadyErased: true });
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM erasure_receipt`))[0].n).toBe(1);
  });

  it('writes its access-log entry in the same transaction, and the chain still verifies', async () => {
    await db.services.audit.log.flush();
    const [entry] = await db.dataSource.query(`SELECT actor, outcome, customer_ids::text[] AS customers FROM access_log WHERE outcome = 'erased'`);
    expect(entry).toEqual({ actor: 'dpo-1', outcome: 'erased', customers: [bob, MERGED_INTO_BOB].sort() });
    expect(await db.services.audit.verify()).toMatchObject({ ok: true, firstBreak: null });
  });

  it('does not come back when the silos are imported again', async () => {
    const report = await db.services.importer.run({ source: 'zendesk', format: 'zendesk-json', location: path.join(COMPANY_DIR, 'zendesk') });
    expect(report.suppressed).toBeGreaterThan(0);
    for (const [source, format, folder] of [
      ['salesforce', 'salesforce-csv', 'salesforce'],
      ['mailchimp', 'mailchimp-json', 'mailchimp'],
      ['shop', 'ndjson', 'shop'],
    ] as const) {
      const again = await db.services.importer.run({ source, format, location: path.join(COMPANY_DIR, folder) });
      // his own records are known erased records: suppressed by their natural key, not quarantined as new ones
      expect(again.quarantined ?? []).toEqual([]);
    }
    await db.services.resolver.resolve();
    const back = await db.dataSource.query(
      `SELECT source, entity, external_id FROM source_record WHERE (source, entity, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`,
      [bobRecords.map((r) => r.source), bobRecords.map((r) => r.entity), bobRecords.map((r) => r.external_id)],
    );
    expect(back).toEqual([]);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM source_record WHERE source = 'salesforce' AND external_id = '003B'`);
    expect(n).toBe(1);
  });

  it('leaves out new records in other silos that carry his email or phone, with their facts, and says so in the report', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-erasure-'));
    const shop = path.join(dir, 'shop.ndjson');
    await writeFile(
      shop,
      [
        { type: 'person', id: 'NEW-1', name: { first: 'Rob', last: 'Smith' }, emails: ['B.ob.Smith+shop@gmail.com'], phones: [], addresses: [], identifiers: [] },
        { type: 'interaction', id: 'ORD-9', personId: 'NEW-1', occurredAt: '2025-01-02T10:00:00Z', channel: 'store', action: 'order_placed', summary: 'Order ORD-9' },
        { type: 'person', id: 'NEW-2', name: { first: 'Zed', last: 'Zulu' }, emails: ['zed@example.org'], phones: [], addresses: [], identifiers: [] },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const crm = path.join(dir, 'crm');
    await mkdir(crm);
    await writeFile(
      path.join(crm, 'Contact.csv'),
      'Id,FirstName,LastName,Email,Phone,LastModifiedDate,IsDeleted\nC9,R.,Smith,,+1 415 555 0134,2025-01-01T00:00:00.000Z,false\nC8,Ana,Other,ana.other@example.org,,2025-01-01T00:00:00.000Z,false\n',
    );
    const fromShop = await db.services.importer.run({ source: 'webshop', format: 'ndjson', location: shop });
    const fromCrm = await db.services.importer.run({ source: 'crm2', format: 'salesforce-csv', location: crm });
    expect(fromShop.quarantined).toEqual([{ file: 'shop.ndjson', line: 1, reason: "carries an erased person's email" }]);
    expect(fromShop.suppressed).toBe(2); // the person and the order they own
    expect(fromCrm.quarantined).toEqual([{ file: 'Contact.csv', line: 2, reason: "carries an erased person's phone" }]);
    const stored = await db.dataSource.query(`SELECT source, external_id FROM source_record WHERE source IN ('webshop', 'crm2') ORDER BY 1, 2`);
    expect(stored).toEqual([
      { source: 'crm2', external_id: 'C8' },
      { source: 'webshop', external_id: 'NEW-2' },
    ]);
    expect(formatImportReport(fromShop)).toMatch(/suppressed 2 records of erased customers \(not imported\), of which 1 below\nquarantined .*\n  shop\.ndjson:1  carries an erased person's email/);
    // nothing of the left-out records is kept: not even in the report's rejections
    expect(JSON.stringify([fromShop, fromCrm])).not.toMatch(/gmail|555/);
  });
});

describe('eraseCustomer and a key shared with someone who stays', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
  });
  afterAll(async () => db.drop());

  it('suppresses only the keys nobody else holds', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-erasure-'));
    const household = path.join(dir, 'household.ndjson');
    // Mary shares Bob's landline, not his emails; different first name and birth date: another customer
    await writeFile(household, JSON.stringify({ type: 'person', id: 'H-1', name: { first: 'Mary', last: 'Smith' }, birthDate: '1952-02-02', emails: ['mary@example.org'], phones: ['(415) 555-0134'], addresses: [], identifiers: [] }));
    await db.services.importAndResolve({ source: 'household', format: 'ndjson', location: household });
    const customerOf = async (source: string, id: string) =>
      (await db.dataSource.query(`SELECT customer_id FROM source_record WHERE source = $1 AND external_id = $2`, [source, id]))[0]?.customer_id;
    const bob = await customerOf('salesforce', '003A');
    expect(await customerOf('household', 'H-1')).not.toBe(bob);

    await db.services.erase({ customerId: bob, actor: 'dpo', roles: ['admin'], purpose: 'subject_request', requestId: 'r-1', reason: 'art. 17' });
    const later = path.join(dir, 'later.ndjson');
    await writeFile(
      later,
      [
        { type: 'person', id: 'L-1', name: { first: 'Tom', last: 'Smith' }, emails: [], phones: ['415-555-0134'], addresses: [], identifiers: [] },
        { type: 'person', id: 'L-2', name: { first: 'Bob', last: 'S' }, emails: ['bob.smith@gmail.com'], phones: [], addresses: [], identifiers: [] },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const report = await db.services.importer.run({ source: 'later', format: 'ndjson', location: later });
    expect(report.quarantined).toEqual([{ file: 'later.ndjson', line: 2, reason: "carries an erased person's email" }]);
    expect(await customerOf('household', 'H-1')).toBeTruthy();
    expect((await db.dataSource.query(`SELECT external_id FROM source_record WHERE source = 'later'`)).map((r: any) => r.external_id)).toEqual(['L-1']);
    // Mary's own record still updates: it is stored already, so her shared phone does not hold it back
    await writeFile(household, JSON.stringify({ type: 'person', id: 'H-1', name: { first: 'Mary', last: 'Smith-Jones' }, birthDate: '1952-02-02', emails: ['mary@example.org'], phones: ['(415) 555-0134'], addresses: [], identifiers: [] }));
    expect((await db.services.importer.run({ source: 'household', format: 'ndjson', location: household })).files[0]).toMatchObject({ updated: 1 });
  });
});

describe('eraseCustomer and the identity model', () => {
  let db: TestDatabase;
  let services: ReturnType<typeof createServices>;
  let dir: string;
  // a misspelled surname, birth date, city and postcode nobody else has; a first name others share
  const DAIS = { type: 'person', id: 'MIRA-1', name: { first: 'Robert', last: 'Dais' }, birthDate: '1903-02-11', emails: ['mira.dais@example.org'], phones: [],
    addresses: [{ line1: '1 Quarry Row', city: 'Zzyzx', postcode: '90009' }], identifiers: [] };

  beforeAll(async () => {
    db = await createTestDatabase();
    // estimated from a few hundred records, so the model has frequency tables
    services = createServices(db.dataSource, { region: 'US', identity: { minRecordsToEstimate: 100 } });
    await importCompany(services);
    const inputs: { source: string; person: PersonAttributes; n: number }[] = populationInputs(300, 11).map((r, n) => ({ source: r.source, person: person(r.input), n }));
    await db.dataSource.query(
      `INSERT INTO source_record (source, entity, external_id, person, content_hash, payload, data)
       SELECT x.source, 'contact', 'p-' || x.n, x.person, md5(x.person::text || x.n), '{}', '{}'
       FROM jsonb_to_recordset($1::jsonb) AS x(source text, person jsonb, n bigint)`,
      [JSON.stringify(inputs)],
    );
    dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-erasure-model-'));
    await writeFile(path.join(dir, 'mira.ndjson'), JSON.stringify(DAIS));
    await services.importer.run({ source: 'shop', format: 'ndjson', location: path.join(dir, 'mira.ndjson') });
    await services.resolver.resolve({ full: true, estimate: true });
  });
  afterAll(async () => db.drop());

  const models = async (): Promise<{ id: string; tf: Record<string, { total: number; counts: Record<string, number> }> }[]> =>
    db.dataSource.query(`SELECT id::text AS id, model -> 'tf' AS tf FROM identity_model ORDER BY id`);

  it("takes the person's values out of every stored model's frequency tables; resolution goes on", async () => {
    const [{ id: record, customer_id: mira }] = await db.dataSource.query(`SELECT id::text AS id, customer_id FROM source_record WHERE external_id = 'MIRA-1'`);
    const [stored] = await db.dataSource.query(`SELECT person FROM source_record WHERE id = $1`, [record]);
    const own = termFrequencies([services.resolver.toMatchRecord({ id: record, source: 'shop', person: stored.person })]);
    const estimated = (await models()).at(-1)!;
    expect(Object.keys(estimated.tf).sort()).toEqual(['birth_date', 'city', 'first_name', 'last_name', 'postcode']);
    // what the model holds of her before: her unique values once, the shared first name more often
    for (const table of ['last_name', 'birth_date', 'city', 'postcode']) {
      const [value] = Object.keys(own[table]!.counts);
      expect(estimated.tf[table]!.counts[value!]).toBe(1);
    }
    const first = Object.keys(own.first_name!.counts)[0]!;
    const sharedBefore = estimated.tf.first_name!.counts[first]!;
    expect(sharedBefore).toBeGreaterThan(1);
    // an older model row holding the same tables: it is cleaned too
    await db.dataSource.query(`INSERT INTO identity_model (version, model, estimated, record_count) SELECT version, model, estimated, record_count FROM identity_model WHERE id = $1`, [estimated.id]);
    // the resolver holds the latest model in memory (model-cache.ts): the erasure must not leave it stale
    expect(JSON.stringify((await services.resolver.latestModel())!.model.tf)).toMatch(/dais/i);

    const receipt = await services.erase({ customerId: mira, actor: 'dpo', roles: ['admin'], purpose: 'subject_request', requestId: 'r-model', reason: 'art. 17' });
    expect(receipt).toMatchObject({ records: 1, identityModelsCleaned: 2 });

    for (const model of (await models()).filter((m) => Object.keys(m.tf).length > 0)) {
      expect(JSON.stringify(model.tf)).not.toMatch(/dais|1903-02-11|zzyzx|90009/i);
      expect(model.tf.first_name!.counts[first]).toBe(sharedBefore - 1);
      for (const table of Object.keys(own)) expect(model.tf[table]!.total).toBe(estimated.tf[table]!.total - 1);
    }
    const held = (await services.resolver.latestModel())!;
    expect(held.revision).toBe(1);
    expect(JSON.stringify(held.model.tf)).not.toMatch(/dais|1903-02-11|zzyzx|90009/i);
    // the same resolver (its model in memory) and a new one (the cleaned model) resolve a new record alike
    await writeFile(path.join(dir, 'later.ndjson'), JSON.stringify({ ...DAIS, id: 'LATER-1', emails: ['someone.else@example.org'] }));
    await services.importer.run({ source: 'shop', format: 'ndjson', location: path.join(dir, 'later.ndjson') });
    expect(await services.resolver.resolve()).toMatchObject({ mode: 'incremental' });
    const fresh = createServices(db.dataSource, { region: 'US', identity: { minRecordsToEstimate: 100 } });
    expect(await fresh.resolver.resolve({ full: true })).toMatchObject({ modelEstimated: false });
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM source_record WHERE external_id = 'LATER-1' AND customer_id IS NOT NULL`);
    expect(n).toBe(1);
  });
});
