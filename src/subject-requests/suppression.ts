import { createHmac } from 'node:crypto';

/**
 * The suppression hash of a record's natural key: keyed (HMAC-SHA256), so the suppression list cannot be
 * read back into the ids it blocks without the deployment's key.
 */
export function suppressionHash(key: string, source: string, entity: string, externalId: string): string {
  return createHmac('sha256', key).update(`${source}\u0000${entity}\u0000${externalId}`).digest('hex');
}

/** Key used when none is configured (tests, development): stable, and documented as not secret. */
export const DEVELOPMENT_SUPPRESSION_KEY = 'tessera-development-suppression-key';
