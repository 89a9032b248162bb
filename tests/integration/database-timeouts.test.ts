import net, { type AddressInfo, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { openAppendPool, type AppendPool } from '../../src/audit/append-pool';
import { openDatabase, type Database } from '../../src/db/data-source';
import { createServices } from '../../src/services';
import { startTestApp, type TestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/**
 * A TCP proxy in front of the test database that can turn into a database that accepts connections and never
 * answers: its open connections are cut (as a failover or a network partition would) and new ones hang.
 */
async function blackHoleProxy(target: URL) {
  const sockets = new Set<Socket>();
  let silent = false;
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const server = net.createServer((client) => {
    track(client);
    if (silent) return; // accepted, never answered
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = new URL(target.toString());
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    silence() {
      silent = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      silent = false;
      for (const socket of sockets) socket.destroy();
    },
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

describe('a database that accepts connections and never answers', () => {
  const CONNECT_TIMEOUT_MS = 500;
  let db: TestDatabase;
  let proxy: Awaited<ReturnType<typeof blackHoleProxy>>;
  let own: Database;
  let appendPool: AppendPool;
  let app: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    proxy = await blackHoleProxy(new URL(db.url));
    // every pool through the proxy, as a server's pools would reach a database behind a load balancer
    own = await openDatabase({ url: proxy.url, poolSize: 2, connectTimeoutMs: CONNECT_TIMEOUT_MS });
    appendPool = openAppendPool({ url: proxy.url, connectTimeoutMs: CONNECT_TIMEOUT_MS });
    const services = createServices(own.dataSource, {
      region: 'US',
      audit: { signingKey: { dataDir: path.join(os.tmpdir(), 'tessera-audit-dev') }, writer: appendPool },
    });
    app = await startTestApp({ ...db, ...own, services }, { limits: { requestTimeoutMs: 1000 }, readyTimeoutMs: CONNECT_TIMEOUT_MS });
  });
  afterAll(async () => {
    await app.close();
    await appendPool.close();
    await own.dataSource.destroy();
    await proxy.close();
    await db.drop();
  });

  const readyz = async () => {
    const response = await fetch(`${app.url}/readyz`, { signal: AbortSignal.timeout(10_000) });
    return { status: response.status, body: await response.json() };
  };
  const QUERY = `{ customers(first: 1) { edges { cursor } } }`;

  it('/readyz answers 503 within DB_CONNECT_TIMEOUT_MS and a request gets an error instead of waiting forever', async () => {
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready' } });
    expect(await app.graphql(QUERY)).toMatchObject({ status: 200, data: { customers: { edges: [] } } });

    proxy.silence();
    let started = Date.now();
    expect(await readyz()).toEqual({ status: 503, body: { status: 'database unreachable' } });
    expect(Date.now() - started).toBeLessThan(CONNECT_TIMEOUT_MS + 2000);

    // the statement's connection times out, then so does the fail-closed access-log entry's: refused, not held
    started = Date.now();
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.token('admin')}` },
      body: JSON.stringify({ query: QUERY }),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(response.status).toBe(503);
    expect(body.errors?.[0].extensions?.code).toBe('AUDIT_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(8000);

    // and it recovers once the database answers again
    proxy.restore();
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready' } });
    expect(await app.graphql(QUERY)).toMatchObject({ status: 200, data: { customers: { edges: [] } } });
  });
});
