import { generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

/** A signing key pair as an identity provider would hold it, and its public JWK. */
export interface TestKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: JsonWebKey;
}

export function rsaKey(kid: string, modulusLength = 2048): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength });
  return { kid, alg: 'RS256', privateKey, publicKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

export function ecKey(kid: string): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { kid, alg: 'ES256', privateKey, publicKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' } };
}

export function jwksOf(...keys: TestKey[]): { keys: JsonWebKey[] } {
  return { keys: keys.map((k) => k.jwk) };
}

export const ISSUER = 'https://idp.example.com/';
export const AUDIENCE = 'tessera-api';

/** Valid claims for ISSUER/AUDIENCE; override or remove (undefined) any of them. */
export function claims(over: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  const all: Record<string, unknown> = { sub: 'user-1', roles: ['analyst'], purpose: 'analytics', iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600, ...over };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
}

/** Signs with the key's own algorithm and kid unless the header says otherwise. */
export function signWith(key: TestKey, payload: Record<string, unknown> = claims(), header: Record<string, unknown> = {}): string {
  const alg = (header.alg as jwt.Algorithm | undefined) ?? key.alg;
  return jwt.sign(payload, key.privateKey, { algorithm: alg, header: { alg, typ: 'JWT', kid: key.kid, ...header } as jwt.JwtHeader });
}
