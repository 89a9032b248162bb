import jwt from 'jsonwebtoken';
import { startTestApp, TEST_TOKENS, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const QUERY = `{ customers(first: 1) { edges { cursor } } }`;

describe('bearer tokens and operational endpoints', () => {
  let db: TestDatabase;
  let app: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp(db, { production: true });
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const sign = (payload: object, options: jwt.SignOptions = {}, secret = TEST_TOKENS.secret) =>
    jwt.sign(payload, secret, { algorithm: 'HS256', issuer: 'tessera', audience: 'tessera-api', subject: 'u1', expiresIn: 60, ...options });

  it('accepts a valid token for a role that reads customer data', async () => {
    const res = await app.graphql(QUERY, {}, app.token('support_agent'));
    expect(res).toMatchObject({ status: 200, data: { customers: { edges: [] } } });
  });

  it.each([
    ['no token', null],
    ['garbage', 'not-a-jwt'],
    ['wrong secret', sign({ roles: ['admin'] }, {}, 'another-secret-another-secret-another')],
    ['expired', sign({ roles: ['admin'] }, { expiresIn: -120 })],
    ['no exp', jwt.sign({ roles: ['admin'] }, TEST_TOKENS.secret, { algorithm: 'HS256', issuer: 'tessera', audience: 'tessera-api', subject: 'u1' })],
    ['wrong issuer', sign({ roles: ['admin'] }, { issuer: 'evil' })],
    ['wrong audience', sign({ roles: ['admin'] }, { audience: 'other' })],
    ['unknown role', sign({ roles: ['root'] })],
    ['alg none', `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ roles: ['admin'], sub: 'u1', iss: 'tessera', aud: 'tessera-api', exp: 9999999999 })).toString('base64url')}.`],
    ['future iat', sign({ roles: ['admin'], iat: Math.floor(Date.now() / 1000) + 3600 })],
  ])('refuses %s with 401 and a message that leaks nothing', async (_label, token) => {
    const res = await app.graphql(QUERY, {}, token);
    expect(res.status).toBe(401);
    expect(res.data).toBeUndefined();
    expect(res.errors).toEqual([{ message: 'invalid or missing bearer token', extensions: { code: 'UNAUTHENTICATED' } }]);
  });

  it('gives auditors and customers only what the privacy policy grants them', async () => {
    const auditor = await app.graphql(`{ customers(first: 1) { edges { node { displayName } } } }`, {}, app.token('auditor'));
    expect(auditor.errors?.[0]).toMatchObject({ extensions: { code: 'POLICY_DENIED' } });
    expect(auditor.errors?.[0].message).toContain('Customer.displayName');
    expect(auditor.data).toBeUndefined();
    // a customer token whose subject names no customer sees no one
    const customer = await app.graphql(QUERY, {}, app.token('customer'));
    expect(customer).toMatchObject({ status: 200, data: { customers: { edges: [] } } });
  });

  it('hides introspection and field suggestions in production', async () => {
    const res = await app.graphql(`{ __schema { types { name } } }`);
    expect(res.errors?.[0].message).toMatch(/introspection/i);
    const typo = await app.graphql(`{ customerz { id } }`);
    expect(JSON.stringify(typo.errors)).not.toMatch(/Did you mean/);
  });

  it('serves /healthz, /readyz and Prometheus /metrics', async () => {
    expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
    await app.graphql(`{ customers(first: 1) { edges { cursor } } }`); // an access-log entry, written before the answer
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/tessera_http_request_duration_seconds_bucket\{[^}]*route="\/graphql"/);
    expect(metrics).toMatch(/tessera_process_cpu_seconds_total/);
    // the access log's writes: entries stored, batches and their time to disk
    expect(Number(/tessera_audit_entries_total\{result="stored"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(Number(/tessera_audit_write_seconds_count (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(Number(/tessera_audit_batch_entries_sum (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(0);
  });

  it('echoes a safe request id and refuses oversized bodies', async () => {
    const res = await fetch(`${app.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const big = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.token('admin')}` },
      body: JSON.stringify({ query: `{ customers(first: 1) { edges { cursor } } }`, padding: 'x'.repeat(200_000) }),
    });
    expect(big.status).toBe(413);
  });
});
