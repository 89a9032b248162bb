import type { CountryCode } from 'libphonenumber-js';
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
  };
  if (nodeEnv === 'production') {
    if (!config.databaseUrl) r.problem('DATABASE_URL is required when NODE_ENV=production (the embedded database is for development)');
    if (!config.jwt.secret) r.problem('JWT_SECRET is required when NODE_ENV=production (no development secret is generated)');
  }
  r.throwIfProblems();
  return config;
}
