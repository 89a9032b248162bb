import { createHmac } from 'node:crypto';

/**
 * The suppression hash of a record's natural key: keyed (HMAC-SHA256), so the suppression list cannot be
 * read back into the ids it blocks without the deployment's key.
 */
export function suppressionHash(key: string, source: string, entity: string, externalId: string): string {
  return createHmac('sha256', key).update(`${source}\u0000${entity}\u0000${externalId}`).digest('hex');
}

/**
 * The suppression hash of a person's normalised identity key (an email match key, an E.164 phone or
 * `type:VALUE` identifier, as identity_key holds them), so that a new record in another silo carrying
 * them is not imported either. The leading \u0001 keeps it apart from natural keys (source names are
 * lower-case words).
 */
export function identityKeyHash(key: string, kind: string, value: string): string {
  return createHmac('sha256', key).update(`\u0001identity\u0000${kind}\u0000${value}`).digest('hex');
}

/** Key used when none is configured (tests, development): stable, and documented as not secret. */
export const DEVELOPMENT_SUPPRESSION_KEY = 'tessera-development-suppression-key';
