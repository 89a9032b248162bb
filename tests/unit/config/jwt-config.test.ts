import { testSigningKey } from '../../setup/audit-fixtures';
import { ConfigError, loadConfig } from '../../../src/config/config';

const SECRET = 'x'.repeat(32);
const DB = 'postgres://tessera@db.internal:5432/tessera';
const PROD = { NODE_ENV: 'production', DATABASE_URL: DB, PSEUDONYM_KEY: 'p'.repeat(40), AUDIT_SIGNING_KEY: testSigningKey() };
const JWKS_DEFAULTS = { cacheSeconds: 600, refetchCooldownSeconds: 30 };

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('token configuration', () => {
  it.each([
    { name: 'development: HS256 with the generated secret', env: {}, algorithms: ['HS256'] },
    { name: 'development with a JWKS: dev tokens keep working', env: { JWKS_FILE: '/etc/jwks.json' }, algorithms: ['HS256', 'RS256', 'ES256'] },
    { name: 'production with a JWKS: no HS256', env: { ...PROD, JWKS_URL: 'https://idp.example.com/jwks' }, algorithms: ['RS256', 'ES256'] },
    { name: 'production with a JWKS and a secret: still no HS256', env: { ...PROD, JWKS_FILE: '/etc/jwks.json', JWT_SECRET: SECRET }, algorithms: ['RS256', 'ES256'] },
    { name: 'production with a secret only: HS256', env: { ...PROD, JWT_SECRET: SECRET }, algorithms: ['HS256'] },
    { name: 'production, HS256 named explicitly beside a JWKS', env: { ...PROD, JWKS_FILE: '/j', JWT_SECRET: SECRET, JWT_ALGORITHMS: 'ES256,HS256' }, algorithms: ['ES256', 'HS256'] },
    { name: 'only ES256', env: { JWKS_FILE: '/j', JWT_ALGORITHMS: 'ES256' }, algorithms: ['ES256'] },
  ])('accepts $name', ({ env, algorithms }) => {
    expect(loadConfig(env).jwt.algorithms).toEqual(algorithms);
  });

  it('reads the JWKS source, cache, cooldown and clock skew', () => {
    const env = { JWKS_URL: 'http://127.0.0.1:8080/jwks', JWKS_CACHE_SECONDS: '60', JWKS_REFETCH_COOLDOWN_SECONDS: '5', JWT_CLOCK_SKEW_SECONDS: '0' };
    expect(loadConfig(env).jwt).toMatchObject({ clockSkewSeconds: 0, jwks: { source: { url: 'http://127.0.0.1:8080/jwks' }, cacheSeconds: 60, refetchCooldownSeconds: 5 } });
    expect(loadConfig({ JWKS_FILE: '/etc/tessera/jwks.json' }).jwt.jwks).toEqual({ source: { file: '/etc/tessera/jwks.json' }, ...JWKS_DEFAULTS });
    expect(loadConfig({}).jwt.jwks).toBeUndefined();
  });

  it.each([
    { env: { JWKS_FILE: '/a', JWKS_URL: 'https://idp/jwks' }, problem: 'set JWKS_FILE or JWKS_URL, not both' },
    { env: { JWKS_URL: 'ftp://idp/jwks' }, problem: 'JWKS_URL must be a URL starting with https:// or http://' },
    { env: { ...PROD, JWKS_URL: 'http://idp/jwks' }, problem: 'JWKS_URL must start with https:// when NODE_ENV=production' },
    { env: { JWT_ALGORITHMS: 'RS256' }, problem: 'JWT_ALGORITHMS lists RS256, which needs JWKS_FILE or JWKS_URL' },
    { env: { JWT_ALGORITHMS: 'HS256,RS256,ES256' }, problem: 'JWT_ALGORITHMS lists RS256, ES256, which needs JWKS_FILE or JWKS_URL' },
    { env: { JWT_ALGORITHMS: 'none' }, problem: 'JWT_ALGORITHMS must name at least one of HS256, RS256, ES256' },
    { env: { JWT_ALGORITHMS: 'RS384' }, problem: 'JWT_ALGORITHMS must list values among HS256, RS256, ES256 (or none), got "RS384"' },
    { env: { JWT_ALGORITHMS: 'none,HS256' }, problem: 'JWT_ALGORITHMS must list values among HS256, RS256, ES256 (or none), got "none"' },
    { env: { ...PROD, JWKS_FILE: '/j', JWT_ALGORITHMS: 'HS256' }, problem: 'JWT_ALGORITHMS lists HS256, which needs JWT_SECRET when NODE_ENV=production' },
    { env: { JWT_CLOCK_SKEW_SECONDS: '301' }, problem: 'JWT_CLOCK_SKEW_SECONDS must be an integer from 0 to 300, got "301"' },
    { env: { JWKS_CACHE_SECONDS: '5' }, problem: 'JWKS_CACHE_SECONDS must be an integer from 10 to 86400, got "5"' },
    { env: { JWKS_REFETCH_COOLDOWN_SECONDS: '0' }, problem: 'JWKS_REFETCH_COOLDOWN_SECONDS must be an integer from 1 to 3600, got "0"' },
  ])('reports $problem', ({ env, problem }) => {
    expect(problemsOf(env)).toEqual([problem]);
  });
});
