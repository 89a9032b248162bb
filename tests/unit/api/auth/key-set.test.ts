import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { KeySet } from '../../../../src/api/auth/key-set';
import { TokenError } from '../../../../src/api/auth/token-error';
import { verifyToken, verifyTokenSync, type VerifySettings } from '../../../../src/api/auth/verify-token';
import { AUDIENCE, ecKey, ISSUER, jwksOf, signWith, type TestKey } from '../../../setup/jwks-fixtures';

const old = ecKey('2024');
const rotated = ecKey('2025');
let dir: string;
let file: string;
let clock: number;
let warnings: string[];
const publish = (...keys: TestKey[]) => writeFileSync(file, JSON.stringify(jwksOf(...keys)));

/** A key set over a file we rewrite, on a clock we move: cache 600 s, refetch at most every 30 s. */
function setup(): { keys: KeySet; settings: VerifySettings } {
  const keys = new KeySet({ source: { file }, cacheSeconds: 600, refetchCooldownSeconds: 30, now: () => clock, warn: (m) => warnings.push(m) });
  return { keys, settings: { issuer: ISSUER, audience: AUDIENCE, keys } };
}

async function reasonOf(settings: VerifySettings, token: string): Promise<string | undefined> {
  return verifyToken(settings, token).then(
    () => undefined,
    (e: unknown) => (e instanceof TokenError ? e.reason : String(e)),
  );
}

function accepts(settings: VerifySettings, token: string): boolean {
  try {
    return Boolean(verifyTokenSync(settings, token));
  } catch {
    return false;
  }
}

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'tessera-keyset-'));
  file = path.join(dir, 'jwks.json');
  clock = 1_000_000;
  warnings = [];
  publish(old);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('KeySet rotation and caching', () => {
  it('accepts a new kid once the key set publishes it (one refetch)', async () => {
    const { settings } = setup();
    expect(await reasonOf(settings, signWith(old))).toBeUndefined();
    publish(old, rotated);
    clock += 31_000;
    expect(await reasonOf(settings, signWith(rotated))).toBeUndefined();
    expect(await reasonOf(settings, signWith(old))).toBeUndefined();
  });

  it('refetches at most once per cooldown for unknown kids', async () => {
    const { settings } = setup();
    expect(await reasonOf(settings, signWith(old))).toBeUndefined(); // first load at t0
    clock += 31_000;
    expect(await reasonOf(settings, signWith(ecKey('made-up-1')))).toBe('unknown kid "made-up-1"'); // refetch at t0+31
    publish(old, rotated);
    clock += 10_000;
    // Within the cooldown the file is not read again, so even the real new key waits.
    expect(await reasonOf(settings, signWith(rotated))).toBe('unknown kid "2025"');
    expect(await reasonOf(settings, signWith(ecKey('made-up-2')))).toBe('unknown kid "made-up-2"');
    clock += 21_000;
    expect(await reasonOf(settings, signWith(rotated))).toBeUndefined();
  });

  it('drops a retired key once the cache expires', async () => {
    const { settings } = setup();
    expect(await reasonOf(settings, signWith(old))).toBeUndefined();
    publish(rotated);
    clock += 599_000;
    expect(await reasonOf(settings, signWith(old))).toBeUndefined(); // still cached
    clock += 1_000;
    expect(await reasonOf(settings, signWith(old))).toBe('unknown kid "2024"');
  });

  it('keeps the keys it has when a refetch fails, and says so', async () => {
    const { settings } = setup();
    expect(await reasonOf(settings, signWith(old))).toBeUndefined();
    writeFileSync(file, '{ not json');
    clock += 600_000;
    expect(await reasonOf(settings, signWith(old))).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/^JWKS fetch from .*jwks\.json failed: /)]);
  });

  it('refuses every token while it has never read a key set', async () => {
    rmSync(file);
    const { settings } = setup();
    expect(await reasonOf(settings, signWith(old))).toMatch(/^key set unavailable: ENOENT/);
  });

  it('warns about keys it leaves out', async () => {
    writeFileSync(file, JSON.stringify({ keys: [old.jwk, { ...rotated.jwk, use: 'enc' }] }));
    await setup().keys.load();
    expect(warnings).toEqual(['JWKS keys left out: key 1: kid 2025: use is enc, not sig']);
  });

  it('load() fails with the source and the cause, for a start-up check', async () => {
    writeFileSync(file, JSON.stringify({ keys: [] }));
    await expect(setup().keys.load()).rejects.toThrow(`cannot read the JWKS from ${file}: the JWKS has no usable RS256 or ES256 signing key`);
  });

  it('sync verification uses the cache and fetches an unknown kid in the background', async () => {
    const { keys, settings } = setup();
    expect(() => verifyTokenSync(settings, signWith(old))).toThrow(TokenError); // nothing loaded yet; starts a fetch
    await keys.load();
    expect(verifyTokenSync(settings, signWith(old)).subject).toBe('user-1');
    publish(old, rotated);
    clock += 31_000;
    expect(() => verifyTokenSync(settings, signWith(rotated))).toThrow(TokenError);
    // The background read of the file: poll briefly rather than guess how long it takes.
    for (let i = 0; i < 100 && !accepts(settings, signWith(rotated)); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(verifyTokenSync(settings, signWith(rotated)).subject).toBe('user-1');
  });
});
