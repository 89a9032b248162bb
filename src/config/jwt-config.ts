import { ALGORITHMS, type Algorithm } from '../api/auth/algorithms';
import type { JwksSource } from '../api/auth/key-set';
import type { EnvReader } from './env-reader';

export interface JwtConfig {
  /** HS256 secret. Absent in development: one is generated under DATA_DIR. */
  secret?: string;
  issuer: string;
  audience: string;
  /** Lifetime of the development tokens Tessera signs itself. */
  ttlSeconds: number;
  clockSkewSeconds: number;
  algorithms: Algorithm[];
  jwks?: { source: JwksSource; cacheSeconds: number; refetchCooldownSeconds: number };
}

/**
 * Which tokens are accepted. Production needs a JWKS (RS256/ES256) or an explicit JWT_SECRET (HS256).
 * With a JWKS in production, HS256 is off unless JWT_ALGORITHMS names it: a shared secret is the weaker
 * scheme and should not ride along unnoticed.
 */
export function jwtConfig(r: EnvReader, production: boolean): JwtConfig {
  const secret = r.optionalSecret('JWT_SECRET', 32);
  const jwks = jwksConfig(r, production);
  const hsByDefault = !production || (secret !== undefined && !jwks);
  const defaults: Algorithm[] = [...(hsByDefault ? (['HS256'] as const) : []), ...(jwks ? (['RS256', 'ES256'] as const) : [])];
  const algorithms = r.listOf('JWT_ALGORITHMS', ALGORITHMS, defaults);
  if (algorithms.length === 0 && defaults.length > 0) r.problem('JWT_ALGORITHMS must name at least one of HS256, RS256, ES256');
  const asymmetric = algorithms.filter((a) => a !== 'HS256');
  if (asymmetric.length > 0 && !jwks) r.problem(`JWT_ALGORITHMS lists ${asymmetric.join(', ')}, which needs JWKS_FILE or JWKS_URL`);
  if (production) {
    if (!jwks && !secret) r.problem('JWKS_FILE or JWKS_URL (or JWT_SECRET for HS256) is required when NODE_ENV=production (no development secret is generated)');
    else if (algorithms.includes('HS256') && !secret) r.problem('JWT_ALGORITHMS lists HS256, which needs JWT_SECRET when NODE_ENV=production');
  }
  return {
    secret,
    issuer: r.string('JWT_ISSUER', 'tessera'),
    audience: r.string('JWT_AUDIENCE', 'tessera-api'),
    ttlSeconds: r.int('JWT_TTL_SECONDS', 8 * 3600, 60, 30 * 24 * 3600),
    clockSkewSeconds: r.int('JWT_CLOCK_SKEW_SECONDS', 30, 0, 300),
    algorithms,
    ...(jwks ? { jwks } : {}),
  };
}

function jwksConfig(r: EnvReader, production: boolean): JwtConfig['jwks'] {
  const file = r.string('JWKS_FILE', '') || undefined;
  const url = r.optionalUrl('JWKS_URL', ['https:', 'http:']);
  const cacheSeconds = r.int('JWKS_CACHE_SECONDS', 600, 10, 86_400);
  const refetchCooldownSeconds = r.int('JWKS_REFETCH_COOLDOWN_SECONDS', 30, 1, 3600);
  if (file && url) r.problem('set JWKS_FILE or JWKS_URL, not both');
  // Plain http lets anyone on the path swap the keys; fine for a local test IdP, not for production.
  if (url && production && new URL(url).protocol !== 'https:') r.problem('JWKS_URL must start with https:// when NODE_ENV=production');
  if (!file && !url) return undefined;
  return { source: url ? { url } : { file: file as string }, cacheSeconds, refetchCooldownSeconds };
}
