import { createHmac } from 'node:crypto';
import path from 'node:path';
import type { Logger } from 'pino';
import { devSecret } from './api/auth/dev-secret';
import { verifySettingsOf } from './api/auth/verify-settings';
import type { VerifySettings } from './api/auth/verify-token';
import type { Config } from './config/config';
import { checkStartupSettings } from './config/startup-checks';
import { openDatabase, runMigrations, type Database } from './db/data-source';
import { DatabaseUnreachableError } from './db/database-unreachable';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded-postgres';
import { createServices, type Services } from './services';
import { openAppendPool } from './audit/append-pool';
import { readPublicKeyFile } from './audit/public-keys';

export interface Runtime {
  db: Database;
  services: Services;
  tokens: RuntimeTokens;
  embedded: boolean;
  /** migrations this opening applied, oldest first */
  migrationsApplied: string[];
  close(): Promise<void>;
}

/** Opens the database (DATABASE_URL, or the embedded cluster under DATA_DIR), migrates, wires services. */
export interface RuntimeOptions {
  /** statements slower than this are logged as "slow sql" (default 1000 ms) */
  slowStatementMs?: number;
}

export async function openRuntime(config: Config, log: Logger, options: RuntimeOptions = {}): Promise<Runtime> {
  await checkStartupSettings(config); // a ConfigError before anything is opened
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
    if (embedded.joined) log.info('sharing the embedded PostgreSQL another Tessera process runs; the last one to stop stops it');
  }
  let db: Database;
  let applied: string[];
  try {
    const connectTimeoutMs = config.dbConnectTimeoutMs;
    db = await openDatabase({ url, poolSize: config.dbPoolSize, log, slowStatementMs: options.slowStatementMs, connectTimeoutMs }).catch((error: unknown) => {
      throw config.databaseUrl ? new DatabaseUnreachableError('DATABASE_URL', config.databaseUrl, error, connectTimeoutMs) : error;
    });
    // one process at a time: replicas starting together, or `tessera migrate` beside a starting server
    applied = await runMigrations(db.dataSource, log);
    if (applied.length > 0) log.info({ applied }, 'migrations applied');
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const tokens = tokenSettings(config, (message) => log.warn(message));
  // Read the JWKS before the first request; if the identity provider is down, requests are refused until it answers.
  await tokens.keys?.load().catch((error: Error) => log.error({ err: error }, 'JWKS not loaded'));
  // Access-log appends get a small pool of their own (AUDIT_DATABASE_URL: a role that may only append).
  const appendPool = openAppendPool({ url: config.audit.databaseUrl ?? url, max: config.audit.poolSize, connectTimeoutMs: config.dbConnectTimeoutMs });
  const services = createServices(db.dataSource, {
    region: config.defaultPhoneRegion,
    suppressionKey: suppressionKeyOf(config.privacy.pseudonymKey ?? tokens.secret),
    identity: config.identity,
    survivorship: config.survivorship,
    audit: {
      signingKey: { privateKey: config.audit.signingKey, dataDir: config.dataDir },
      retiredPublicKeys: config.audit.publicKeysFile ? readPublicKeyFile(config.audit.publicKeysFile, 'AUDIT_PUBLIC_KEYS_FILE') : [],
      checkpointDirectory: config.audit.checkpointDir,
      failClosed: config.audit.failClosed,
      maxDelayMs: config.audit.maxDelayMs,
      onError: (error, entries) => log.error({ err: error, entries }, 'access log entries not stored'),
      writer: appendPool,
    },
  });
  return {
    db,
    services,
    tokens,
    embedded: Boolean(embedded),
    migrationsApplied: applied,
    async close() {
      await services.audit.log.close(); // buffered access-log entries first
      await appendPool.close();
      await db.dataSource.destroy();
      await embedded?.stop();
      if (embedded?.stopped === 'left running') log.info('embedded PostgreSQL left running: another Tessera process still uses it');
    },
  };
}

/** Verification settings, plus the secret that signs development tokens when there is one. */
export type RuntimeTokens = VerifySettings & { secret?: string; ttlSeconds: number };

/**
 * Signing and verification settings (docs/auth.md). `warn` hears about JWKS keys left out and failed
 * fetches. In production there is no development secret: a JWKS alone (with PSEUDONYM_KEY) is enough.
 */
export function tokenSettings(config: Config, warn?: (message: string) => void): RuntimeTokens {
  const secret = config.jwt.secret ?? (config.nodeEnv === 'production' ? undefined : devSecret(config.dataDir));
  return { ...verifySettingsOf(config.jwt, secret, warn), secret, ttlSeconds: config.jwt.ttlSeconds };
}

/** The key of suppression hashes, derived from the deployment's pseudonym key (or token secret). */
function suppressionKeyOf(secret: string | undefined): string | undefined {
  return secret ? createHmac('sha256', secret).update('tessera suppression').digest('base64url') : undefined;
}
