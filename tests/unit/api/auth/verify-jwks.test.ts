import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { KeySet } from '../../../../src/api/auth/key-set';
import { TokenError } from '../../../../src/api/auth/token-error';
import { verifyToken, verifyTokenSync, type VerifySettings } from '../../../../src/api/auth/verify-token';
import { AUDIENCE, claims, ecKey, ISSUER, jwksOf, rsaKey, signWith } from '../../../setup/jwks-fixtures';

const rsa = rsaKey('rsa-1');
const ec = ecKey('ec-1');
const stranger = rsaKey('rsa-1'); // same kid, another key: an attacker's guess
const dir = mkdtempSync(path.join(tmpdir(), 'tessera-jwks-'));
const file = path.join(dir, 'jwks.json');
writeFileSync(file, JSON.stringify(jwksOf(rsa, ec)));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const keys = new KeySet({ source: { file }, cacheSeconds: 600, refetchCooldownSeconds: 30 });
const JWKS_ONLY: VerifySettings = { issuer: ISSUER, audience: AUDIENCE, keys };
const SECRET = 's'.repeat(32);
const BOTH: VerifySettings = { ...JWKS_ONLY, secret: SECRET, algorithms: ['HS256', 'RS256', 'ES256'] };
const now = () => Math.floor(Date.now() / 1000);
const VIEWER = { subject: 'user-1', roles: ['analyst'], purpose: 'analytics', purposes: ['analytics'] };

/** A token with exactly this header and payload, signed by `sign` over the signing input. */
function forge(header: Record<string, unknown>, payload: Record<string, unknown>, sign: (input: string) => string = () => ''): string {
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const input = `${enc(header)}.${enc(payload)}`;
  return `${input}.${sign(input)}`;
}
const hmac = (key: string | Buffer) => (input: string) => createHmac('sha256', key).update(input).digest('base64url');
const rsaPem = rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string;

async function reasonOf(token: string, settings: VerifySettings = JWKS_ONLY): Promise<string> {
  const error = await verifyToken(settings, token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenError);
  expect((error as TokenError).message).toBe('invalid or missing bearer token');
  return (error as TokenError).reason;
}

describe('verifyToken against a JWKS', () => {
  it.each([
    ['RS256', () => signWith(rsa)],
    ['ES256', () => signWith(ec)],
    ['an audience list that includes ours', () => signWith(ec, claims({ aud: ['other', AUDIENCE] }))],
    ['nbf within the skew', () => signWith(rsa, claims({ nbf: now() + 20 }))],
  ])('accepts %s', async (_name, token) => {
    await expect(verifyToken(JWKS_ONLY, token())).resolves.toEqual(VIEWER);
  });

  it('verifies synchronously once the key set is loaded', async () => {
    await keys.load();
    expect(verifyTokenSync(JWKS_ONLY, signWith(ec))).toEqual(VIEWER);
  });

  it.each([
    { name: 'alg none', token: () => forge({ alg: 'none', typ: 'JWT', kid: 'rsa-1' }, claims()), reason: 'algorithm none is not accepted' },
    { name: 'alg None', token: () => forge({ alg: 'None', kid: 'rsa-1' }, claims()), reason: 'algorithm None is not accepted' },
    { name: 'no alg', token: () => forge({ kid: 'rsa-1' }, claims()), reason: 'algorithm undefined is not accepted' },
    // HS/RS confusion: the attacker HMACs with the public key, hoping it is used as a secret.
    { name: 'HS256 keyed with the RSA public key PEM', token: () => forge({ alg: 'HS256', typ: 'JWT', kid: 'rsa-1' }, claims(), hmac(rsaPem)), reason: 'algorithm HS256 is not accepted' },
    { name: 'RS384 (not pinned)', token: () => signWith(rsa, claims(), { alg: 'RS384' }), reason: 'algorithm RS384 is not accepted' },
    { name: 'PS256 (not pinned)', token: () => signWith(rsa, claims(), { alg: 'PS256' }), reason: 'algorithm PS256 is not accepted' },
    { name: 'ES384 header', token: () => forge({ alg: 'ES384', kid: 'ec-1' }, claims(), () => 'AAAA'), reason: 'algorithm ES384 is not accepted' },
    { name: 'RS256 naming the kid of an ES256 key', token: () => signWith(rsa, claims(), { kid: 'ec-1' }), reason: 'kid "ec-1" is an ES256 key, the token says RS256' },
    { name: 'ES256 naming the kid of an RS256 key', token: () => signWith(ec, claims(), { kid: 'rsa-1' }), reason: 'kid "rsa-1" is an RS256 key, the token says ES256' },
    { name: 'an unknown kid', token: () => signWith(rsaKey('nope')), reason: 'unknown kid "nope"' },
    { name: 'no kid', token: () => signWith(ec, claims(), { kid: undefined }), reason: 'ES256 token without kid' },
    { name: 'a numeric kid', token: () => signWith(ec, claims(), { kid: 7 }), reason: 'kid must be a string' },
    { name: 'a known kid signed by another key', token: () => signWith(stranger), reason: 'invalid signature' },
    { name: 'a tampered payload', token: () => { const [h, , s] = signWith(ec).split('.'); return `${h}.${Buffer.from(JSON.stringify(claims({ roles: ['admin'] }))).toString('base64url')}.${s}`; }, reason: 'invalid signature' },
    { name: 'typ at+jwt', token: () => signWith(rsa, claims(), { typ: 'at+jwt' }), reason: 'unexpected typ at+jwt' },
    { name: 'typ JWS', token: () => signWith(ec, claims(), { typ: 'JWS' }), reason: 'unexpected typ JWS' },
    { name: 'an embedded jwk header (its key is never used)', token: () => signWith(stranger, claims(), { jwk: stranger.jwk }), reason: 'invalid signature' },
    { name: 'a jku header (never fetched)', token: () => signWith(rsaKey('elsewhere'), claims(), { jku: 'http://127.0.0.1:9/jwks.json' }), reason: 'unknown kid "elsewhere"' },
    { name: 'missing exp', token: () => signWith(rsa, claims({ exp: undefined })), reason: 'exp is required' },
    { name: 'expired beyond the skew', token: () => signWith(rsa, claims({ exp: now() - 60 })), reason: 'jwt expired' },
    { name: 'nbf beyond the skew', token: () => signWith(rsa, claims({ nbf: now() + 120 })), reason: 'jwt not active' },
    { name: 'iat beyond the skew', token: () => signWith(rsa, claims({ iat: now() + 120, exp: now() + 900 })), reason: 'iat is in the future' },
    { name: 'another issuer', token: () => signWith(ec, claims({ iss: 'https://evil.example.com/' })), reason: `jwt issuer invalid. expected: ${ISSUER}` },
    { name: 'another audience', token: () => signWith(ec, claims({ aud: 'billing-api' })), reason: `jwt audience invalid. expected: ${AUDIENCE}` },
    { name: 'missing sub', token: () => signWith(ec, claims({ sub: undefined })), reason: 'sub is required' },
    { name: 'an unknown role', token: () => signWith(ec, claims({ roles: ['superuser'] })), reason: 'unknown role "superuser"' },
  ])('refuses $name', async ({ token, reason }) => {
    expect(await reasonOf(token())).toBe(reason);
  });

  it('with HS256 also accepted, still refuses a token keyed with the public key, or HS256 naming a JWKS kid', async () => {
    expect(await reasonOf(forge({ alg: 'HS256', typ: 'JWT', kid: 'rsa-1' }, claims(), hmac(rsaPem)), BOTH)).toBe('invalid signature');
    // jsonwebtoken itself would refuse the RSA KeyObject for HS256; we never hand it one.
    await expect(verifyToken(BOTH, jwt.sign(claims(), SECRET, { algorithm: 'HS256', keyid: 'rsa-1' }))).resolves.toEqual(VIEWER);
  });

  it('refuses RS256 when only HS256 is configured, and HS256 when only the JWKS is', async () => {
    expect(await reasonOf(signWith(rsa), { issuer: ISSUER, audience: AUDIENCE, secret: SECRET })).toBe('algorithm RS256 is not accepted');
    expect(await reasonOf(jwt.sign(claims(), SECRET, { algorithm: 'HS256' }))).toBe('algorithm HS256 is not accepted');
  });

  it('refuses an algorithm listed but without a key', async () => {
    const listed: VerifySettings = { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256', 'ES256'] };
    expect(await reasonOf(signWith(ec), listed)).toBe('no JWKS is configured');
    expect(await reasonOf(jwt.sign(claims(), SECRET, { algorithm: 'HS256' }), listed)).toBe('no HS256 secret is configured');
  });

  it('uses the configured skew for exp, nbf and iat', async () => {
    const strict: VerifySettings = { ...JWKS_ONLY, clockSkewSeconds: 0 };
    expect(await reasonOf(signWith(ec, claims({ exp: now() - 2 })), strict)).toBe('jwt expired');
    expect(await reasonOf(signWith(ec, claims({ nbf: now() + 5 })), strict)).toBe('jwt not active');
    expect(await reasonOf(signWith(ec, claims({ iat: now() + 5 })), strict)).toBe('iat is in the future');
    const lax: VerifySettings = { ...JWKS_ONLY, clockSkewSeconds: 120 };
    await expect(verifyToken(lax, signWith(ec, claims({ exp: now() - 60, nbf: now() + 60, iat: now() + 60 })))).resolves.toEqual(VIEWER);
  });
});
