import { signToken } from '../../src/api/auth/tokens';
import { importCompany } from '../setup/company-fixture';
import { startTestApp, TEST_TOKENS, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** What an auditor reads over HTTP and GraphQL: the export's parameters and refusals, denied attempts, pruning. */
describe('the auditor views over HTTP and GraphQL: refusals logged, one definition of a denial, pruning said', () => {
  let db: TestDatabase;
  let app: TestApp;
  let bob: string;
  let ana: string;
  const auditor = () => signToken(TEST_TOKENS, { role: 'auditor', subject: 'auditor-9' });
  const exportLog = (query: string, token: string | null = auditor(), headers: Record<string, string> = {}) =>
    fetch(`${app.url}/audit/export${query}`, { headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers } });
  const lastEntry = async () => {
    await db.services.audit.log.flush();
    const [entry] = await db.dataSource.query(
      `SELECT actor, purpose, operation_name, customer_ids::text[] AS customers, fields, outcome FROM access_log_with_fields ORDER BY position DESC LIMIT 1`,
    );
    return entry;
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
    [{ customer_id: bob }] = await db.dataSource.query(`SELECT customer_id FROM source_record WHERE source = 'salesforce' AND external_id = '003A'`);
    [{ customer_id: ana }] = await db.dataSource.query(`SELECT customer_id FROM source_record WHERE customer_id <> $1 AND customer_id IS NOT NULL LIMIT 1`, [bob]);
    app = await startTestApp(db);
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('refuses an unknown, repeated or empty export parameter with 400 and the accepted ones, instead of exporting everything', async () => {
    const accepted = 'accepted: format, actor, role, purpose, customerId, field, decision, from, to';
    for (const [query, message] of [
      [`?format=csv&customer_id=${bob}`, `unknown parameter customer_id; ${accepted}`],
      ['?colour=red&size=xl', `unknown parameters colour, size; ${accepted}`],
      ['?customerId=', `customerId is empty; leave it out for no condition (${accepted})`],
      [`?customerId=${bob}&customerId=${ana}`, 'customerId must be given once, as name=value'],
      ['?actor[x]=1', `unknown parameter actor[x]; ${accepted}`],
      ['?format=xml', 'format must be ndjson or csv'],
    ]) {
      const res = await exportLog(query);
      expect({ query, status: res.status, body: await res.json() }).toEqual({ query, status: 400, body: { errors: [{ message, extensions: { code: 'BAD_USER_INPUT' } }] } });
    }
    expect(await lastEntry()).toMatchObject({ actor: 'auditor-9', operation_name: 'auditExport', outcome: 'error', fields: { 'Query.accessLog': 'allowed' } });
    expect((await exportLog(`?customerId=${bob}&format=csv`)).status).toBe(200);
  });

  it('logs refused exports as denied attempts: the policy refusing the role, and a purpose the token does not grant', async () => {
    const analyst = await exportLog(`?customerId=${bob}`, signToken(TEST_TOKENS, { role: 'analyst', subject: 'analyst-7' }));
    expect(analyst.status).toBe(403);
    expect(await lastEntry()).toEqual({
      actor: 'analyst-7',
      purpose: 'analytics',
      operation_name: 'auditExport',
      customers: [bob],
      fields: { 'Query.accessLog': 'denied' },
      outcome: 'denied',
    });
    const widened = await exportLog('', signToken(TEST_TOKENS, { role: 'marketing', subject: 'campaign-tool' }), { 'x-tessera-purpose': 'analytics' });
    expect(widened.status).toBe(403);
    expect(((await widened.json()) as any).errors[0].extensions.code).toBe('PURPOSE_NOT_GRANTED');
    expect(await lastEntry()).toMatchObject({ actor: 'campaign-tool', purpose: 'analytics', operation_name: 'auditExport', outcome: 'denied' });
    const before = (await lastEntry()).actor;
    expect((await exportLog('', null)).status).toBe(401); // no token, no actor: not logged (as for GraphQL)
    expect((await lastEntry()).actor).toBe(before);
  });

  it('lists a row-policy denial (a customer asking for another customer) under decision: denied and counts it in denialsPerDay', async () => {
    const probe = await app.graphql(`query($id: ID!) { customer(id: $id) { displayName } }`, { id: ana }, signToken(TEST_TOKENS, { role: 'customer', subject: bob }));
    expect(probe.data!.customer).toBeNull();
    expect(await lastEntry()).toMatchObject({ actor: bob, customers: [ana], outcome: 'denied' });
    const listed = await app.graphql(`{ accessLog(first: 100, filter: { decision: denied }) { edges { node { actor outcome customerIds } } } }`, {}, auditor());
    const nodes = listed.data!.accessLog.edges.map((e: any) => e.node);
    expect(nodes).toContainEqual({ actor: bob, outcome: 'denied', customerIds: [ana] });
    const summary = await app.graphql(`{ accessLogSummary { denialsPerDay { key count } } }`, {}, auditor());
    const counted = summary.data!.accessLogSummary.denialsPerDay.reduce((sum: number, d: { count: number }) => sum + d.count, 0);
    // the summary's own entry is written after it answers; the listing above is one entry older
    expect(counted).toBe(nodes.length);
  });

  it('says in the page and in the export that older entries were pruned, even when the filter finds none of what is left', async () => {
    const complete = await app.graphql(`{ accessLog(first: 1) { pruned { prunedThrough } } }`, {}, auditor());
    expect(complete.data!.accessLog.pruned).toBeNull();
    await db.services.audit.log.flush();
    const { prunedThrough, checkpoint } = await db.services.audit.checkpoints.prune(1, new Date(Date.now() + 2 * 86_400_000));
    const page = await app.graphql(
      `query($c: String) { accessLog(first: 10, filter: { customerId: $c }) { edges { node { position } } pruned { prunedThrough prunedHash checkpointPosition prunedAt keptFrom } } }`,
      { c: bob },
      auditor(),
    );
    expect(page.data!.accessLog.edges).toEqual([]);
    expect(page.data!.accessLog.pruned).toEqual({
      prunedThrough: String(prunedThrough),
      prunedHash: checkpoint!.headHash,
      checkpointPosition: String(checkpoint!.position),
      prunedAt: new Date(checkpoint!.at).toISOString(),
      keptFrom: null, // every entry was pruned; this query's own entry is written after it answers
    });
    // bob's history went with the pruning: the file says so instead of looking complete
    const ndjson = (await (await exportLog(`?customerId=${bob}`)).text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(ndjson).toEqual([
      expect.objectContaining({ actor: 'auditor-9', operationName: 'auditExport', customerIds: [bob] }), // the export's own entry
      { pruned: { through: prunedThrough, hash: checkpoint!.headHash, checkpointPosition: checkpoint!.position, prunedAt: checkpoint!.at, keptFrom: expect.stringMatching(/^\d{4}-/) } },
    ]);
    const csvResponse = await exportLog(`?customerId=${bob}&format=csv`);
    expect(csvResponse.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const csv = (await csvResponse.text()).trim().split('\n');
    expect(csv.at(-1)).toBe(`,${checkpoint!.at},,,,,,,,,,pruned through=${prunedThrough} checkpoint=${checkpoint!.position} kept_from=${ndjson[1].pruned.keptFrom},,${checkpoint!.headHash}`);
  });
});
