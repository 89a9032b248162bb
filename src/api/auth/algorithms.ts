/**
 * The only signature algorithms Tessera accepts. HS256 uses the shared secret; RS256 and ES256 use the
 * public keys of a JWKS, and each JWKS key is bound to exactly one of them (no algorithm confusion).
 */
export const ALGORITHMS = ['HS256', 'RS256', 'ES256'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];
export type AsymmetricAlgorithm = Exclude<Algorithm, 'HS256'>;

export function isAlgorithm(value: unknown): value is Algorithm {
  return typeof value === 'string' && (ALGORITHMS as readonly string[]).includes(value);
}
