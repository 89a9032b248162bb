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

const LOWER_HEX = new Uint8Array(128);
for (const c of '0123456789abcdef') LOWER_HEX[c.charCodeAt(0)] = 1;

/** The same test as UUID, about twice as fast as the regular expression (a million ids per export). */
function isCanonicalUuid(id: string): boolean {
  if (typeof id !== 'string' || id.length !== 36) return false;
  for (let c = 0; c < 36; c++) {
    const code = id.charCodeAt(c);
    if (c === 8 || c === 13 || c === 18 || c === 23) {
      if (code !== 45) return false;
    } else if (code > 127 || LOWER_HEX[code] === 0) {
      return false;
    }
  }
  return true;
}

/**
 * Customer ids as an entry holds them: lower-case uuids, sorted, each once. Ids that already are (a segment
 * export's part, straight from its ORDER BY customer_id: uuid order is the order of the lower-case text) are
 * checked in one pass, one comparison and one character scan each, and copied; the others are lower-cased,
 * deduplicated and sorted. Both give the same list for the same ids.
 */
export function normaliseCustomerIds(ids: readonly string[]): string[] {
  let canonical = true;
  for (let i = 0; i < ids.length; i++) {
    if (!isCanonicalUuid(ids[i]!) || (i > 0 && !(ids[i - 1]! < ids[i]!))) {
      canonical = false;
      break;
    }
  }
  if (canonical) return ids.slice();
  const customerIds = [...new Set(ids.map((id) => id.toLowerCase()))].sort();
  const bad = customerIds.find((id) => !UUID.test(id));
  if (bad !== undefined) throw new Error(`access record: customer id "${bad}" is not a uuid`);
  return customerIds;
}

/** Sorted, deduplicated, lower-case: equal accesses serialise to equal bytes whatever order the API saw. */
export function normaliseRecord(record: AccessRecord, now: Date = new Date()): AccessEntry {
  const customerIds = normaliseCustomerIds(record.customerIds);
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
