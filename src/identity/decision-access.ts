import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AccessRecord } from '../audit/access-entry';

/** The caller of a human decision, as the API knows it (absent: a direct service call, logged as system). */
export interface DecisionRequest {
  requestId: string;
  roles: string[];
  purpose: string;
}

/** A link or split about to commit, for its access-log entry. */
export interface DecisionChange {
  kind: 'link' | 'split';
  actor: string;
  /** Customers of the records before the change (the ids the records had). */
  customerIds: string[];
  request?: DecisionRequest;
}

/** Written in the decision's own transaction (see IdentityService), so the change and its entry commit together. */
export type DecisionJournal = (em: EntityManager, change: DecisionChange) => Promise<unknown>;

/**
 * The entry of a link or split, shaped like eraseCustomer's: operation and field `Mutation.<name>`, outcome
 * `linked` / `split`. The request's generic GraphQL entry (same request id) is the read part beside it.
 */
export function decisionAccess(change: DecisionChange): AccessRecord {
  const operation = change.kind === 'link' ? 'linkRecords' : 'splitRecord';
  return {
    requestId: change.request?.requestId ?? `identity-${randomUUID()}`,
    actor: change.actor,
    roles: change.request?.roles ?? ['system'],
    purpose: change.request?.purpose ?? 'identity_decision',
    operationName: operation,
    customerIds: [...new Set(change.customerIds)],
    fields: { [`Mutation.${operation}`]: 'allowed' },
    outcome: change.kind === 'link' ? 'linked' : 'split',
  };
}
