import http from 'node:http';
import { startTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/** The HTTP side of /graphql (api/http/graphql-endpoint.ts): bodies, content types, request ids. */
describe('GraphQL HTTP endpoint', () => {
  let db: TestDatabase;
  let app: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    app = await startTestApp(db, { audit: false, limits: { maxBodyBytes: 2048 } });
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  async function post(body: string, headers: Record<string, string>) {
    const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { authorization: `Bearer ${app.token('admin')}`, ...headers }, body });
    return { status: response.status, text: await response.text(), headers: response.headers };
  }
  const refusal = (message: string, code: string) => JSON.stringify({ errors: [{ message, extensions: { code } }] });

  it('answers a query with JSON, a content length and the request id it was given', async () => {
    const res = await post(JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req-42' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({ data: { __typename: 'Query' } });
    expect(res.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    expect(Number(res.headers.get('content-length'))).toBe(Buffer.byteLength(res.text));
    expect(res.headers.get('x-request-id')).toBe('req-42');
  });

  it('gives an unsafe or missing request id a new one', async () => {
    const res = await post(JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'application/json', 'x-request-id': 'bad id <script>' });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses bodies it cannot read with the reason, in GraphQL’s error shape', async () => {
    const json = { 'content-type': 'application/json' };
    expect(await post('x'.repeat(3000), json)).toMatchObject({ status: 413, text: refusal('request body too large', 'REQUEST_TOO_LARGE') });
    expect(await post('"just a string"', json)).toMatchObject({ status: 400, text: refusal('malformed request body', 'BAD_REQUEST') });
    expect(await post('{"query": ', json)).toMatchObject({ status: 400, text: refusal('malformed request body', 'BAD_REQUEST') });
    const latin1 = await post(JSON.stringify({ query: '{ __typename }' }), { 'content-type': 'application/json; charset=latin1' });
    expect(latin1).toMatchObject({ status: 415, text: refusal('malformed request body', 'BAD_REQUEST') });
    const gzip = await post(JSON.stringify({ query: '{ __typename }' }), { ...json, 'content-encoding': 'gzip' });
    expect(gzip.status).toBe(415);
  });

  it('refuses a body that grows past the limit while streaming, without a declared length', async () => {
    const url = new URL(`${app.url}/graphql`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        { host: url.hostname, port: url.port, path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked', authorization: `Bearer ${app.token('admin')}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 10; i++) req.write(`{"padding": "${'x'.repeat(500)}"`);
      req.end();
    });
    expect(status).toBe(413);
  });

  it('answers invalid variable values with BAD_USER_INPUT and status 400, naming the variable', async () => {
    const json = { 'content-type': 'application/json' };
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['query($n: Int) { customers(first: $n) { edges { node { id } } } }', { n: 'abc' }, /^Variable "\$n" got invalid value "abc"/],
      ['query($id: ID!) { customer(id: $id) { id } }', {}, /^Variable "\$id" of required type "ID!" was not provided/],
      // an enum and a custom scalar inside an input object (the scalar's parser throws in graphql-jit)
      ['query($f: AccessLogFilterInput) { accessLog(filter: $f) { edges { node { position } } } }', { f: { decision: 'nope' } }, /^Variable "\$f" got invalid value "nope" at "f.decision"/],
      ['query($f: AccessLogFilterInput) { accessLog(filter: $f) { edges { node { position } } } }', { f: { from: 'yesterday' } }, /^Variable "\$f" got invalid value "yesterday" at "f.from"/],
    ];
    for (const [query, variables, message] of cases) {
      const res = await post(JSON.stringify({ query, variables }), json);
      const body = JSON.parse(res.text) as { errors: { message: string; extensions: { code: string } }[] };
      expect({ status: res.status, code: body.errors[0]!.extensions.code }).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
      expect(body.errors[0]!.message).toMatch(message);
    }
    // valid variables still run (the check only runs when an operation produced no data)
    const ok = await post(JSON.stringify({ query: 'query($n: Int) { customers(first: $n) { edges { node { id } } } }', variables: { n: 1 } }), json);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.text).errors).toBeUndefined();
  });

  it('leaves other content types to Apollo, which refuses them', async () => {
    const res = await post('{ __typename }', { 'content-type': 'text/plain' });
    expect(res.status).toBe(400);
  });

  it('still serves the other routes through Express, with request ids', async () => {
    const health = await fetch(`${app.url}/healthz`, { headers: { 'x-request-id': 'h-1' } });
    expect(health.status).toBe(200);
    expect(health.headers.get('x-request-id')).toBe('h-1');
    expect((await fetch(`${app.url}/graphql/extra`)).status).toBe(404);
  });
});
