import { signToken } from '../../src/api/auth/tokens';
import { importCompany } from '../setup/company-fixture';
import { startTestApp, TEST_TOKENS, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

type Role = 'admin' | 'support_agent' | 'marketing' | 'analyst' | 'auditor' | 'customer';
const token = (role: Role, subject = `${role}-exporter`) => signToken(TEST_TOKENS, { role, subject });

/** GET /segments/:id/export through HTTP: formats, masking per role, consent, refusals, the access log. */
describe('segment export', () => {
  let db: TestDatabase;
  let app: TestApp;
  let crm: string;
  let everyone: string;
  const id: Record<string, string> = {};

  const create = async (name: string, definition: object, bearer: string) => {
    const res = await app.graphql(`mutation($i: CreateSegmentInput!) { createSegment(input: $i) { id size } }`, { i: { name, definition } }, bearer);
    expect(res.errors).toBeUndefined();
    return res.data!.createSegment.id as string;
  };
  const download = (segmentId: string, bearer: string | null, query = '') =>
    fetch(`${app.url}/segments/${segmentId}/export${query}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  const ndjson = async (response: Response) => (await response.text()).trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));

  beforeAll(async () => {
    db = await createTestDatabase();
    await importCompany(db.services);
    // traits and profile attributes, as an import with resolution leaves them (importAndResolve, the CLI)
    await db.services.metrics.recompute();
    for (const [key, ext] of [['bob', '003A'], ['ana', '003B'], ['carol', '003D']] as const) {
      const [row] = await db.dataSource.query(`SELECT customer_id FROM source_record WHERE source = 'salesforce' AND external_id = $1`, [ext]);
      id[key] = row.customer_id;
    }
    app = await startTestApp(db);
    crm = await create('CRM (marketing)', { source: { system: 'crm' } }, token('marketing'));
    everyone = await create('Everyone', { source: { system: 'crm' } }, token('admin'));
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('streams NDJSON with the values GraphQL shows an admin', async () => {
    const response = await download(everyone, token('admin'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const rows = await ndjson(response);
    expect(rows.map((r) => r.id)).toEqual([...rows.map((r) => r.id)].sort());
    const bob = rows.find((r) => r.id === id.bob);
    const graph = await app.graphql(`query($id: ID!) { customer(id: $id) { displayName profile { emails { value } } } }`, { id: id.bob });
    expect(bob).toEqual({
      id: id.bob,
      displayName: graph.data!.customer.displayName,
      email: graph.data!.customer.profile.emails[0].value,
      enteredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(rows.map((r) => r.id)).toContain(id.ana);
  });

  it('masks and pseudonymises exactly as GraphQL does for marketing, consenting customers only, as CSV', async () => {
    const response = await download(crm, token('marketing'), '?format=csv&fields=id,displayName,email,phone,country');
    expect(response.status).toBe(200);
    const [header, ...lines] = (await response.text()).trim().split('\n');
    expect(header).toBe('id,displayName,email,phone,country');
    const rows = lines.map((l) => l.split(','));
    expect(rows.map((r) => r[0])).not.toContain(id.ana); // opted out of email
    const bob = rows.find((r) => r[0] === id.bob)!;
    const graph = await app.graphql(
      `query($id: ID!) { customer(id: $id) { displayName profile { emails { value } phones { value } addresses { country } } } }`,
      { id: id.bob },
      token('marketing'),
    );
    const c = graph.data!.customer;
    expect(bob).toEqual([id.bob, c.displayName, c.profile.emails[0].value, c.profile.phones[0].value, c.profile.addresses[0].country]);
    expect(bob[2]).toMatch(/^pz_/);
    expect(bob[1]).toMatch(/^[A-Z]\. [A-Z]\.$/);
  });

  it('refuses what GraphQL refuses: a role without segments, a purpose without the consent it governs, bad requests', async () => {
    const refused = async (response: Response, status: number, code: string) => {
      expect(response.status).toBe(status);
      expect(((await response.json()) as any).errors[0].extensions.code).toBe(code);
    };
    await refused(await download(everyone, null), 401, 'UNAUTHENTICATED');
    await refused(await download(everyone, token('support_agent')), 403, 'FORBIDDEN');
    await refused(await download(everyone, token('auditor')), 403, 'FORBIDDEN');
    await refused(await download(everyone, token('marketing')), 403, 'POLICY_DENIED'); // not governed for email consent
    await refused(await download(everyone, token('admin'), '?format=xml'), 400, 'BAD_USER_INPUT');
    await refused(await download(everyone, token('admin'), '?fields=id,ssn'), 400, 'BAD_USER_INPUT');
    await refused(await download('00000000-0000-4000-8000-000000000000', token('admin')), 404, 'NOT_FOUND');
    const malformed = await download('not-a-uuid', token('admin'));
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as any).errors[0].message).toBe('segment id must be a uuid: "not-a-uuid"');
  });

  it('writes the export to the access log: who, which customers, each column with its decision', async () => {
    const response = await download(crm, token('marketing', 'campaign-tool'), '?fields=id,email');
    const rows = await ndjson(response);
    await db.services.audit.log.flush();
    const entries = await db.dataSource.query(
      `SELECT operation_name AS op, customer_ids::text[] AS ids, fields, outcome, purpose FROM access_log_with_fields WHERE actor = 'campaign-tool'`,
    );
    expect(entries).toEqual([
      {
        op: `segmentExport ${crm}`,
        ids: rows.map((r) => r.id).sort(),
        fields: { 'Customer.id': 'allowed', 'ProfileEmail.value': 'pseudonymised', 'Query.segment': 'allowed', 'Segment.members': 'allowed' },
        outcome: `exported rows=${rows.length} parts=1`,
        purpose: 'marketing_email',
      },
    ]);
  });

  it('streams thousands of members in parts of 1,000, each named in the log before it is sent', async () => {
    const big = await create('Big', { profile: { attribute: 'email', op: 'isNotNull' } }, token('admin'));
    await db.dataSource.query(`INSERT INTO customer (id, display_name) SELECT gen_random_uuid(), 'Synthetic ' || g FROM generate_series(1, 2500) g`);
    await db.dataSource.query(`INSERT INTO segment_member (segment_id, customer_id, entered_at) SELECT $1, id, now() FROM customer WHERE display_name LIKE 'Synthetic %'`, [big]);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM segment_member WHERE segment_id = $1`, [big]);
    const rows = await ndjson(await download(big, token('admin', 'bulk-exporter'), '?fields=id,displayName'));
    expect(rows).toHaveLength(n);
    expect(new Set(rows.map((r) => r.id)).size).toBe(n);
    await db.services.audit.log.flush();
    const entries: { ids: string[]; outcome: string }[] = await db.dataSource.query(
      `SELECT customer_ids::text[] AS ids, outcome FROM access_log WHERE actor = 'bulk-exporter' ORDER BY position`,
    );
    expect(entries.map((e) => e.ids.length)).toEqual([1000, 1000, n - 2000]);
    expect(entries.map((e) => e.outcome)).toEqual(['exporting part=1', 'exporting part=2', `exported rows=${n} parts=3`]);
    expect(entries.flatMap((e) => e.ids).sort()).toEqual(rows.map((r) => r.id).sort());
  });
});
