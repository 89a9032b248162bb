import { isDecision } from '../../audit/access-entry';
import type { AccessLogFilter } from '../../audit/access-log-filter';
import type { ExportFormat } from '../../audit/export-log';
import { accessLogFilterProblem } from '../access-log-filter-check';

/** Every parameter /audit/export takes; anything else is refused, so a misspelt filter never exports the whole log. */
export const AUDIT_EXPORT_PARAMS = ['format', 'actor', 'role', 'purpose', 'customerId', 'field', 'decision', 'from', 'to'] as const;

const ACCEPTED = `accepted: ${AUDIT_EXPORT_PARAMS.join(', ')}`;

/**
 * The filter and format from the query string, or what is wrong with it: an unknown parameter, one given
 * twice or with brackets, an empty value (which would silently mean "no condition"), a bad value.
 */
export function auditExportParams(query: Record<string, unknown>): { filter: AccessLogFilter; format: ExportFormat } | string {
  const unknown = Object.keys(query).filter((name) => !(AUDIT_EXPORT_PARAMS as readonly string[]).includes(name));
  if (unknown.length > 0) return `unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; ${ACCEPTED}`;
  const values: Partial<Record<(typeof AUDIT_EXPORT_PARAMS)[number], string>> = {};
  for (const name of AUDIT_EXPORT_PARAMS) {
    const value = query[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') return `${name} must be given once, as name=value`;
    if (value === '') return `${name} is empty; leave it out for no condition (${ACCEPTED})`;
    values[name] = value;
  }
  const format = values.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') return 'format must be ndjson or csv';
  const filter: AccessLogFilter = { actor: values.actor, role: values.role, purpose: values.purpose, field: values.field };
  if (values.customerId) filter.customerId = values.customerId.toLowerCase();
  if (values.decision !== undefined) {
    if (!isDecision(values.decision)) return 'decision must be allowed, masked, pseudonymised, redacted or denied';
    filter.decision = values.decision;
  }
  for (const name of ['from', 'to'] as const) {
    const value = values[name];
    if (value === undefined) continue;
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) return `${name} must be an ISO date-time`;
    filter[name] = at;
  }
  return accessLogFilterProblem(filter) ?? { filter, format };
}
