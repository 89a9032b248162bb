import type { Logger } from 'pino';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { connectionOf } from './connection-config';

/** Key of the session-level advisory lock migrations run under (advisory locks are per database). */
export const MIGRATION_LOCK_KEY = '7301528861425330583';

/**
 * Runs `work` (the migrations) while holding an advisory lock on a connection of its own, outside the pool
 * (a pool of one connection must still be able to migrate). Two instances starting at once, or a
 * `tessera migrate` beside a starting server, take turns: the second waits, then finds nothing pending.
 * Without it both ran the same migrations and typeorm_migrations got duplicate rows.
 */
export async function withMigrationLock<T>(dataSource: DataSource, work: () => Promise<T>, log?: Logger): Promise<T> {
  const client = new Client({ ...connectionOf(dataSource), application_name: 'tessera-migration-lock' });
  // a connection lost meanwhile ends the lock; the migrations' own statements report the outage
  client.on('error', () => undefined);
  await client.connect();
  try {
    const { rows } = await client.query('SELECT pg_try_advisory_lock($1) AS locked', [MIGRATION_LOCK_KEY]);
    if (!rows[0].locked) {
      log?.info('waiting for another process to finish its migrations');
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    }
    return await work();
  } finally {
    // ending the session would release it as well; unlocking first frees the next one without waiting for the close
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
