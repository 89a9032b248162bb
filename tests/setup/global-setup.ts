import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { openDatabase, runMigrations } from '../../src/db/data-source';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { withDatabase } from './test-database-url';

/**
 * Integration tests run against real PostgreSQL: DATABASE_URL when set (its server is used, a template
 * database is created beside it), otherwise an embedded cluster under .data/test-pg.
 * Migrations run once into a template; each test file clones it.
 */
/** As root the cluster runs as user postgres, so it lives in the temp folder, which that user can reach. */
function testClusterDir(): string {
  if (process.getuid?.() !== 0) return path.resolve('.data/test-pg');
  return path.join(os.tmpdir(), `tessera-test-pg-${createHash('sha1').update(process.cwd()).digest('hex').slice(0, 10)}`);
}

/** The port of a cluster still running from an interrupted run, else a free one. */
async function testClusterPort(clusterDir: string): Promise<number> {
  if (process.env.TEST_PG_PORT) return Number(process.env.TEST_PG_PORT);
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const port = Number(readFileSync(pidFile, 'utf8').split('\n')[3]);
    if (Number.isInteger(port) && port > 0) return port;
  }
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const clusterDir = testClusterDir();
    const embedded = await startEmbeddedPostgres({ clusterDir, port: await testClusterPort(clusterDir), database: 'postgres' });
    (globalThis as { __embeddedPg?: { stop(): Promise<void> } }).__embeddedPg = embedded;
    // for the test of a second start over a running cluster (embedded-postgres.test.ts)
    process.env.TESSERA_TEST_CLUSTER_DIR = clusterDir;
    process.env.TESSERA_TEST_CLUSTER_PORT = String(new URL(embedded.url).port);
    adminUrl = embedded.url;
  }
  process.env.TESSERA_TEST_ADMIN_URL = adminUrl;
  const TEMPLATE_DB = `tessera_test_template_${process.pid}_${Date.now().toString(36)}`;
  process.env.TESSERA_TEST_TEMPLATE_DB = TEMPLATE_DB;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const db = await openDatabase({ url: withDatabase(adminUrl, TEMPLATE_DB), poolSize: 1 });
  try {
    await runMigrations(db.dataSource);
  } finally {
    await db.dataSource.destroy();
  }
}
