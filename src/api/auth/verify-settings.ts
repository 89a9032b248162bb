import type { JwtConfig } from '../../config/jwt-config';
import { KeySet } from './key-set';
import type { VerifySettings } from './verify-token';

/** What verification needs from the configuration: the secret (if any), the JWKS key set, algorithms, skew. */
export function verifySettingsOf(jwt: JwtConfig, secret: string | undefined, warn?: (message: string) => void): VerifySettings {
  const keys = jwt.jwks ? new KeySet({ ...jwt.jwks, warn }) : undefined;
  return {
    issuer: jwt.issuer,
    audience: jwt.audience,
    algorithms: jwt.algorithms,
    clockSkewSeconds: jwt.clockSkewSeconds,
    ...(secret ? { secret } : {}),
    ...(keys ? { keys } : {}),
  };
}
