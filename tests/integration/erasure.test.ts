import path from 'node:path';
import { signToken } from '../../src/api/auth/tokens';
import { COMPANY_DIR, importCompany } from '../setup/company-fixture';
import { startTestApp, TEST_TOKENS, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** Right to erasure: gone from every table, a receipt per source, and a re-import does not bring it back. */
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
    expect(suppressed).toBe(bobRecords.length);
    expect(JSON.stringify(await db.dataSource.query('SELECT * FROM suppression'))).not.toContain('003A');
  });

  it('writes its access-log entry in the same transaction, and the chain still verifies', async () => {
    await db.services.audit.log.flush();
    const [entry] = await db.dataSource.query(`SELECT actor, outcome, customer_ids::text[] AS customers FROM access_log WHERE outcome = 'erased'`);
    expect(entry).toEqual({ actor: 'dpo-1', outcome: 'erased', customers: [bob] });
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
      await db.services.importer.run({ source, format, location: path.join(COMPANY_DIR, folder) });
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
});
