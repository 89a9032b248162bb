import path from 'node:path';
import type { Logger } from 'pino';
import { devSecret } from './api/auth/dev-secret';
import type { TokenSettings } from './api/auth/tokens';
import type { Config } from './config/config';
import { openDatabase, runMigrations, type Database } from './db/data-source';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded-postgres';
import { createServices, type Services } from './services';

export interface Runtime {
  db: Database;
  services: Services;
  tokens: TokenSettings;
  embedded: boolean;
  close(): Promise<void>;
}

/** Opens the database (DATABASE_URL, or the embedded cluster under DATA_DIR), migrates, wires services. */
export async function openRuntime(config: Config, log: Logger): Promise<Runtime> {
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    const clusterDir = path.join(config.dataDir, 'pg');
    log.info({ clusterDir, port: config.embeddedPgPort }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({
      clusterDir,
      port: config.embeddedPgPort,
      database: 'tessera',
      log: (message) => log.debug({ postgres: message }),
    });
    url = embedded.url;
  }
  let db: Database;
  try {
    db = await openDatabase({ url, poolSize: config.dbPoolSize, log });
    const applied = await runMigrations(db.dataSource);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const tokens = tokenSettings(config);
  const services = createServices(db.dataSource, { region: config.defaultPhoneRegion, identity: config.identity });
  return {
    db,
    services,
    tokens,
    embedded: Boolean(embedded),
    async close() {
      await db.dataSource.destroy();
      await embedded?.stop();
    },
  };
}

export function tokenSettings(config: Config): TokenSettings {
  const secret = config.jwt.secret ?? (config.nodeEnv === 'production' ? undefined : devSecret(config.dataDir));
  if (!secret) throw new Error('JWT_SECRET is required in production');
  return { secret, issuer: config.jwt.issuer, audience: config.jwt.audience, ttlSeconds: config.jwt.ttlSeconds };
}
