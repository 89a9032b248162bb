import { generateKeyPairSync } from 'node:crypto';
import { parseJwks } from '../../../../src/api/auth/jwks';
import { ecKey, jwksOf, rsaKey } from '../../../setup/jwks-fixtures';

const rsa = rsaKey('rsa-1');
const ec = ecKey('ec-1');

describe('parseJwks', () => {
  it('keeps RSA keys for RS256 and P-256 keys for ES256, by kid', () => {
    const { keys, skipped } = parseJwks(jwksOf(rsa, ec));
    expect([...keys.values()].map((k) => [k.kid, k.alg, k.key.asymmetricKeyType])).toEqual([
      ['rsa-1', 'RS256', 'rsa'],
      ['ec-1', 'ES256', 'ec'],
    ]);
    expect(skipped).toEqual([]);
  });

  it('infers the algorithm when a key does not name one', () => {
    const { alg, use, ...bare } = rsa.jwk;
    expect(parseJwks({ keys: [bare] }).keys.get('rsa-1')?.alg).toBe('RS256');
  });

  const p384 = { ...generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ format: 'jwk' }), kid: 'p384' };
  const short = { ...generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' }), kid: 'short' };
  const priv = { ...ec.privateKey.export({ format: 'jwk' }), kid: 'leaked' };
  it.each([
    { name: 'an encryption key', jwk: { ...rsa.jwk, kid: 'enc', use: 'enc' }, why: 'kid enc: use is enc, not sig' },
    { name: 'a key without kid', jwk: { ...rsa.jwk, kid: undefined }, why: 'no kid' },
    { name: 'an RSA key that says ES256', jwk: { ...rsa.jwk, kid: 'mixed', alg: 'ES256' }, why: 'kid mixed: kty RSA, crv undefined, alg ES256 is not RS256 or ES256' },
    { name: 'an RSA key for PS256', jwk: { ...rsa.jwk, kid: 'ps', alg: 'PS256' }, why: 'kid ps: kty RSA, crv undefined, alg PS256 is not RS256 or ES256' },
    { name: 'a P-384 key', jwk: p384, why: 'kid p384: kty EC, crv P-384, alg undefined is not RS256 or ES256' },
    { name: 'a symmetric key', jwk: { kty: 'oct', k: 'c2VjcmV0', kid: 'oct' }, why: 'kid oct: kty oct, crv undefined, alg undefined is not RS256 or ES256' },
    { name: 'a 1024-bit RSA key', jwk: short, why: 'kid short: RSA key shorter than 2048 bits' },
    { name: 'a private key', jwk: priv, why: 'kid leaked: contains private key material' },
    { name: 'a broken modulus', jwk: { kty: 'RSA', n: '', e: 'AQAB', kid: 'broken' }, why: expect.stringMatching(/^kid broken: /) },
    { name: 'not an object', jwk: 'key', why: 'not an object' },
  ])('leaves out $name and says why', ({ jwk, why }) => {
    const { keys, skipped } = parseJwks({ keys: [ec.jwk, jwk] });
    expect([...keys.keys()]).toEqual(['ec-1']);
    expect(skipped).toEqual([expect.stringMatching(/^key 1: /)]);
    expect(skipped[0].slice('key 1: '.length)).toEqual(why);
  });

  it('drops a kid that appears twice: which key it means is unclear', () => {
    const { keys, skipped } = parseJwks({ keys: [rsa.jwk, { ...ecKey('rsa-1').jwk }, ec.jwk] });
    expect([...keys.keys()]).toEqual(['ec-1']);
    expect(skipped).toEqual(['kid rsa-1: appears more than once']);
  });

  it.each([
    ['not an object', 'keys'],
    ['no keys array', { key: [] }],
    ['null', null],
  ])('refuses a document that is %s', (_name, doc) => {
    expect(() => parseJwks(doc)).toThrow('a JWKS must be a JSON object with a "keys" array');
  });

  it('refuses a key set without one usable key, naming why each was left out', () => {
    expect(() => parseJwks({ keys: [{ ...rsa.jwk, use: 'enc' }] })).toThrow('the JWKS has no usable RS256 or ES256 signing key (key 0: kid rsa-1: use is enc, not sig)');
    expect(() => parseJwks({ keys: [] })).toThrow('the JWKS has no usable RS256 or ES256 signing key');
  });
});
