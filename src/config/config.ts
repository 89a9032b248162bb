import { existsSync } from 'node:fs';
import type { CountryCode } from 'libphonenumber-js';
import { isRole, type Role } from '../api/auth/roles';
import { DEFAULT_LIMITS, type LimitSettings } from '../api/graphql/limits/limit-settings';
import { readPublicKeyFile } from '../audit/public-keys';
import { loadSigningKey } from '../audit/signing-key';
import { DEFAULT_CONNECT_TIMEOUT_MS } from '../db/connect-timeout';
import { DEFAULT_IDENTITY_CONFIG, DETERMINISTIC_RULES, type IdentityConfig } from '../identity/identity-config';
import { DEFAULT_SURVIVORSHIP, loadSurvivorship, SurvivorshipError, type Survivorship } from '../profile/survivorship';
import { DEFAULT_FATIGUE_DAYS } from '../segments/segment-config';
import { EnvReader } from './env-reader';
import { jwtConfig, type JwtConfig } from './jwt-config';
export { ConfigError } from './config-error';

export type NodeEnv = 'development' | 'production' | 'test';

export interface Config {
  nodeEnv: NodeEnv;
  host: string;
  port: number;
  /** Absent: use the embedded PostgreSQL under dataDir (not allowed in production). */
  databaseUrl?: string;
  dbPoolSize: number;
  /** A new database connection not ready after this long fails (every pool); /readyz answers within it too. */
  dbConnectTimeoutMs: number;
  dataDir: string;
  embeddedPgPort: number;
  seedDemo: boolean;
  demoCustomers: number;
  jwt: JwtConfig;
  logLevel: string;
  defaultPhoneRegion: CountryCode;
  shutdownTimeoutMs: number;
  identity: IdentityConfig;
  graphqlLimits: LimitSettings;
  privacy: { policyFile?: string; pseudonymKey?: string };
  /** How the golden profile chooses among its records' values (SURVIVORSHIP_FILE, else the shipped rules). */
  survivorship: Survivorship;
  /** fatigueDays: marketing segments exclude customers contacted or surveyed this recently (0: off). */
  segments: { fatigueDays: number };
  /**
   * retentionDays: entries older than this are pruned (`tessera audit prune`, and daily by the server); absent: kept.
   * databaseUrl / poolSize: the appender's own small pool (default: DATABASE_URL's user).
   */
  audit: {
    signingKey?: string;
    /** PEM public keys of retired signing keys (one file, one or more keys): their checkpoints still verify. */
    publicKeysFile?: string;
    checkpointDir?: string;
    failClosed: boolean;
    maxDelayMs: number;
    retentionDays?: number;
    databaseUrl?: string;
    poolSize: number;
  };
}

/** Reads and validates the environment once; every problem is reported together. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const r = new EnvReader(env);
  const nodeEnv = r.oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const config: Config = {
    nodeEnv,
    host: r.host('HOST', '0.0.0.0'),
    port: r.int('PORT', 4000, 0, 65535),
    databaseUrl: r.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:']),
    dbPoolSize: r.int('DB_POOL_SIZE', 10, 1, 200),
    dbConnectTimeoutMs: r.int('DB_CONNECT_TIMEOUT_MS', DEFAULT_CONNECT_TIMEOUT_MS, 100, 120_000),
    dataDir: r.string('DATA_DIR', '.data'),
    embeddedPgPort: r.int('EMBEDDED_PG_PORT', 54329, 1024, 65535),
    seedDemo: r.bool('SEED_DEMO', nodeEnv !== 'production'),
    demoCustomers: r.int('DEMO_CUSTOMERS', 5000, 1, 10_000_000),
    jwt: jwtConfig(r, nodeEnv === 'production'),
    logLevel: r.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info'),
    defaultPhoneRegion: r.countryCode('DEFAULT_PHONE_REGION', 'US'),
    shutdownTimeoutMs: r.int('SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    identity: identityConfig(r),
    graphqlLimits: graphqlLimits(r),
    privacy: privacyConfig(r),
    survivorship: survivorshipConfig(r),
    segments: { fatigueDays: r.int('SEGMENT_FATIGUE_DAYS', DEFAULT_FATIGUE_DAYS, 0, 365) },
    audit: {
      signingKey: r.optionalSecret('AUDIT_SIGNING_KEY', 32),
      publicKeysFile: r.string('AUDIT_PUBLIC_KEYS_FILE', '') || undefined,
      checkpointDir: r.string('AUDIT_CHECKPOINT_DIR', '') || undefined,
      failClosed: r.bool('AUDIT_FAIL_CLOSED', true),
      maxDelayMs: r.int('AUDIT_MAX_DELAY_MS', 10, 0, 10_000),
      retentionDays: r.int('AUDIT_RETENTION_DAYS', 0, 1, 36_500) || undefined,
      databaseUrl: r.optionalUrl('AUDIT_DATABASE_URL', ['postgres:', 'postgresql:']),
      poolSize: r.int('AUDIT_DB_POOL_SIZE', 2, 1, 20),
    },
  };
  if (config.audit.signingKey) {
    // checked now, not when the first checkpoint is signed: a bad key is a configuration error like the others
    try {
      loadSigningKey({ privateKey: config.audit.signingKey });
    } catch (error) {
      r.problem(`AUDIT_SIGNING_KEY must be an Ed25519 private key, PKCS#8 PEM or base64 of its DER (${(error as Error).message.split('\n')[0]})`);
    }
  }
  if (config.audit.publicKeysFile) {
    try {
      readPublicKeyFile(config.audit.publicKeysFile, 'AUDIT_PUBLIC_KEYS_FILE');
    } catch (error) {
      r.problem((error as Error).message);
    }
  }
  if (nodeEnv === 'production') {
    if (!config.privacy.pseudonymKey && !config.jwt.secret && config.jwt.jwks) {
      r.problem('PSEUDONYM_KEY is required when NODE_ENV=production and JWT_SECRET is not set (pseudonyms need a deployment key)');
    }
    if (!config.audit.signingKey) r.problem('AUDIT_SIGNING_KEY is required when NODE_ENV=production (an Ed25519 private key, PKCS#8 PEM or base64 DER, that signs access-log checkpoints)');
    if (!config.databaseUrl) r.problem('DATABASE_URL is required when NODE_ENV=production (the embedded database is for development)');
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
      names: r.list('IDENTITY_JUNK_NAMES', []),
    },
    minRecordsToEstimate: r.int('IDENTITY_MIN_RECORDS_TO_ESTIMATE', d.minRecordsToEstimate, 2, 100_000_000),
    reestimateGrowth: r.number('IDENTITY_REESTIMATE_GROWTH', d.reestimateGrowth, 0.01, 100),
    fullRunChanges: r.int('IDENTITY_FULL_RUN_CHANGES', d.fullRunChanges, 1, 100_000_000),
    engineThreads: r.int('IDENTITY_ENGINE_THREADS', d.engineThreads, 1, 2) as 1 | 2,
  };
  if (config.reviewThreshold > config.matchThreshold) {
    r.problem('IDENTITY_REVIEW_THRESHOLD must not be above IDENTITY_MATCH_THRESHOLD');
  }
  return config;
}

/** The privacy policy file (default: the shipped src/privacy/policy.json) and the pseudonym key. */
function privacyConfig(r: EnvReader): Config['privacy'] {
  const policyFile = r.string('PRIVACY_POLICY_FILE', '') || undefined;
  if (policyFile && !existsSync(policyFile)) r.problem(`PRIVACY_POLICY_FILE must name a readable JSON file, got "${policyFile}" (not found)`);
  return { policyFile, pseudonymKey: r.optionalSecret('PSEUDONYM_KEY', 32) };
}

/** The survivorship rules of SURVIVORSHIP_FILE (default: the shipped src/profile/survivorship.json), checked now. */
function survivorshipConfig(r: EnvReader): Survivorship {
  const file = r.string('SURVIVORSHIP_FILE', '') || undefined;
  try {
    return loadSurvivorship(file);
  } catch (error) {
    if (!(error instanceof SurvivorshipError)) throw error;
    for (const problem of error.problems) r.problem(`SURVIVORSHIP_FILE ("${file}"): ${problem}`);
    return DEFAULT_SURVIVORSHIP;
  }
}

const MAX_BUDGET = 100_000_000;

/** Limits of the GraphQL endpoint (docs/api-hardening.md). */
function graphqlLimits(r: EnvReader): LimitSettings {
  const d = DEFAULT_LIMITS;
  return {
    maxDepth: r.int('GRAPHQL_MAX_DEPTH', d.maxDepth, 1, 100),
    maxAliases: r.int('GRAPHQL_MAX_ALIASES', d.maxAliases, 0, 1000),
    maxRootFields: r.int('GRAPHQL_MAX_ROOT_FIELDS', d.maxRootFields, 1, 100),
    maxCost: r.int('GRAPHQL_MAX_COST', d.maxCost, 1, MAX_BUDGET),
    costBudgets: costBudgets(r, d.costBudgets),
    unpagedListSize: r.int('GRAPHQL_COST_LIST_SIZE', d.unpagedListSize, 1, 1000),
    // The resolvers refuse more than 100 (api/graphql/paging.ts), so the setting can only lower it.
    maxPageSize: r.int('GRAPHQL_MAX_PAGE_SIZE', d.maxPageSize, 1, 100),
    maxTokens: r.int('GRAPHQL_MAX_TOKENS', d.maxTokens, 100, 1_000_000),
    maxBodyBytes: r.int('GRAPHQL_MAX_BODY_BYTES', d.maxBodyBytes, 1024, 10 * 1024 * 1024),
    requestTimeoutMs: r.int('GRAPHQL_REQUEST_TIMEOUT_MS', d.requestTimeoutMs, 100, 600_000),
  };
}

/** `role=budget` pairs, comma-separated; when set they replace the default budgets, `none` clears them. */
function costBudgets(r: EnvReader, fallback: Partial<Record<Role, number>>): Partial<Record<Role, number>> {
  const pairs = r.list('GRAPHQL_COST_BUDGETS', Object.entries(fallback).map(([role, budget]) => `${role}=${budget}`));
  const budgets: Partial<Record<Role, number>> = {};
  const bad: string[] = [];
  for (const pair of pairs) {
    const [role, value, ...rest] = pair.split('=').map((part) => part.trim());
    const budget = Number(value);
    if (rest.length > 0 || !isRole(role) || !Number.isInteger(budget) || budget < 1 || budget > MAX_BUDGET) bad.push(pair);
    else budgets[role] = budget;
  }
  if (bad.length > 0) {
    r.problem(`GRAPHQL_COST_BUDGETS must be role=budget pairs separated by commas, with a known role and a budget from 1 to ${MAX_BUDGET}, got "${bad.join(', ')}"`);
    return { ...fallback };
  }
  return budgets;
}
