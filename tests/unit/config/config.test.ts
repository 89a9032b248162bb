import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig, type Config } from '../../../src/config/config';
import { DEFAULT_LIMITS } from '../../../src/api/graphql/limits/limit-settings';
import { DEFAULT_IDENTITY_CONFIG } from '../../../src/identity/identity-config';
import { DEFAULT_SURVIVORSHIP } from '../../../src/profile/survivorship';

const SECRET = 'x'.repeat(32);
const DB = 'postgres://tessera:pw@db.internal:5432/tessera';
const AUDIT_KEY = (generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string).trim();

/** The ConfigError loadConfig throws for `env`, or fails the test. */
function problemsOf(env: NodeJS.ProcessEnv): { problems: string[]; message: string } {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return { problems: (error as ConfigError).problems, message: (error as ConfigError).message };
  }
  throw new Error('expected a ConfigError');
}

const DEFAULTS: Config = {
  nodeEnv: 'development',
  host: '0.0.0.0',
  port: 4000,
  databaseUrl: undefined,
  dbPoolSize: 10,
  dbConnectTimeoutMs: 3000,
  dataDir: '.data',
  embeddedPgPort: 54329,
  seedDemo: true,
  demoCustomers: 5000,
  jwt: { secret: undefined, issuer: 'tessera', audience: 'tessera-api', ttlSeconds: 28800, clockSkewSeconds: 30, algorithms: ['HS256'] },
  logLevel: 'info',
  defaultPhoneRegion: 'US',
  shutdownTimeoutMs: 10000,
  identity: DEFAULT_IDENTITY_CONFIG,
  graphqlLimits: DEFAULT_LIMITS,
  privacy: { policyFile: undefined, pseudonymKey: undefined },
  survivorship: DEFAULT_SURVIVORSHIP,
  audit: { signingKey: undefined, checkpointDir: undefined, failClosed: true, maxDelayMs: 10, poolSize: 2 },
  segments: { fatigueDays: 7 },
};

describe('loadConfig', () => {
  it('has development defaults for an empty environment', () => {
    expect(loadConfig({})).toEqual(DEFAULTS);
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ PORT: '  ', DATABASE_URL: '', JWT_SECRET: ' ', SEED_DEMO: '' })).toEqual(DEFAULTS);
  });

  it('reads every variable', () => {
    const env = {
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '8080',
      DATABASE_URL: DB,
      DB_POOL_SIZE: '25',
      DB_CONNECT_TIMEOUT_MS: '1500',
      DATA_DIR: '/var/lib/tessera',
      EMBEDDED_PG_PORT: '5433',
      SEED_DEMO: 'no',
      DEMO_CUSTOMERS: '100',
      JWT_SECRET: SECRET,
      JWT_ISSUER: 'iss',
      JWT_AUDIENCE: 'aud',
      JWT_TTL_SECONDS: '60',
      LOG_LEVEL: 'debug',
      DEFAULT_PHONE_REGION: 'gb',
      SHUTDOWN_TIMEOUT_MS: '100',
      IDENTITY_MATCH_THRESHOLD: '0.97',
      IDENTITY_REVIEW_THRESHOLD: '0.4',
      IDENTITY_MAX_CLUSTER_SIZE: '20',
      IDENTITY_MAX_BLOCK_SIZE: '300',
      IDENTITY_ONE_PER_SOURCE: 'salesforce, zendesk',
      IDENTITY_DETERMINISTIC_RULES: 'exact_identifier',
      IDENTITY_JUNK_EMAILS: 'info@acme.com',
      IDENTITY_JUNK_PHONES: '4155550000',
      IDENTITY_JUNK_IDENTIFIERS: 'TBD',
      IDENTITY_JUNK_NAMES: 'Vorname,Nachname',
      IDENTITY_MIN_RECORDS_TO_ESTIMATE: '500',
      IDENTITY_REESTIMATE_GROWTH: '0.5',
      IDENTITY_FULL_RUN_CHANGES: '250',
      IDENTITY_ENGINE_THREADS: '1',
      SEGMENT_FATIGUE_DAYS: '30',
    };
    expect(loadConfig(env)).toEqual({
      nodeEnv: 'test',
      host: '127.0.0.1',
      port: 8080,
      databaseUrl: DB,
      dbPoolSize: 25,
      dbConnectTimeoutMs: 1500,
      dataDir: '/var/lib/tessera',
      embeddedPgPort: 5433,
      seedDemo: false,
      demoCustomers: 100,
      jwt: { secret: SECRET, issuer: 'iss', audience: 'aud', ttlSeconds: 60, clockSkewSeconds: 30, algorithms: ['HS256'] },
      logLevel: 'debug',
      defaultPhoneRegion: 'GB',
      shutdownTimeoutMs: 100,
      identity: {
        matchThreshold: 0.97,
        reviewThreshold: 0.4,
        maxClusterSize: 20,
        maxBlockSize: 300,
        onePerSource: ['salesforce', 'zendesk'],
        deterministicRules: ['exact_identifier'],
        junk: { emails: ['info@acme.com'], phones: ['4155550000'], identifiers: ['TBD'], names: ['Vorname', 'Nachname'] },
        minRecordsToEstimate: 500,
        reestimateGrowth: 0.5,
        fullRunChanges: 250,
        engineThreads: 1,
      },
      graphqlLimits: DEFAULT_LIMITS,
      privacy: { policyFile: undefined, pseudonymKey: undefined },
      survivorship: DEFAULT_SURVIVORSHIP,
      audit: { signingKey: undefined, checkpointDir: undefined, failClosed: true, maxDelayMs: 10, poolSize: 2 },
      segments: { fatigueDays: 30 },
    });
  });

  it('turns the deterministic rules off with none, and names bad identity settings', () => {
    expect(loadConfig({ IDENTITY_DETERMINISTIC_RULES: 'none' }).identity.deterministicRules).toEqual([]);
    expect(problemsOf({ IDENTITY_MATCH_THRESHOLD: '1.5', IDENTITY_DETERMINISTIC_RULES: 'exact_name', IDENTITY_REVIEW_THRESHOLD: 'x' }).problems).toEqual([
      'IDENTITY_MATCH_THRESHOLD must be a number from 0.5 to 0.999999, got "1.5"',
      'IDENTITY_REVIEW_THRESHOLD must be a number from 0.01 to 0.999999, got "x"',
      'IDENTITY_DETERMINISTIC_RULES must list values among exact_identifier, exact_email, exact_phone (or none), got "exact_name"',
    ]);
    expect(problemsOf({ IDENTITY_ENGINE_THREADS: '4' }).problems).toEqual(['IDENTITY_ENGINE_THREADS must be an integer from 1 to 2, got "4"']);
    expect(loadConfig({}).identity.engineThreads).toBe(2);
    expect(problemsOf({ IDENTITY_MATCH_THRESHOLD: '0.6', IDENTITY_REVIEW_THRESHOLD: '0.7' }).problems).toEqual([
      'IDENTITY_REVIEW_THRESHOLD must not be above IDENTITY_MATCH_THRESHOLD',
    ]);
  });

  it('accepts the postgresql: scheme too', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://localhost/db' }).databaseUrl).toBe('postgresql://localhost/db');
  });

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    [' Yes ', true],
    ['false', false],
    ['False', false],
    ['0', false],
    ['no', false],
  ])('SEED_DEMO=%j → %j', (value, expected) => {
    expect(loadConfig({ SEED_DEMO: value }).seedDemo).toBe(expected);
  });

  it.each([['maybe'], ['on'], ['2'], ['Y']])('SEED_DEMO=%j is a problem that names every accepted spelling', (value) => {
    expect(problemsOf({ SEED_DEMO: value }).problems).toEqual([`SEED_DEMO must be true or false (or 1/0, yes/no), got "${value}"`]);
  });

  it.each(['SEED_DEMO', 'AUDIT_FAIL_CLOSED'])('%s reads the same spellings as every boolean', (name) => {
    const read = (value: string) => {
      const config = loadConfig({ [name]: value });
      return name === 'SEED_DEMO' ? config.seedDemo : config.audit.failClosed;
    };
    for (const value of ['true', 'TRUE', '1', 'yes', 'Yes']) expect(read(value)).toBe(true);
    for (const value of ['false', 'False', '0', 'no', 'NO']) expect(read(value)).toBe(false);
    expect(problemsOf({ [name]: 'off' }).problems).toEqual([`${name} must be true or false (or 1/0, yes/no), got "off"`]);
  });

  it.each(['127.0.0.1', '0.0.0.0', '::', '::1', 'fe80::1', 'localhost', 'api.internal', 'host-1.example.com'])('HOST=%j is read as given', (host) => {
    expect(loadConfig({ HOST: host }).host).toBe(host);
  });

  it.each(['999.1.1.1', '10.0.0', '1.2.3.4.5', '[::1]', 'http://0.0.0.0', 'bad_host', '-lead.example.com', '0.0.0.0:4000'])('HOST=%j is a problem', (host) => {
    expect(problemsOf({ HOST: host }).problems).toEqual([`HOST must be an IP address (such as 0.0.0.0, 127.0.0.1 or ::) or a host name, got "${host}"`]);
  });

  it.each([
    ['gb', 'GB'],
    ['DE', 'DE'],
    [' fr ', 'FR'],
  ])('DEFAULT_PHONE_REGION=%j → %s', (value, expected) => {
    expect(loadConfig({ DEFAULT_PHONE_REGION: value }).defaultPhoneRegion).toBe(expected);
  });

  it.each([
    ['XX', 'XX'],
    ['usa', 'USA'],
    ['1', '1'],
  ])('DEFAULT_PHONE_REGION=%j is a problem', (value, shown) => {
    expect(problemsOf({ DEFAULT_PHONE_REGION: value }).problems).toEqual([
      `DEFAULT_PHONE_REGION must be a two-letter country code such as US or GB, got "${shown}"`,
    ]);
  });

  it.each([
    { name: 'PORT', value: 'abc', problem: 'PORT must be an integer from 0 to 65535, got "abc"' },
    { name: 'PORT', value: '65536', problem: 'PORT must be an integer from 0 to 65535, got "65536"' },
    { name: 'PORT', value: '80.5', problem: 'PORT must be an integer from 0 to 65535, got "80.5"' },
    { name: 'DB_POOL_SIZE', value: '0', problem: 'DB_POOL_SIZE must be an integer from 1 to 200, got "0"' },
    { name: 'DB_CONNECT_TIMEOUT_MS', value: '50', problem: 'DB_CONNECT_TIMEOUT_MS must be an integer from 100 to 120000, got "50"' },
    { name: 'EMBEDDED_PG_PORT', value: '80', problem: 'EMBEDDED_PG_PORT must be an integer from 1024 to 65535, got "80"' },
    { name: 'DEMO_CUSTOMERS', value: '-1', problem: 'DEMO_CUSTOMERS must be an integer from 1 to 10000000, got "-1"' },
    { name: 'JWT_TTL_SECONDS', value: '59', problem: 'JWT_TTL_SECONDS must be an integer from 60 to 2592000, got "59"' },
    { name: 'SHUTDOWN_TIMEOUT_MS', value: '600001', problem: 'SHUTDOWN_TIMEOUT_MS must be an integer from 100 to 600000, got "600001"' },
    { name: 'NODE_ENV', value: 'staging', problem: 'NODE_ENV must be one of development, production, test, got "staging"' },
    { name: 'LOG_LEVEL', value: 'loud', problem: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"' },
    { name: 'JWT_SECRET', value: 'short', problem: 'JWT_SECRET must be at least 32 characters long' },
    { name: 'DATABASE_URL', value: 'mysql://u:p@h/db', problem: 'DATABASE_URL must be a URL starting with postgres:// or postgresql://' },
    { name: 'DATABASE_URL', value: 'not a url', problem: 'DATABASE_URL must be a URL starting with postgres:// or postgresql://' },
  ])('$name=$value is reported', ({ name, value, problem }) => {
    const { problems, message } = problemsOf({ [name]: value });
    expect(problems).toEqual([problem]);
    expect(message).toBe(`Invalid configuration:\n  - ${problem}`);
  });

  it('reports every bad variable together, in one error, naming each', () => {
    const { problems, message } = problemsOf({
      PORT: 'http',
      DB_POOL_SIZE: '500',
      SEED_DEMO: 'sometimes',
      LOG_LEVEL: 'verbose',
      DEFAULT_PHONE_REGION: 'ZZ',
      JWT_SECRET: 'too-short',
      DATABASE_URL: 'mysql://admin:hunter2@db/prod',
    });
    expect(problems).toEqual([
      'PORT must be an integer from 0 to 65535, got "http"',
      'DATABASE_URL must be a URL starting with postgres:// or postgresql://',
      'DB_POOL_SIZE must be an integer from 1 to 200, got "500"',
      'SEED_DEMO must be true or false (or 1/0, yes/no), got "sometimes"',
      'JWT_SECRET must be at least 32 characters long',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
      'DEFAULT_PHONE_REGION must be a two-letter country code such as US or GB, got "ZZ"',
    ]);
    expect(message).toBe(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  });

  it.each([['mysql://admin:hunter2@db/prod'], ['postgres//admin:hunter2@db/prod'], ['hunter2']])(
    'never echoes the DATABASE_URL value %j (or its password)',
    (value) => {
      const { message, problems } = problemsOf({ DATABASE_URL: value });
      expect(message).not.toContain(value);
      expect(message).not.toContain('hunter2');
      expect(problems.join('\n')).not.toContain('hunter2');
    },
  );

  it('refuses an AUDIT_SIGNING_KEY that is not an Ed25519 private key at load, naming the variable and not the value', () => {
    for (const key of ['abcdefghijklmnopqrstuvwxyzabcdefghijklmn', (generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string).trim()]) {
      const { problems, message } = problemsOf({ AUDIT_SIGNING_KEY: key });
      expect(problems).toEqual([expect.stringMatching(/^AUDIT_SIGNING_KEY must be an Ed25519 private key, PKCS#8 PEM or base64 of its DER \(/)]);
      expect(message).not.toContain(key.slice(0, 20));
    }
    expect(loadConfig({ AUDIT_SIGNING_KEY: AUDIT_KEY }).audit.signingKey).toBe(AUDIT_KEY);
  });

  it('reads AUDIT_PUBLIC_KEYS_FILE, the retired keys checkpoints may be signed with, and refuses one it cannot use, naming it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-keys-'));
    const file = (name: string, text: string) => {
      writeFileSync(path.join(dir, name), text);
      return path.join(dir, name);
    };
    const pair = generateKeyPairSync('ed25519');
    const good = file('retired.pem', pair.publicKey.export({ type: 'spki', format: 'pem' }) as string);
    expect(loadConfig({ AUDIT_PUBLIC_KEYS_FILE: good }).audit.publicKeysFile).toBe(good);
    const secret = file('private.pem', pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    expect(problemsOf({ AUDIT_PUBLIC_KEYS_FILE: secret }).problems).toEqual([expect.stringMatching(/^AUDIT_PUBLIC_KEYS_FILE \S+private\.pem holds a private key/)]);
    expect(problemsOf({ AUDIT_PUBLIC_KEYS_FILE: path.join(dir, 'none.pem') }).problems).toEqual([expect.stringMatching(/^AUDIT_PUBLIC_KEYS_FILE \S+none\.pem cannot be read: ENOENT$/)]);
  });

  it('never echoes a too-short JWT_SECRET', () => {
    expect(problemsOf({ JWT_SECRET: 'sekrit-value' }).message).not.toContain('sekrit-value');
  });

  describe('production', () => {
    it('requires DATABASE_URL and a JWKS or JWT_SECRET, both reported together', () => {
      expect(problemsOf({ NODE_ENV: 'production', AUDIT_SIGNING_KEY: AUDIT_KEY }).problems).toEqual([
        'JWKS_FILE or JWKS_URL (or JWT_SECRET for HS256) is required when NODE_ENV=production (no development secret is generated)',
        'DATABASE_URL is required when NODE_ENV=production (the embedded database is for development)',
      ]);
    });

    it.each([
      { env: { DATABASE_URL: DB }, missing: 'JWKS_FILE or JWKS_URL (or JWT_SECRET for HS256) is required when NODE_ENV=production (no development secret is generated)' },
      { env: { JWT_SECRET: SECRET }, missing: 'DATABASE_URL is required when NODE_ENV=production (the embedded database is for development)' },
    ])('reports the one that is missing', ({ env, missing }) => {
      expect(problemsOf({ NODE_ENV: 'production', AUDIT_SIGNING_KEY: AUDIT_KEY, ...env }).problems).toEqual([missing]);
    });

    it('loads with both set; the demo is not seeded by default', () => {
      expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: DB, JWT_SECRET: SECRET, AUDIT_SIGNING_KEY: AUDIT_KEY })).toEqual({
        ...DEFAULTS,
        nodeEnv: 'production',
        databaseUrl: DB,
        seedDemo: false,
        jwt: { ...DEFAULTS.jwt, secret: SECRET },
        audit: { ...DEFAULTS.audit, signingKey: AUDIT_KEY },
      });
    });

    it('still seeds the demo when SEED_DEMO says so', () => {
      expect(loadConfig({ NODE_ENV: 'production', DATABASE_URL: DB, JWT_SECRET: SECRET, SEED_DEMO: 'true', AUDIT_SIGNING_KEY: AUDIT_KEY }).seedDemo).toBe(true);
    });

    it('does not require DATABASE_URL or JWT_SECRET in test', () => {
      expect(loadConfig({ NODE_ENV: 'test' })).toEqual({ ...DEFAULTS, nodeEnv: 'test' });
    });
  });

  it('reads the access-log retention, and checks it', () => {
    expect(loadConfig({}).audit.retentionDays).toBeUndefined();
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '400' }).audit.retentionDays).toBe(400);
    expect(problemsOf({ AUDIT_RETENTION_DAYS: '0' }).problems).toEqual(['AUDIT_RETENTION_DAYS must be an integer from 1 to 36500, got "0"']);
  });

  it('reads the access log\'s own database user and pool size', () => {
    const url = 'postgres://tessera_audit:pw@db.internal:5432/tessera';
    expect(loadConfig({ AUDIT_DATABASE_URL: url, AUDIT_DB_POOL_SIZE: '3' }).audit).toMatchObject({ databaseUrl: url, poolSize: 3 });
    expect(problemsOf({ AUDIT_DATABASE_URL: 'mysql://x/y', AUDIT_DB_POOL_SIZE: '0' }).problems).toHaveLength(2);
  });

  it('reads the contact-fatigue window of segments (0 turns it off) and names a bad one', () => {
    expect(loadConfig({ SEGMENT_FATIGUE_DAYS: '0' }).segments).toEqual({ fatigueDays: 0 });
    expect(problemsOf({ SEGMENT_FATIGUE_DAYS: '-1' }).problems).toEqual(['SEGMENT_FATIGUE_DAYS must be an integer from 0 to 365, got "-1"']);
  });

  it('reads the privacy policy file and pseudonym key, and checks them', () => {
    const key = 'k'.repeat(40);
    expect(loadConfig({ PRIVACY_POLICY_FILE: 'src/privacy/policy.json', PSEUDONYM_KEY: key }).privacy).toEqual({
      policyFile: 'src/privacy/policy.json',
      pseudonymKey: key,
    });
    expect(problemsOf({ PRIVACY_POLICY_FILE: '/nope/policy.json' }).problems.join('\n')).toContain('PRIVACY_POLICY_FILE must name a readable JSON file');
    expect(problemsOf({ PSEUDONYM_KEY: 'short' }).problems.join('\n')).toContain('PSEUDONYM_KEY');
    const production = { NODE_ENV: 'production', DATABASE_URL: 'postgres://db/x', JWKS_FILE: '/etc/jwks.json', AUDIT_SIGNING_KEY: AUDIT_KEY };
    expect(problemsOf(production).problems).toEqual([
      'PSEUDONYM_KEY is required when NODE_ENV=production and JWT_SECRET is not set (pseudonyms need a deployment key)',
    ]);
    expect(loadConfig({ ...production, PSEUDONYM_KEY: key }).privacy.pseudonymKey).toBe(key);
  });

  it('reads the survivorship rules of SURVIVORSHIP_FILE, and lists every problem of a bad file naming the variable', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'tessera-config-survivorship-'));
    const good = path.join(dir, 'good.json');
    const attributes = { name: { rules: ['most_recent'] }, birthDate: { rules: ['most_recent'] }, emails: { rules: ['most_recent'] }, phones: { rules: ['most_recent'] }, addresses: { rules: ['most_recent'] } };
    writeFileSync(good, JSON.stringify({ attributes }));
    expect(loadConfig({ SURVIVORSHIP_FILE: good }).survivorship.name).toEqual([{ rule: 'most_recent' }]);
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ attributes: { ...attributes, name: { rules: ['newest'] }, phones: undefined } }));
    const { problems, message } = problemsOf({ SURVIVORSHIP_FILE: bad, PORT: 'x' });
    expect(problems).toEqual([
      'PORT must be an integer from 0 to 65535, got "x"',
      expect.stringContaining(`SURVIVORSHIP_FILE ("${bad}"): attributes.name.rules[0]: unknown rule "newest" (known: source_priority, most_recent`),
      `SURVIVORSHIP_FILE ("${bad}"): attributes.phones is missing (every attribute needs its rules)`,
    ]);
    expect(message).toMatch(/^Invalid configuration:/);
    expect(problemsOf({ SURVIVORSHIP_FILE: path.join(dir, 'nope.json') }).problems).toEqual([`SURVIVORSHIP_FILE ("${path.join(dir, 'nope.json')}"): cannot be read (ENOENT)`]);
  });
});
