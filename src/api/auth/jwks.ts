import { createPublicKey, type KeyObject } from 'node:crypto';
import type { AsymmetricAlgorithm } from './algorithms';

/** One verification key of a JWKS, bound to the one algorithm it may verify. */
export interface JwksKey {
  kid: string;
  alg: AsymmetricAlgorithm;
  key: KeyObject;
}

export interface ParsedJwks {
  keys: Map<string, JwksKey>;
  /** Keys left out, with why: logged so an operator sees a typo in the key set. */
  skipped: string[];
}

const MIN_RSA_BITS = 2048;

/**
 * Reads a JWKS document ({"keys": [...]}). Only signing keys we can pin are kept: RSA for RS256 and
 * EC P-256 for ES256, each with a kid. A kid that appears twice is dropped: which key it means is unclear.
 */
export function parseJwks(document: unknown): ParsedJwks {
  const list = (document as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(list)) throw new Error('a JWKS must be a JSON object with a "keys" array');
  const keys = new Map<string, JwksKey>();
  const duplicates = new Set<string>();
  const skipped: string[] = [];
  list.forEach((jwk, index) => {
    const result = readKey(jwk);
    if (typeof result === 'string') {
      skipped.push(`key ${index}: ${result}`);
    } else if (keys.has(result.kid) || duplicates.has(result.kid)) {
      duplicates.add(result.kid);
      keys.delete(result.kid);
    } else {
      keys.set(result.kid, result);
    }
  });
  for (const kid of duplicates) skipped.push(`kid ${kid}: appears more than once`);
  if (keys.size === 0) throw new Error(`the JWKS has no usable RS256 or ES256 signing key${skipped.length ? ` (${skipped.join('; ')})` : ''}`);
  return { keys, skipped };
}

/** The key, or why it is not usable. */
function readKey(value: unknown): JwksKey | string {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const jwk = value as Record<string, unknown>;
  if (typeof jwk.kid !== 'string' || jwk.kid === '') return 'no kid';
  if (jwk.use !== undefined && jwk.use !== 'sig') return `kid ${jwk.kid}: use is ${String(jwk.use)}, not sig`;
  // A private part in a published key set is a leak; refuse rather than quietly use the public half.
  if (jwk.d !== undefined) return `kid ${jwk.kid}: contains private key material`;
  const alg = algorithmOf(jwk);
  if (alg === undefined) return `kid ${jwk.kid}: kty ${String(jwk.kty)}, crv ${String(jwk.crv)}, alg ${String(jwk.alg)} is not RS256 or ES256`;
  let key: KeyObject;
  try {
    const pub = alg === 'RS256' ? { kty: 'RSA', n: jwk.n, e: jwk.e } : { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
    key = createPublicKey({ key: pub as never, format: 'jwk' });
  } catch (error) {
    return `kid ${jwk.kid}: ${(error as Error).message}`;
  }
  const bits = key.asymmetricKeyDetails?.modulusLength;
  if (alg === 'RS256' && (bits === undefined || bits < MIN_RSA_BITS)) return `kid ${jwk.kid}: RSA key shorter than ${MIN_RSA_BITS} bits`;
  return { kid: jwk.kid, alg, key };
}

/** The algorithm a key is for: its `alg` if it says one, else what its type implies. */
function algorithmOf(jwk: Record<string, unknown>): AsymmetricAlgorithm | undefined {
  if (jwk.kty === 'RSA' && (jwk.alg === undefined || jwk.alg === 'RS256')) return 'RS256';
  if (jwk.kty === 'EC' && jwk.crv === 'P-256' && (jwk.alg === undefined || jwk.alg === 'ES256')) return 'ES256';
  return undefined;
}
