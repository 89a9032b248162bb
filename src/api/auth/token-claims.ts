import type { JwtPayload } from 'jsonwebtoken';
import { DEFAULT_PURPOSE, isRole, type Viewer } from './roles';
import { TokenError } from './token-error';

/** Purpose names are plain identifiers: they end up in policy look-ups, logs and error messages. */
export const PURPOSE_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * The caller from verified claims. `roles` must all be known (a role we do not know means the issuer and
 * Tessera disagree, so nothing is guessed). Purposes: `purposes` (a list) and/or `purpose` (the default);
 * with neither, the default purpose of the first role.
 */
export function viewerFromClaims(payload: JwtPayload): Viewer {
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new TokenError('sub is required');
  const roles: unknown = payload.roles;
  if (!Array.isArray(roles) || roles.length === 0) throw new TokenError('roles must be a non-empty list');
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new TokenError(`unknown role ${JSON.stringify(String(unknown[0]).slice(0, 64))}`);
  const known = roles.filter(isRole);
  const listed = purposeList(payload.purposes);
  const single = payload.purpose === undefined ? undefined : purposeName(payload.purpose, 'purpose');
  const purpose = single ?? listed[0] ?? DEFAULT_PURPOSE[known[0]];
  const purposes = [...new Set([purpose, ...listed])];
  return { subject: payload.sub, roles: [...new Set(known)], purpose, purposes };
}

function purposeList(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length === 0) throw new TokenError('purposes must be a non-empty list');
  return value.map((v) => purposeName(v, 'purposes'));
}

function purposeName(value: unknown, claim: string): string {
  if (typeof value !== 'string' || !PURPOSE_NAME.test(value)) throw new TokenError(`${claim} holds a value that is not a purpose name`);
  return value;
}
