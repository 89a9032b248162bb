import { createHash } from 'node:crypto';
import type { AccessEntry, AccessRecord } from './access-entry';
import { fieldSetOf } from './field-set';

/** UTC ISO time with microseconds, PostgreSQL's timestamptz precision, so a stored time reads back identically. */
export function canonicalTime(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new Error('invalid access time');
  return `${date.toISOString().slice(0, 23)}000Z`;
}

export function hashQuery(queryText: string): string {
  return createHash('sha256').update(queryText, 'utf8').digest('hex');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Sorted, deduplicated, lower-case: equal accesses serialise to equal bytes whatever order the API saw. */
export function normaliseRecord(record: AccessRecord, now: Date = new Date()): AccessEntry {
  const customerIds = [...new Set(record.customerIds.map((id) => id.toLowerCase()))].sort();
  const bad = customerIds.find((id) => !UUID.test(id));
  if (bad !== undefined) throw new Error(`access record: customer id "${bad}" is not a uuid`);
  return {
    at: canonicalTime(record.at ?? now),
    requestId: record.requestId,
    actor: record.actor,
    roles: [...new Set(record.roles)].sort(),
    purpose: record.purpose,
    client: record.client ?? null,
    operationName: record.operationName ?? null,
    queryHash: record.queryHash ?? null,
    customerIds,
    fields: fieldSetOf(record.fields).fields,
    outcome: record.outcome,
  };
}
