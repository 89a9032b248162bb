import type { AccessEntry } from '../../../src/audit/access-entry';

export const CUSTOMER_A = '6f1c2a8e-4b0d-4c39-9a57-0d5e1f2b3c4d';
export const CUSTOMER_B = '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d';

/** A plausible entry; `i` varies the request id and time so every entry hashes differently. */
export function entry(i: number, overrides: Partial<AccessEntry> = {}): AccessEntry {
  return {
    at: `2026-11-25T10:00:${String(i % 60).padStart(2, '0')}.123000Z`,
    requestId: `req-${i}`,
    actor: 'agent-7',
    roles: ['support_agent'],
    purpose: 'support_case',
    client: 'console',
    operationName: 'CustomerProfile',
    queryHash: 'ab'.repeat(32),
    customerIds: [CUSTOMER_A],
    fields: { 'Customer.displayName': 'allowed', 'ProfileEmail.value': 'masked' },
    outcome: 'ok',
    ...overrides,
  };
}
