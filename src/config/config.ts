import type { CountryCode } from 'libphonenumber-js';
import { DEFAULT_IDENTITY_CONFIG, DETERMINISTIC_RULES, type IdentityConfig } from '../identity/identity-config';
import { EnvReader } from './env-reader';
export { ConfigError } from './config-error';

export type NodeEnv = 'development' | 'production' | 'test';

export interface Config {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  /** Absent: use the embedded PostgreSQL under dataDir (not allowed in production). */
  databaseUrl?: string;
  dbPoolSize: number;
  dataDir: string;
  embeddedPgPort: number;
  seedDemo: boolean;
  demoCustomers: number;
  jwt: { secret?: string; issuer: string; audience: string; ttlSeconds: number };
  logLevel: string;
  defaultPhoneRegion: CountryCode;
  shutdownTimeoutMs: number;
  identity: IdentityConfig;
}

/** Reads and validates the environment once; every problem is reported together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = new EnvReader(env);
  const nodeEnv = r.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const config: Config = {
    nodeEnv,
    host: r.string('HOST', '0.0.0.0'),
    port: r.int('PORT', 4000, 0, 65535),
    databaseUrl: r.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:']),
    dbPoolSize: r.int('DB_POOL_SIZE', 10, 1, 200),
    dataDir: r.string('DATA_DIR', '.data'),
    embeddedPgPort: r.int('EMBEDDED_PG_PORT', 54329, 1024, 65535),
    seedDemo: r.bool('SEED_DEMO', nodeEnv !== 'production'),
    demoCustomers: r.int('DEMO_CUSTOMERS', 5000, 1, 10_000_000),
    jwt: {
      secret: r.optionalSecret('JWT_SECRET', 32),
      issuer: r.string('JWT_ISSUER', 'tessera'),
      audience: r.string('JWT_AUDIENCE', 'tessera-api'),
      ttlSeconds: r.int('JWT_TTL_SECONDS', 8 * 3600, 60, 30 * 24 * 3600),
    },
    logLevel: r.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    defaultPhoneRegion: r.countryCode('DEFAULT_PHONE_REGION', 'US'),
    shutdownTimeoutMs: r.int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    identity: identityConfig(r),
  };
  if (nodeEnv === 'production') {
    if (!config.databaseUrl) r.problem('DATABASE_URL is required when NODE_ENV=production (the embedded database is for development)');
    if (!config.jwt.secret) r.problem('JWT_SECRET is required when NODE_ENV=production (no development secret is generated)');
  }
  r.throwIfProblems();
  return config;
}

function identityConfig(r: EnvReader): IdentityConfig {
  const d = DEFAULT_IDENTITY_CONFIG;
  const config: IdentityConfig = {
    matchThreshold: r.number('IDENTITY_MATCH_THRESHOLD', d.matchThreshold, 0.5, 0.999999),
    reviewThreshold: r.number('IDENTITY_REVIEW_THRESHOLD', d.reviewThreshold, 0.01, 0.999999),
    maxClusterSize: r.int('IDENTITY_MAX_CLUSTER_SIZE', d.maxClusterSize, 2, 10_000),
    maxBlockSize: r.int('IDENTITY_MAX_BLOCK_SIZE', d.maxBlockSize, 2, 100_000),
    onePerSource: r.list('IDENTITY_ONE_PER_SOURCE', d.onePerSource),
    deterministicRules: r.listOf('IDENTITY_DETERMINISTIC_RULES', DETERMINISTIC_RULES, d.deterministicRules),
    junk: {
      emails: r.list('IDENTITY_JUNK_EMAILS', []),
      phones: r.list('IDENTITY_JUNK_PHONES', []),
      identifiers: r.list('IDENTITY_JUNK_IDENTIFIERS', []),
    },
    minRecordsToEstimate: r.int('IDENTITY_MIN_RECORDS_TO_ESTIMATE', d.minRecordsToEstimate, 2, 100_000_000),
    reestimateGrowth: r.number('IDENTITY_REESTIMATE_GROWTH', d.reestimateGrowth, 0.01, 100),
  };
  if (config.reviewThreshold > config.matchThreshold) {
    r.problem('IDENTITY_REVIEW_THRESHOLD must not be above IDENTITY_MATCH_THRESHOLD');
  }
  return config;
}
