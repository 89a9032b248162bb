import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../src/config/config';
import { checkStartupSettings } from '../../../src/config/startup-checks';
import { testSigningKey } from '../../setup/audit-fixtures';
import { ecKey, jwksOf, rsaKey } from '../../setup/jwks-fixtures';

const PROD = { NODE_ENV: 'production', DATABASE_URL: 'postgres://tessera@db.internal/tessera', PSEUDONYM_KEY: 'p'.repeat(40), AUDIT_SIGNING_KEY: testSigningKey() };

/** The problems checkStartupSettings reports for `env`, [] when it accepts it. */
async function problemsAtStart(env: NodeJS.ProcessEnv): Promise<string[]> {
  const error = await checkStartupSettings(loadConfig(env)).then(() => undefined, (e: unknown) => e);
  if (error === undefined) return [];
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

describe('settings checked at start', () => {
  let tmp: string;
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'tessera-start-'));
  });
  afterAll(async () => rm(tmp, { recursive: true, force: true }));

  const file = async (name: string, content: string) => {
    const at = path.join(tmp, name);
    await writeFile(at, content);
    return at;
  };
  const jwksProblem = (at: string, why: string) => `JWKS_FILE must name a readable JWKS file with at least one RS256 or ES256 key, got "${at}": ${why}`;

  it('accepts a JWKS file with a usable key, in production and in development', async () => {
    const at = await file('good.json', JSON.stringify(jwksOf(rsaKey('r1'), ecKey('e1'))));
    expect(await problemsAtStart({ ...PROD, JWKS_FILE: at })).toEqual([]);
    expect(await problemsAtStart({ JWKS_FILE: at })).toEqual([]);
  });

  it('refuses a JWKS_FILE that is not there, in production (where it was only logged) and in development', async () => {
    const at = path.join(tmp, 'missing.json');
    expect(await problemsAtStart({ ...PROD, JWKS_FILE: at })).toEqual([jwksProblem(at, 'no such file')]);
    expect(await problemsAtStart({ JWKS_FILE: at })).toEqual([jwksProblem(at, 'no such file')]);
  });

  it('says what is wrong with a JWKS file it can read', async () => {
    await mkdir(path.join(tmp, 'a-dir'));
    const cases: [string, string][] = [
      [path.join(tmp, 'a-dir'), 'it is a directory'],
      [await file('secret.pem', '-----BEGIN PRIVATE KEY-----\nMC4CAQ'), 'it is not JSON'],
      [await file('no-keys.json', '{"issuer": "x"}'), 'a JWKS must be a JSON object with a "keys" array'],
      [await file('empty.json', '{"keys": []}'), 'the JWKS has no usable RS256 or ES256 signing key'],
      [await file('hs.json', '{"keys": [{"kty": "oct", "kid": "h", "k": "c2VjcmV0"}]}'), 'the JWKS has no usable RS256 or ES256 signing key (key 0: kid h: kty oct, crv undefined, alg undefined is not RS256 or ES256)'],
    ];
    for (const [at, why] of cases) expect(await problemsAtStart({ ...PROD, JWKS_FILE: at })).toEqual([jwksProblem(at, why)]);
    expect((await problemsAtStart({ ...PROD, JWKS_FILE: path.join(tmp, 'secret.pem') })).join()).not.toContain('MC4CAQ');
  });

  it('leaves JWKS_URL to the fetch at start (logged; the identity provider may be down for a moment)', async () => {
    expect(await problemsAtStart({ ...PROD, JWKS_URL: 'https://127.0.0.1:1/jwks' })).toEqual([]);
  });

  it('reports a JWKS_FILE and an AUDIT_CHECKPOINT_DIR problem together', async () => {
    const blocker = await file('blocker', 'x');
    const missing = path.join(tmp, 'missing.json');
    expect(await problemsAtStart({ ...PROD, JWKS_FILE: missing, AUDIT_CHECKPOINT_DIR: path.join(blocker, 'cp') })).toEqual([
      `AUDIT_CHECKPOINT_DIR must be a directory Tessera can write in, got "${path.join(blocker, 'cp')}": ${blocker} is a file, not a directory`,
      jwksProblem(missing, 'no such file'),
    ]);
  });
});
