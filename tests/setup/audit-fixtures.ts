import { generateKeyPairSync } from 'node:crypto';
import type { AccessRecord } from '../../src/audit/access-entry';

/** A fresh Ed25519 signing key (PKCS#8 PEM) for checkpoints. */
export function testSigningKey(): string {
  return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** A minimal read for the access log, told apart by its request id `r-<i>`. */
export function simpleAccess(i: number): AccessRecord {
  return {
    requestId: `r-${i}`,
    actor: 'agent',
    roles: ['support_agent'],
    purpose: 'support_case',
    customerIds: [],
    fields: { 'Customer.displayName': 'allowed' },
    outcome: 'ok',
  };
}
