import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AccessRecord } from '../audit/access-entry';

/** The caller of a human decision, as the API knows it (absent: a direct service call, logged as system). */
export interface DecisionRequest {
  requestId: string;
  roles: string[];
  purpose: string;
}

export type DecisionKind = 'link' | 'split' | 'keep_apart' | 'withdraw';

/** The mutation and the access-log outcome of each kind of decision. */
const ENTRY: Record<DecisionKind, { operation: string; outcome: string }> = {
  link: { operation: 'linkRecords', outcome: 'linked' },
  split: { operation: 'splitRecord', outcome: 'split' },
  keep_apart: { operation: 'keepApart', outcome: 'kept_apart' },
  withdraw: { operation: 'withdrawDecision', outcome: 'withdrawn' },
};

/** A link, split, keep-apart or withdrawal about to commit, for its access-log entry. */
export interface DecisionChange {
  kind: DecisionKind;
  actor: string;
  /** Customers of the records before the change (the ids the records had). */
  customerIds: string[];
  request?: DecisionRequest;
}

/** Written in the decision's own transaction (see IdentityService), so the change and its entry commit together. */
export type DecisionJournal = (em: EntityManager, change: DecisionChange) => Promise<unknown>;

/**
 * The entry of a decision, shaped like eraseCustomer's: operation and field `Mutation.<name>`, outcome
 * `linked` / `split` / `kept_apart` / `withdrawn`. The request's generic GraphQL entry (same request id)
 * is the read part beside it.
 */
export function decisionAccess(change: DecisionChange): AccessRecord {
  const { operation, outcome } = ENTRY[change.kind];
  return {
    requestId: change.request?.requestId ?? `identity-${randomUUID()}`,
    actor: change.actor,
    roles: change.request?.roles ?? ['system'],
    purpose: change.request?.purpose ?? 'identity_decision',
    operationName: operation,
    customerIds: [...new Set(change.customerIds)],
    fields: { [`Mutation.${operation}`]: 'allowed' },
    outcome,
  };
}
