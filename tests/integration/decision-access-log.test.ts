import { IdentityRepository } from '../../src/identity/identity.repository';
import { IdentityService } from '../../src/identity/identity.service';
import { importCompany, recordsOf } from '../setup/company-fixture';
import { startTestApp, TEST_TOKENS, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';
import { signToken } from '../../src/api/auth/tokens';

jest.setTimeout(60_000);

/** A human link or split writes its entry in the decision's own transaction; the request's entry is the read part. */
describe('access log of identity decisions', () => {
  let db: TestDatabase;
  let app: TestApp;
  const record: Record<string, string> = {};

  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
    Object.assign(record, await recordsOf(db.dataSource, { bobSf: ['salesforce', '003A'], bobMc: ['mailchimp', 'm-bob'] }));
    app = await startTestApp(db);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const customerOf = async (recordId: string): Promise<string> =>
    (await db.dataSource.query('SELECT customer_id FROM source_record WHERE id = $1', [recordId]))[0].customer_id;
  const entriesOf = async (operation: string) => {
    await db.services.audit.log.flush();
    return db.dataSource.query(
      `SELECT request_id, actor, roles, purpose, operation_name, customer_ids::text[] AS customers, fields, outcome
       FROM access_log_with_fields WHERE operation_name = $1 OR fields ? $2 ORDER BY position`,
      [operation, `Mutation.${operation}`],
    );
  };

  it('splitRecord and linkRecords: one entry for the change (split / linked) and one for the request, same request id', async () => {
    const bob = await customerOf(record.bobSf);
    const agent = signToken(TEST_TOKENS, { role: 'support_agent', subject: 'agent-3' });
    const split = await app.graphql(`mutation($r: ID!) { splitRecord(recordId: $r, reason: "not the same Bob") { customerIds remainingCustomerId } }`, { r: record.bobMc }, agent);
    expect(split.errors).toBeUndefined();
    const alone = split.data!.splitRecord.customerIds[0];
    const [change, request] = await entriesOf('splitRecord');
    expect(change).toMatchObject({ actor: 'agent-3', roles: ['support_agent'], purpose: 'support_case', operation_name: 'splitRecord', customers: [bob], outcome: 'split' });
    expect(change.fields).toEqual({ 'Mutation.splitRecord': 'allowed' });
    // the request's entry: what the response showed (the new and the remaining customer), with the field decisions
    expect(request).toMatchObject({ request_id: change.request_id, actor: 'agent-3', outcome: 'ok' });
    expect([...request.customers].sort()).toEqual([alone, bob].sort());

    const linked = await app.graphql(`mutation($a: ID!, $b: ID!) { linkRecords(recordA: $a, recordB: $b, reason: "same Bob after all") { customerIds } }`, { a: record.bobSf, b: record.bobMc }, agent);
    expect(linked.errors).toBeUndefined();
    const [linkChange, linkRequest, ...none] = await entriesOf('linkRecords');
    expect(none).toEqual([]);
    expect(linkChange).toMatchObject({ operation_name: 'linkRecords', outcome: 'linked', actor: 'agent-3' });
    expect([...linkChange.customers].sort()).toEqual([alone, bob].sort());
    expect(linkRequest).toMatchObject({ request_id: linkChange.request_id, outcome: 'ok' });
    expect(await db.services.audit.verify()).toMatchObject({ ok: true, firstBreak: null });
  });

  it('commits the decision and its entry together: no entry, no decision', async () => {
    const ds = db.dataSource;
    const failing = new IdentityService(new IdentityRepository(ds), db.services.resolver, async () => undefined, async () => {
      throw new Error('access log unavailable');
    });
    const decisions = async () => (await ds.query(`SELECT count(*)::int AS n FROM identity_decision`))[0].n as number;
    const before = await decisions();
    await expect(failing.split(record.bobMc, 'agent-4', 'x')).rejects.toThrow('access log unavailable');
    expect(await decisions()).toBe(before);
  });
});
