import 'reflect-metadata';
import { Client } from 'pg';
import { openDatabase, runMigrations } from '../../src/db/data-source';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres';
import { TEMPLATE_DB, withDatabase } from './test-database-url';

/**
 * Integration tests run against real PostgreSQL: DATABASE_URL when set (its server is used, a template
 * database is created beside it), otherwise an embedded cluster under .data/test-pg.
 * Migrations run once into a template; each test file clones it.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const embedded = await startEmbeddedPostgres({ clusterDir: '.data/test-pg', port: Number(process.env.TEST_PG_PORT ?? 54339), database: 'postgres' });
    (globalThis as { __embeddedPg?: { stop(): Promise<void> } }).__embeddedPg = embedded;
    adminUrl = embedded.url;
  }
  process.env.TESSERA_TEST_ADMIN_URL = adminUrl;
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
