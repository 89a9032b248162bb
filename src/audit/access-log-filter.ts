import type { Decision } from './access-entry';

/** What an auditor can ask for; every part is optional and they combine with AND. */
export interface AccessLogFilter {
  actor?: string;
  role?: string;
  purpose?: string;
  customerId?: string;
  /** Any of these customers (a person's id and the ids merged into it). */
  anyCustomerIds?: string[];
  /** A field coordinate, e.g. `ProfileEmail.value`. */
  field?: string;
  /** With `field`: that field got this decision; alone: any field did, and `denied` alone means a denied attempt (DENIED_ATTEMPT). */
  decision?: Decision;
  from?: Date;
  to?: Date;
}

/**
 * A denied attempt, the one definition `decision: denied` and the denials per day share: the operation or
 * the row was refused (outcome `denied`: e.g. a customer asking for another customer's profile, where no
 * field is marked denied) or the policy denied at least one field.
 */
export const DENIED_ATTEMPT = `(field_set IN (SELECT id FROM access_field_set WHERE decisions @> ARRAY['denied']::text[]) OR outcome = 'denied')`;

/**
 * The WHERE clause for a filter over access_log (or access_log_with_fields), each condition in the form its
 * index serves: actor (btree), customer ids (GIN, @>), at (btree); fields and decisions pick the matching
 * field sets (a small table) and then entries by field_set (btree).
 * Parameters are numbered from `firstParam`.
 */
export function filterSql(filter: AccessLogFilter, firstParam = 1): { where: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  if (filter.actor !== undefined) conditions.push(`actor = ${param(filter.actor)}`);
  if (filter.role !== undefined) conditions.push(`roles @> ARRAY[${param(filter.role)}]::text[]`);
  if (filter.purpose !== undefined) conditions.push(`purpose = ${param(filter.purpose)}`);
  if (filter.customerId !== undefined) conditions.push(`customer_ids @> ARRAY[${param(filter.customerId.toLowerCase())}]::uuid[]`);
  if (filter.anyCustomerIds !== undefined) conditions.push(`customer_ids && ${param(filter.anyCustomerIds.map((id) => id.toLowerCase()))}::uuid[]`);
  if (filter.field !== undefined && filter.decision !== undefined) {
    conditions.push(`field_set IN (SELECT id FROM access_field_set WHERE fields @> jsonb_build_object(${param(filter.field)}::text, ${param(filter.decision)}::text))`);
  } else if (filter.field !== undefined) {
    conditions.push(`field_set IN (SELECT id FROM access_field_set WHERE fields ? ${param(filter.field)})`);
  } else if (filter.decision === 'denied') {
    conditions.push(DENIED_ATTEMPT);
  } else if (filter.decision !== undefined) {
    conditions.push(`field_set IN (SELECT id FROM access_field_set WHERE decisions @> ARRAY[${param(filter.decision)}]::text[])`);
  }
  if (filter.from !== undefined) conditions.push(`at >= ${param(filter.from)}`);
  if (filter.to !== undefined) conditions.push(`at < ${param(filter.to)}`);
  return { where: conditions.length ? conditions.join(' AND ') : 'true', params };
}
