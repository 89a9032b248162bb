import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase, type Database } from '../../src/db/data-source';
import { createServices, type Services } from '../../src/services';
import { templateDatabase, withDatabase } from './test-database-url';

export interface TestDatabase extends Database {
  services: Services;
  url: string;
  drop(): Promise<void>;
}

function adminUrl(): string {
  const url = process.env.TESSERA_TEST_ADMIN_URL;
  if (!url) throw new Error('integration tests need tests/setup/global-setup.ts (run them with `npm test`)');
  return url;
}

/** A fresh, migrated database cloned from the template: each test file owns one. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `tessera_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${templateDatabase()}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl(), name);
  const db = await openDatabase({ url, poolSize: 4 });
  return {
    ...db,
    url,
    services: createServices(db.dataSource, { region: 'US' }),
    async drop() {
      await db.dataSource.destroy();
      const client = new Client({ connectionString: adminUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
