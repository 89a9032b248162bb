import type { AddressInfo } from 'node:net';
import type http from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { Client } from 'pg';
import { signToken } from '../../src/api/auth/tokens';
import type { RequestContext } from '../../src/api/context';
import { buildTesseraSchema } from '../../src/api/graphql/schema';
import { createApp } from '../../src/app';
import { openDatabase, type Database } from '../../src/db/data-source';
import { createLogger } from '../../src/observability/logger';
import { createMetrics } from '../../src/observability/metrics';
import { createServices } from '../../src/services';
import { TEST_TOKENS } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

const EMAIL = 'aisha.smith@gmail.com';

/** The server's log lines, parsed (the logger is the one main.ts builds, writing here instead of stdout). */
const lines: string[] = [];
const logged = () => lines.map((line) => JSON.parse(line) as Record<string, any>);

describe('operators: error logs carry no SQL values but the request id; GraphQL outcomes are counted', () => {
  let db: TestDatabase;
  let own: Database;
  let admin: Client;
  let server: http.Server;
  let apollo: ApolloServer<RequestContext>;
  let url: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    const log = createLogger('info', 'tessera', { write: (line: string) => void lines.push(line) });
    // a pool with the logger, as openRuntime opens it: failed statements are logged ("sql error") too
    own = await openDatabase({ url: db.url, poolSize: 4, log });
    ({ server, apollo } = await createApp({
      schema: await buildTesseraSchema(),
      dataSource: own.dataSource,
      services: createServices(own.dataSource, { region: 'US' }),
      tokens: TEST_TOKENS,
      log,
      metrics: createMetrics(),
      region: 'US',
      production: true,
    }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    admin = new Client({ connectionString: db.url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await apollo.stop();
    await own.dataSource.destroy();
    await db.drop();
  });

  const graphql = async (query: string, role: 'support_agent' | 'auditor' = 'support_agent', requestId?: string) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${signToken(TEST_TOKENS, { role })}` };
    if (requestId) headers['x-request-id'] = requestId;
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query }) });
    return { status: response.status, ...((await response.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] }) };
  };

  it('a statement that fails mid-request is logged with its SQL, code and request id, never its parameters', async () => {
    const locker = new Client({ connectionString: db.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE customer IN ACCESS EXCLUSIVE MODE');
    let answer;
    try {
      const pending = graphql(`{ customers(first: 1, search: "${EMAIL}") { edges { node { id } } } }`, 'support_agent', 'req-leak-1');
      // the search waits on the lock: cancel it, as a failover, statement_timeout or deadlock would end it
      let cancelled = false;
      for (const deadline = Date.now() + 10_000; !cancelled && Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
        const { rows } = await admin.query(
          `SELECT pg_cancel_backend(pid) AS done FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%search_text%'`,
        );
        cancelled = rows.some((r) => r.done);
      }
      expect(cancelled).toBe(true);
      answer = await pending;
    } finally {
      await locker.query('ROLLBACK');
      await locker.end();
    }
    expect(answer.errors).toEqual([expect.objectContaining({ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' } })]);
    const unexpected = logged().find((l) => l.msg === 'unexpected error');
    expect(unexpected).toMatchObject({ level: 50, requestId: 'req-leak-1', err: { type: 'QueryFailedError', code: '57014', query: expect.stringContaining('search_text') } });
    expect(unexpected!.err).not.toHaveProperty('parameters');
    expect(unexpected!.err.driverError).not.toHaveProperty('parameters');
    expect(logged().find((l) => l.msg === 'sql error')).toMatchObject({ err: { code: '57014' }, sql: expect.stringContaining('search_text') });
    // nowhere in the log: not the address, not its lower-cased LIKE pattern
    expect(lines.join('\n')).not.toMatch(/aisha/i);
  });

  it('values PostgreSQL puts in an error (a constraint detail, a data exception message) are left out too', async () => {
    await own.dataSource.query(`CREATE TEMP TABLE IF NOT EXISTS contact_probe (email text UNIQUE)`);
    const failures: unknown[] = [];
    // detail: Key (email)=(aisha.smith@gmail.com) already exists.
    await own.dataSource.query(`INSERT INTO contact_probe VALUES ($1), ($1)`, [EMAIL]).catch((e: unknown) => failures.push(e));
    // message: invalid input syntax for type uuid: "aisha.smith@gmail.com"
    await own.dataSource.query(`SELECT $1::uuid`, [EMAIL]).catch((e: unknown) => failures.push(e));
    expect(failures).toHaveLength(2);
    const before = lines.length;
    const log = createLogger('info', 'tessera', { write: (line: string) => void lines.push(line) });
    for (const error of failures) log.error({ err: error }, 'background job failed');
    const written = lines.slice(before).map((l) => JSON.parse(l));
    expect(written.map((l) => l.err.code)).toEqual(['23505', '22P02']);
    expect(written[1].err.message).toBe('invalid input syntax for type uuid: "…"');
    expect(lines.join('\n')).not.toMatch(/aisha/i);
  });

  it('counts operations by type and outcome, errors by code, and reports the API pool', async () => {
    expect((await graphql(`{ customers(first: 1) { edges { cursor } } }`)).status).toBe(200);
    expect((await graphql(`{ customers(first: 1) { edges { cursor } } }`)).status).toBe(200);
    expect((await graphql(`{ nope }`)).errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect((await graphql(`{ customers(first: 1) { edges { node { displayName } } } }`, 'auditor')).errors?.[0].extensions?.code).toBe('POLICY_DENIED');
    const text = await (await fetch(`${url}/metrics`)).text();
    const sample = (name: string) => Number(text.split('\n').find((l) => l.startsWith(`${name} `))?.split(' ')[1] ?? NaN);
    expect(sample('tessera_graphql_operations_total{type="query",outcome="ok"}')).toBe(2);
    // the internal error of the first test, and the refusal
    expect(sample('tessera_graphql_operations_total{type="query",outcome="error"}')).toBe(2);
    expect(sample('tessera_graphql_operations_total{type="unknown",outcome="error"}')).toBe(1);
    expect(sample('tessera_graphql_errors_total{code="INTERNAL_SERVER_ERROR"}')).toBe(1);
    expect(sample('tessera_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    expect(sample('tessera_graphql_errors_total{code="POLICY_DENIED"}')).toBe(1);
    expect(sample('tessera_db_pool_connections{state="total"}')).toBeGreaterThanOrEqual(1);
    expect(sample('tessera_db_pool_connections{state="idle"}')).toBeGreaterThanOrEqual(0);
    expect(sample('tessera_db_pool_connections{state="waiting"}')).toBe(0);
  });
});
