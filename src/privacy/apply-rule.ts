import { maskValue, pseudonymise } from './masking';
import type { FieldRule } from './policy';

/**
 * What a caller gets for one value under its rule: the value (allow), its mask, its pseudonym, or null
 * (redact). Deny never reaches here: the request is refused first. Shared by the GraphQL plugin and exports.
 */
export function applyRule(rule: FieldRule, value: unknown, pseudonymKey: string): unknown {
  if (value === null || value === undefined || rule.action === 'allow' || rule.action === 'deny') return value;
  if (rule.action === 'redact') return null;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (rule.action === 'pseudonymise') return pseudonymise(pseudonymKey, rule.classification, text);
  return rule.mask ? maskValue(rule.mask, text) : null;
}
