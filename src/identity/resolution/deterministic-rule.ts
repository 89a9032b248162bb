// Exact shared identifiers (customer number, email, phone) link two records on their own, named as the
// rule that decided, unless the records contradict each other: a clearly different first name or birth
// date (a family email or household phone) or a different identifier of the same type.
import { personalDisagreement } from '../engine/family-rule';
import { EMAIL, EMAIL_LEVEL, IDENTIFIER, IDENTIFIER_LEVEL, PHONE, PHONE_LEVEL } from '../engine/levels';
import type { MatchRecord } from '../engine/match-record';
import { conflictsOf } from '../engine/score';
import type { DeterministicRuleName } from '../identity-config';

export function deterministicRule(
  a: MatchRecord,
  b: MatchRecord,
  levels: ArrayLike<number>,
  swapped: boolean,
  enabled: readonly DeterministicRuleName[],
): DeterministicRuleName | undefined {
  const rule = exactLevel(levels, enabled);
  if (!rule) return undefined;
  if (personalDisagreement(levels, swapped)) return undefined;
  return conflictsOf(a, b, levels).length === 0 ? rule : undefined;
}

function exactLevel(levels: ArrayLike<number>, enabled: readonly DeterministicRuleName[]): DeterministicRuleName | undefined {
  if (levels[IDENTIFIER] === IDENTIFIER_LEVEL.exact && enabled.includes('exact_identifier')) return 'exact_identifier';
  if (levels[EMAIL] === EMAIL_LEVEL.exact && enabled.includes('exact_email')) return 'exact_email';
  if (levels[PHONE] === PHONE_LEVEL.exact && enabled.includes('exact_phone')) return 'exact_phone';
  return undefined;
}
