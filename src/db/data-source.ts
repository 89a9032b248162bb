import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { migrations } from '../../migrations';
import { clientWithConnectTimeout, DEFAULT_CONNECT_TIMEOUT_MS } from './connect-timeout';
import { GENERIC_PLANS, SESSION_OPTIONS, withSessionOptions } from './connection-config';
import { entities } from './entities';
import { withMigrationLock } from './migration-lock';
import { QueryCounter } from './query-counter';

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  log?: Logger;
  applicationName?: string;
  /** statements slower than this are logged as "slow sql" (default 1000 ms) */
  slowStatementMs?: number;
  /** a new connection that is not ready after this long fails (DB_CONNECT_TIMEOUT_MS; default 3000 ms) */
  connectTimeoutMs?: number;
}

export interface Database {
  dataSource: DataSource;
  queries: QueryCounter;
}

/** Opens a pool. Schema changes only ever come from migrations. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const queries = new QueryCounter(options.log);
  // Our named statements (db/prepared-query.ts) are planned once per connection: PostgreSQL's default would
  // re-plan the profile statement on most executions, and planning costs more than running it.
  const session = withSessionOptions(options.url, GENERIC_PLANS, SESSION_OPTIONS);
  const dataSource = new DataSource({
    type: 'postgres',
    url: session.url,
    entities,
    migrations,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    logger: queries,
    maxQueryExecutionTime: options.slowStatementMs ?? 1000,
    extra: {
      max: options.poolSize ?? 10,
      application_name: options.applicationName ?? 'tessera',
      options: session.options,
      Client: clientWithConnectTimeout(options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS),
    },
  });
  await dataSource.initialize();
  return { dataSource, queries };
}

/** Applies pending migrations, one process at a time (db/migration-lock.ts); returns their names, oldest first. */
export async function runMigrations(dataSource: DataSource, log?: Logger): Promise<string[]> {
  const applied = await withMigrationLock(dataSource, () => dataSource.runMigrations({ transaction: 'each' }), log);
  return applied.map((m) => m.name);
}

/**
 * True when every migration this build knows about has been applied. One read, so /readyz neither creates the
 * migrations table nor logs a line per migration at debug level (TypeORM's showMigrations does both).
 */
export async function migrationsApplied(dataSource: DataSource): Promise<boolean> {
  let rows: { name: string }[];
  try {
    rows = await dataSource.query('SELECT name FROM typeorm_migrations');
  } catch (error) {
    if ((error as { code?: unknown }).code === '42P01') return false; // no migrations table: nothing applied yet
    throw error;
  }
  const applied = new Set(rows.map((r) => r.name));
  return dataSource.migrations.every((m) => applied.has(m.name ?? m.constructor.name));
}
