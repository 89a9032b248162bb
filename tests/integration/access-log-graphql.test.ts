import { signToken } from '../../src/api/auth/tokens';
import { hashQuery } from '../../src/audit/normalise-entry';
import { importCompany } from '../setup/company-fixture';
import { startTestApp, TEST_TOKENS, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** Every GraphQL operation leaves one access-log entry; auditors read and verify the log through GraphQL. */
describe('access log of GraphQL operations', () => {
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
    return db.dataSource.query(`SELECT actor, roles, purpose, operation_name, customer_ids::text[] AS customers, fields, outcome, query_hash FROM access_log_with_fields ORDER BY position`);
  };

  it('records who read which customer’s fields, with the policy decision per field, and no values', async () => {
    const before = (await entries()).length;
    const query = `query Profile($id: ID!) { customer(id: $id) { displayName profile { emails { value } addresses { line1 } } } }`;
    const res = await app.graphql(
      query,
      { id: bob },
      signToken(TEST_TOKENS, { role: 'support_agent', subject: 'agent-7' }),
    );
    expect(res.errors).toBeUndefined();
    const log = await entries();
    expect(log).toHaveLength(before + 1);
    const entry = log.at(-1);
    expect(entry).toMatchObject({ actor: 'agent-7', roles: ['support_agent'], purpose: 'support_case', operation_name: 'Profile', outcome: 'ok', customers: [bob] });
    expect(entry.fields).toMatchObject({ 'Customer.displayName': 'allowed', 'ProfileEmail.value': 'allowed', 'ProfileAddress.line1': 'masked' });
    expect(entry.query_hash).toBe(hashQuery(query));
    expect(JSON.stringify(entry)).not.toContain('gmail');
  });

  it('costs one batched append per request on top of the read path', async () => {
    const query = `query($id: ID!) { customer(id: $id) { id displayName } }`;
    await db.services.audit.log.flush();
    db.queries.reset();
    await app.graphql(query, { id: bob });
    // the read (1) + the append (1: access_log_append chains and inserts), shared by concurrent requests
    expect(db.queries.reset()).toBe(2);
  });

  it('records denied attempts with the customer they named', async () => {
    await app.graphql(`query($id: ID!) { customer(id: $id) { crm { opportunities { amount } } } }`, { id: bob }, signToken(TEST_TOKENS, { role: 'marketing', subject: 'mkt-1' }));
    const entry = (await entries()).at(-1);
    expect(entry).toMatchObject({ actor: 'mkt-1', outcome: 'denied', customers: [bob] });
    expect(entry.fields['CrmOpportunity.amount']).toBe('denied');
  });

  it('lets auditors filter the log and verify the chain, and keeps personal data from them', async () => {
    const auditor = signToken(TEST_TOKENS, { role: 'auditor', subject: 'auditor-1' });
    const page = await app.graphql(
      `query($c: String) { accessLog(first: 10, filter: { customerId: $c }) { edges { node { actor purpose outcome customerIds fields { field decision } } } } }`,
      { c: bob },
      auditor,
    );
    expect(page.errors).toBeUndefined();
    expect(page.data!.accessLog.edges.map((e: any) => e.node.actor)).toContain('agent-7');
    const denied = await app.graphql(`{ accessLog(first: 10, filter: { decision: denied }) { edges { node { actor } } } }`, {}, auditor);
    expect(denied.data!.accessLog.edges.map((e: any) => e.node.actor)).toContain('mkt-1');
    const verified = await app.graphql(`{ accessLogVerification { ok entriesChecked firstBreak { reason } } }`, {}, auditor);
    expect(verified.data!.accessLogVerification).toMatchObject({ ok: true, firstBreak: null });
    expect(verified.data!.accessLogVerification.entriesChecked).toBeGreaterThanOrEqual(3);
    const personal = await app.graphql(`query($id: ID!) { customer(id: $id) { profile { emails { value } } } }`, { id: bob }, auditor);
    expect(personal.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
    const notAuditor = await app.graphql(`{ accessLog(first: 1) { edges { node { actor } } } }`, {}, signToken(TEST_TOKENS, { role: 'analyst' }));
    expect(notAuditor.errors![0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
  });

  it('refuses a malformed auditor query with BAD_USER_INPUT and what is wrong', async () => {
    const auditor = signToken(TEST_TOKENS, { role: 'auditor', subject: 'auditor-3' });
    const refusal = async (query: string) => {
      const res = await app.graphql(query, {}, auditor);
      expect(res.errors![0].extensions).toEqual({ code: 'BAD_USER_INPUT' });
      return res.errors![0].message;
    };
    expect(await refusal(`{ accessLog(filter: { customerId: "nope" }) { edges { cursor } } }`)).toBe('customerId must be a customer id (uuid)');
    expect(await refusal(`{ accessLogSummary(filter: { customerId: "nope" }) { byPurpose { key } } }`)).toBe('customerId must be a customer id (uuid)');
    expect(await refusal(`{ accessLog(first: 0) { edges { cursor } } }`)).toBe('first must be between 1 and 100');
    expect(await refusal(`{ accessLog(first: 101) { edges { cursor } } }`)).toBe('first must be between 1 and 100');
    expect(await refusal(`{ accessLog(filter: { from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z" }) { edges { cursor } } }`)).toBe('from must be before to');
    expect(await refusal(`{ accessLogSummary(top: 0) { topActors { key } } }`)).toBe('top must be between 1 and 100');
    const nulls = await app.graphql(`{ accessLog(first: 1, filter: { customerId: null, actor: null }) { edges { cursor } } }`, {}, auditor);
    expect(nulls.errors).toBeUndefined();
    expect(nulls.data!.accessLog.edges).toHaveLength(1);
    const auditorHttp = await fetch(`${app.url}/audit/export?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`, { headers: { authorization: `Bearer ${auditor}` } });
    expect(auditorHttp.status).toBe(400);
  });

  it('exports the filtered log over HTTP as NDJSON or CSV for auditors only, and logs the export', async () => {
    const auditor = signToken(TEST_TOKENS, { role: 'auditor', subject: 'auditor-2' });
    const get = (query: string, token: string | null) =>
      fetch(`${app.url}/audit/export${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    await db.services.audit.log.flush();
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM access_log WHERE customer_ids @> ARRAY[$1]::uuid[]`, [bob]);
    const ndjson = await get(`?customerId=${bob}`, auditor);
    expect(ndjson.status).toBe(200);
    expect(ndjson.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = (await ndjson.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(n + 1); // the export's own entry names the customer it filtered on
    expect(lines.every((e: any) => e.customerIds.includes(bob) && /^[0-9a-f]{64}$/.test(e.hash))).toBe(true);
    const csv = await get('?format=csv&decision=denied', auditor);
    const rows = (await csv.text()).trim().split('\n');
    expect(rows[0]).toBe('position,at,request_id,actor,roles,purpose,client,operation_name,query_hash,customer_ids,fields,outcome,prev_hash,hash');
    expect(rows.slice(1).some((r) => r.includes('mkt-1'))).toBe(true);
    expect((await get('', signToken(TEST_TOKENS, { role: 'analyst' }))).status).toBe(403);
    expect((await get('', null)).status).toBe(401);
    expect((await get('?decision=maybe', auditor)).status).toBe(400);
    const widened = await fetch(`${app.url}/audit/export`, { headers: { authorization: `Bearer ${auditor}`, 'x-tessera-purpose': 'analytics' } });
    expect(widened.status).toBe(403);
    expect(((await widened.json()) as any).errors[0].extensions.code).toBe('PURPOSE_NOT_GRANTED');
    await db.services.audit.log.flush();
    const [last] = await db.dataSource.query(`SELECT actor, operation_name FROM access_log ORDER BY position DESC LIMIT 1`);
    expect(last).toEqual({ actor: 'auditor-2', operation_name: 'auditExport' });
  });
});
