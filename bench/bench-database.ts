import { ensureDatabase } from '../src/db/embedded-postgres';

/** Creates the database a bench URL names (its path), through the same server's `postgres` database. */
export async function ensureBenchDatabase(url: string): Promise<void> {
  const admin = new URL(url);
  const name = decodeURIComponent(admin.pathname.slice(1));
  admin.pathname = '/postgres';
  await ensureDatabase(admin.toString(), name);
}
