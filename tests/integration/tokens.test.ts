import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KeySet } from '../../src/api/auth/key-set';
import { TokenError } from '../../src/api/auth/token-error';
import { verifyToken, type VerifySettings } from '../../src/api/auth/verify-token';
import { AUDIENCE, claims, ecKey, ISSUER, jwksOf, rsaKey, signWith, type TestKey } from '../setup/jwks-fixtures';

/** A real HTTP server standing in for an identity provider's JWKS endpoint; counts what it serves. */
class JwksServer {
  hits = 0;
  body = '';
  status = 200;
  redirectTo?: string;
  private readonly server = http.createServer((req, res) => {
    this.hits += 1;
    if (this.redirectTo) {
      res.writeHead(302, { location: this.redirectTo }).end();
      return;
    }
    res.writeHead(this.status, { 'content-type': 'application/json' }).end(this.body);
  });
  publish(...keys: TestKey[]): void {
    this.body = JSON.stringify(jwksOf(...keys));
  }
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  }
  async stop(): Promise<void> {
    await new Promise((resolve) => this.server.close(resolve));
  }
}

const current = rsaKey('2025-rsa');
const next = ecKey('2026-ec');
let idp: JwksServer;
let attacker: JwksServer;
let url: string;
let attackerUrl: string;
let clock: number;

function settingsFor(jwksUrl: string): VerifySettings {
  const keys = new KeySet({ source: { url: jwksUrl }, cacheSeconds: 600, refetchCooldownSeconds: 30, timeoutMs: 2000, now: () => clock });
  return { issuer: ISSUER, audience: AUDIENCE, keys };
}

async function reasonOf(settings: VerifySettings, token: string): Promise<string | undefined> {
  return verifyToken(settings, token).then(
    () => undefined,
    (e: unknown) => (e instanceof TokenError ? e.reason : `not a TokenError: ${String(e)}`),
  );
}

beforeAll(async () => {
  idp = new JwksServer();
  attacker = new JwksServer();
  url = await idp.start();
  attackerUrl = await attacker.start();
});
afterAll(async () => {
  await idp.stop();
  await attacker.stop();
});
beforeEach(() => {
  idp.hits = 0;
  idp.status = 200;
  idp.redirectTo = undefined;
  idp.publish(current);
  clock = 5_000_000;
});

describe('tokens verified against a JWKS URL', () => {
  it('fetches the key set once for many concurrent first requests', async () => {
    const settings = settingsFor(url);
    const viewers = await Promise.all(Array.from({ length: 10 }, () => verifyToken(settings, signWith(current))));
    expect(viewers.every((v) => v.subject === 'user-1')).toBe(true);
    expect(idp.hits).toBe(1);
  });

  it('accepts a key that appears after rotation, with one refetch', async () => {
    const settings = settingsFor(url);
    expect(await reasonOf(settings, signWith(current))).toBeUndefined();
    idp.publish(current, next);
    clock += 60_000;
    expect(await reasonOf(settings, signWith(next))).toBeUndefined();
    expect(await reasonOf(settings, signWith(current))).toBeUndefined();
    expect(idp.hits).toBe(2);
  });

  it('turns a flood of made-up kids into at most one refetch per cooldown', async () => {
    const settings = settingsFor(url);
    expect(await reasonOf(settings, signWith(current))).toBeUndefined();
    clock += 60_000;
    const forged = Array.from({ length: 25 }, (_, i) => signWith(ecKey(`made-up-${i}`)));
    const reasons = await Promise.all(forged.map((token) => reasonOf(settings, token)));
    expect(reasons).toEqual(forged.map((_, i) => `unknown kid "made-up-${i}"`));
    expect(idp.hits).toBe(2);
    clock += 10_000;
    expect(await reasonOf(settings, signWith(ecKey('made-up-late')))).toBe('unknown kid "made-up-late"');
    expect(idp.hits).toBe(2);
  });

  it('never fetches a key from a URL the token names (jku)', async () => {
    const intruder = rsaKey('2025-rsa');
    attacker.publish(intruder);
    const settings = settingsFor(url);
    expect(await reasonOf(settings, signWith(intruder, undefined, { jku: attackerUrl }))).toBe('invalid signature');
    expect(await reasonOf(settings, signWith(rsaKey('evil'), undefined, { jku: attackerUrl }))).toBe('unknown kid "evil"');
    expect(attacker.hits).toBe(0);
  });

  it('keeps serving with the keys it has when the endpoint fails', async () => {
    const settings = settingsFor(url);
    expect(await reasonOf(settings, signWith(current))).toBeUndefined();
    idp.status = 503;
    clock += 600_000;
    // another token (verified tokens are remembered), so the key set's expiry is what is tested
    expect(await reasonOf(settings, signWith(current, claims({ sub: 'user-2' })))).toBeUndefined();
    expect(idp.hits).toBe(2);
  });

  it('refuses every token while the endpoint has never answered', async () => {
    idp.status = 500;
    expect(await reasonOf(settingsFor(url), signWith(current))).toBe('key set unavailable: HTTP 500');
  });

  it('does not follow a redirect to somewhere else', async () => {
    attacker.publish(current);
    idp.redirectTo = attackerUrl;
    expect(await reasonOf(settingsFor(url), signWith(current))).toMatch(/^key set unavailable: /);
    expect(attacker.hits).toBe(0);
  });

  it('load() names the URL and the cause at start-up', async () => {
    idp.body = '<html>';
    await expect(settingsFor(url).keys!.load()).rejects.toThrow(new RegExp(`^cannot read the JWKS from ${url.replace(/\./g, '\\.')}: `));
  });
});
