import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { isAlgorithm, type Algorithm } from './algorithms';
import type { KeySet } from './key-set';
import type { JwksKey } from './jwks';
import type { Viewer } from './roles';
import { viewerFromClaims } from './token-claims';
import { TokenError } from './token-error';
import { VerifiedTokens } from './verified-tokens';

export interface VerifySettings {
  issuer: string;
  audience: string;
  /** HS256 shared secret; absent, HS256 tokens are refused. */
  secret?: string;
  /** RS256/ES256 public keys by kid; absent, RS256 and ES256 tokens are refused. */
  keys?: KeySet;
  /** Accepted algorithms; by default every one a key is configured for. */
  algorithms?: readonly Algorithm[];
  /** Leeway for exp, nbf and iat against clocks that drift; 30 s by default. */
  clockSkewSeconds?: number;
}

export const DEFAULT_CLOCK_SKEW_SECONDS = 30;

interface Header {
  alg: Algorithm;
  kid?: string;
}

/** Verifies a bearer token; the key comes from the secret (HS256) or the JWKS by kid, fetched if needed. */
export async function verifyToken(settings: VerifySettings, token: string): Promise<Viewer> {
  const cache = verifiedTokensOf(settings);
  const cached = cache.get(token);
  if (cached) return cached;
  const header = readHeader(settings, token);
  const key = header.alg === 'HS256' ? secretKey(settings) : pinned(await keySet(settings).keyFor(kidOf(header)), header.alg);
  const { viewer, exp, nbf } = verifyClaims(settings, token, header.alg, key);
  cache.set(token, viewer, { exp, nbf }, skewOf(settings));
  return viewer;
}

const verifiedTokens = new WeakMap<VerifySettings, VerifiedTokens>();
function verifiedTokensOf(settings: VerifySettings): VerifiedTokens {
  let cache = verifiedTokens.get(settings);
  if (!cache) {
    cache = new VerifiedTokens();
    verifiedTokens.set(settings, cache);
  }
  return cache;
}

const skewOf = (settings: VerifySettings) => settings.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;

/** The same checks with only keys already in memory (secret, loaded JWKS); an unknown kid is refused. */
export function verifyTokenSync(settings: VerifySettings, token: string): Viewer {
  const header = readHeader(settings, token);
  if (header.alg === 'HS256') return verifyWith(settings, token, 'HS256', secretKey(settings));
  const key = keySet(settings).cachedKeyFor(kidOf(header));
  return verifyWith(settings, token, header.alg, pinned(key, header.alg));
}

export function acceptedAlgorithms(settings: VerifySettings): readonly Algorithm[] {
  if (settings.algorithms) return settings.algorithms;
  return [...(settings.secret ? (['HS256'] as const) : []), ...(settings.keys ? (['RS256', 'ES256'] as const) : [])];
}

/** Reads the unverified header only to pick the key; nothing in it is trusted beyond that. */
function readHeader(settings: VerifySettings, token: string): Header {
  if (!token) throw new TokenError('jwt must be provided');
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload !== 'object') throw new TokenError('jwt malformed');
  const { alg, typ, kid, crit } = decoded.header as jwt.JwtHeader & { crit?: unknown };
  if (typ !== undefined && typ !== 'JWT') throw new TokenError(`unexpected typ ${String(typ).slice(0, 32)}`);
  // RFC 7515: a header extension the recipient does not understand must make it refuse the token.
  if (crit !== undefined) throw new TokenError('crit header is not supported');
  if (!isAlgorithm(alg) || !acceptedAlgorithms(settings).includes(alg)) throw new TokenError(`algorithm ${String(alg).slice(0, 16)} is not accepted`);
  if (kid !== undefined && typeof kid !== 'string') throw new TokenError('kid must be a string');
  return { alg, kid };
}

function kidOf(header: Header): string {
  if (!header.kid) throw new TokenError(`${header.alg} token without kid`);
  return header.kid;
}

/** A JWKS key verifies only the algorithm it is published for: an RS256 key never checks an ES256 or HS256 token. */
function pinned(key: JwksKey, alg: Algorithm): KeyObject {
  if (key.alg !== alg) throw new TokenError(`kid ${JSON.stringify(key.kid.slice(0, 64))} is an ${key.alg} key, the token says ${alg}`);
  return key.key;
}

function keySet(settings: VerifySettings): KeySet {
  if (!settings.keys) throw new TokenError('no JWKS is configured');
  return settings.keys;
}

/**
 * Given a string, jsonwebtoken first tries to read it as a PEM public key on every call (~0.5 ms);
 * a secret KeyObject made once per settings object skips that.
 */
const secretKeys = new WeakMap<VerifySettings, KeyObject>();
export function secretKey(settings: VerifySettings): KeyObject {
  if (!settings.secret) throw new TokenError('no HS256 secret is configured');
  let key = secretKeys.get(settings);
  if (!key) {
    key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
    secretKeys.set(settings, key);
  }
  return key;
}

/** Signature with the one pinned algorithm, then exp (required), iss, aud, nbf and iat within the skew. */
function verifyWith(settings: VerifySettings, token: string, alg: Algorithm, key: KeyObject): Viewer {
  return verifyClaims(settings, token, alg, key).viewer;
}

function verifyClaims(settings: VerifySettings, token: string, alg: Algorithm, key: KeyObject): { viewer: Viewer; exp: number; nbf?: number } {
  const skew = skewOf(settings);
  let payload: jwt.JwtPayload;
  try {
    payload = jwt.verify(token, key, { algorithms: [alg], issuer: settings.issuer, audience: settings.audience, clockTolerance: skew }) as jwt.JwtPayload;
  } catch (error) {
    throw new TokenError((error as Error).message);
  }
  if (typeof payload !== 'object') throw new TokenError('payload is not a JSON object');
  if (typeof payload.exp !== 'number') throw new TokenError('exp is required');
  if (payload.iat !== undefined && typeof payload.iat !== 'number') throw new TokenError('iat must be a number');
  if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + skew) throw new TokenError('iat is in the future');
  return { viewer: viewerFromClaims(payload), exp: payload.exp, nbf: typeof payload.nbf === 'number' ? payload.nbf : undefined };
}
