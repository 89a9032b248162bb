import jwt from 'jsonwebtoken';
import { DEFAULT_PURPOSE, type Role } from './roles';
import { TokenError } from './token-error';
import { secretKey, type VerifySettings } from './verify-token';

export { TokenError } from './token-error';
export type { VerifySettings } from './verify-token';

/** Settings that can also sign: development tokens are HS256 with the shared secret. */
export interface TokenSettings extends VerifySettings {
  secret: string;
  ttlSeconds: number;
}

/** A development token: HS256, typ JWT, the configured iss and aud, one role and its purposes. */
export function signToken(settings: TokenSettings, claims: { role: Role; subject?: string; purpose?: string; purposes?: string[] }): string {
  const purpose = claims.purpose ?? claims.purposes?.[0] ?? DEFAULT_PURPOSE[claims.role];
  const body = claims.purposes ? { roles: [claims.role], purpose, purposes: claims.purposes } : { roles: [claims.role], purpose };
  return jwt.sign(body, secretKey(settings), {
    algorithm: 'HS256',
    subject: claims.subject ?? `dev-${claims.role}`,
    issuer: settings.issuer,
    audience: settings.audience,
    expiresIn: settings.ttlSeconds,
    header: { alg: 'HS256', typ: 'JWT' },
  });
}

/** Reads `Authorization: Bearer <token>`; anything else is a TokenError. */
export function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header ?? '');
  if (!match) throw new TokenError(header ? 'malformed Authorization header' : 'no Authorization header');
  return match[1];
}
