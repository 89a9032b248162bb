import type { CallerRules } from '../privacy/policy';
import { CONSENT_READ, EVENT_CHANNEL_READ, EVENT_SOURCE_READ, eventTypeSpec, PROFILE_ATTRIBUTES, SOURCE_READ, type FieldRead } from './catalogues';
import { leavesOf, type Condition, type LeafCondition } from './definition';

/** One thing a condition reads: an API field (coordinate), or a classification (computed traits). */
export interface ConditionRead {
  path: string;
  /** `Type.field` as the API shows it, or `trait csat`. */
  what: string;
  coordinate: string | null;
  classification: string | null;
  needs: FieldRead['needs'];
}

/** Every field each condition of the tree reads. */
export function readsOf(condition: Condition): ConditionRead[] {
  return leavesOf(condition).flatMap(leafReads);
}

function leafReads(leaf: LeafCondition): ConditionRead[] {
  const field = (read: FieldRead): ConditionRead => ({ path: leaf.path, what: read.coordinate, coordinate: read.coordinate, classification: null, needs: read.needs });
  switch (leaf.kind) {
    case 'trait':
      return [{ path: leaf.path, what: `trait ${leaf.trait.name}`, coordinate: null, classification: leaf.trait.classification, needs: 'value' }];
    case 'profile':
      return [field(PROFILE_ATTRIBUTES.find((a) => a.name === leaf.attribute)!.reads)];
    case 'source':
      return [field(SOURCE_READ)];
    case 'consent':
      return [field(CONSENT_READ)];
    case 'event':
      return [
        field(eventTypeSpec(leaf.type).reads),
        ...(leaf.channel !== null ? [field(EVENT_CHANNEL_READ)] : []),
        ...(leaf.source !== null ? [field(EVENT_SOURCE_READ)] : []),
      ];
  }
}

/**
 * What the caller may not filter by, one line per condition and field. A condition may use what the caller
 * could see of the field: its value needs `allow`; presence needs any visible form (masked to something,
 * pseudonymised); a birth year needs `allow` or the year mask. Same rule as filtering arguments of the API:
 * no searching by a field you may not read.
 */
export function policyProblems(condition: Condition, rules: CallerRules): string[] {
  if (rules.refusal) return [rules.refusal];
  const problems: string[] = [];
  for (const read of readsOf(condition)) {
    const verdict = judge(read, rules);
    if (verdict) problems.push(`${read.path}: reads ${read.what} (${verdict})`);
  }
  return [...new Set(problems)];
}

/** Why the read is refused, or null when it is allowed. */
function judge(read: ConditionRead, rules: CallerRules): string | null {
  if (read.coordinate === null) {
    const action = rules.classification(read.classification!);
    return action === 'allow' ? null : `${read.classification} is ${describe(action)} for this caller`;
  }
  const rule = rules.field(read.coordinate);
  const visible = rule.action === 'allow' || rule.action === 'pseudonymise' || (rule.action === 'mask' && rule.mask !== 'null');
  const ok =
    rule.action === 'allow' ||
    (read.needs === 'presence' && visible) ||
    (read.needs === 'year' && rule.action === 'mask' && rule.mask === 'year');
  return ok ? null : `${rule.classification} is ${describe(rule.action)}${rule.action === 'mask' ? ` to ${rule.mask}` : ''} for this caller`;
}

const describe = (action: string): string =>
  ({ allow: 'allowed', mask: 'masked', pseudonymise: 'pseudonymised', redact: 'redacted', deny: 'denied' })[action] ?? action;
