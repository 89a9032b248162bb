import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { DEFAULT_PURPOSE, isRole, type Role, type Viewer } from './roles';

export interface TokenSettings {
  secret: string;
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

/** Why a token was refused; the caller only ever sees "invalid or missing token". */
export class TokenError extends Error {
  constructor(readonly reason: string) {
    super('invalid or missing bearer token');
    this.name = 'TokenError';
  }
}

const ALGORITHM = 'HS256' as const;

/**
 * Given a string, jsonwebtoken first tries to read it as a PEM public key on every call (~0.5 ms);
 * a secret KeyObject made once per settings object skips that.
 */
const keys = new WeakMap<TokenSettings, KeyObject>();
function keyOf(settings: TokenSettings): KeyObject {
  let key = keys.get(settings);
  if (!key) {
    key = createSecretKey(Buffer.from(settings.secret, 'utf8'));
    keys.set(settings, key);
  }
  return key;
}
const CLOCK_TOLERANCE_SECONDS = 30;

export function signToken(settings: TokenSettings, claims: { role: Role; subject?: string; purpose?: string }): string {
  return jwt.sign({ roles: [claims.role], purpose: claims.purpose ?? DEFAULT_PURPOSE[claims.role] }, keyOf(settings), {
    algorithm: ALGORITHM,
    subject: claims.subject ?? `dev-${claims.role}`,
    issuer: settings.issuer,
    audience: settings.audience,
    expiresIn: settings.ttlSeconds,
    header: { alg: ALGORITHM, typ: 'JWT' },
  });
}

/** Verifies with a pinned algorithm; exp, iss and aud are required, iat may not be in the future. */
export function verifyToken(settings: TokenSettings, token: string): Viewer {
  let payload: jwt.JwtPayload;
  try {
    const decoded = jwt.verify(token, keyOf(settings), {
      algorithms: [ALGORITHM],
      issuer: settings.issuer,
      audience: settings.audience,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      complete: true,
    });
    if (decoded.header.typ !== undefined && decoded.header.typ !== 'JWT') throw new TokenError(`unexpected typ ${decoded.header.typ}`);
    payload = decoded.payload as jwt.JwtPayload;
  } catch (error) {
    if (error instanceof TokenError) throw error;
    throw new TokenError((error as Error).message);
  }
  if (typeof payload.exp !== 'number') throw new TokenError('exp is required');
  if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) throw new TokenError('iat is in the future');
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new TokenError('sub is required');
  const roles = Array.isArray(payload.roles) ? payload.roles.filter(isRole) : [];
  if (roles.length === 0) throw new TokenError('no known role in roles claim');
  const purpose = typeof payload.purpose === 'string' && payload.purpose !== '' ? payload.purpose : DEFAULT_PURPOSE[roles[0]];
  return { subject: payload.sub, roles, purpose };
}

/** Reads `Authorization: Bearer <token>`; anything else is a TokenError. */
export function bearerToken(header: string | undefined): string {
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header ?? '');
  if (!match) throw new TokenError(header ? 'malformed Authorization header' : 'no Authorization header');
  return match[1];
}
