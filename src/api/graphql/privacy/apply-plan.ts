import { applyRule } from '../../../privacy/apply-rule';
import type { FieldRule } from '../../../privacy/policy';
import type { PlanNode } from './enforcement-plan';

/** Per field coordinate: what the policy did to how many values (goes to the response extensions). */
export type Changes = Map<string, { classification: string; action: string; count: number }>;

/** Applies a plan to executed data in place. Only the planned branches are visited. */
export function applyPlan(data: Record<string, unknown>, root: Map<string, PlanNode>, pseudonymKey: string, changes: Changes): void {
  visit(data, root, pseudonymKey, changes);
}

function visit(value: unknown, nodes: Map<string, PlanNode>, key: string, changes: Changes): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) visit(item, nodes, key, changes);
    return;
  }
  const object = value as Record<string, unknown>;
  for (const [responseKey, node] of nodes) {
    const current = object[responseKey];
    if (current === undefined || current === null) continue;
    if (node.rule) object[responseKey] = transform(current, node.rule, key, changes);
    else if (node.children) visit(current, node.children, key, changes);
  }
}

function transform(value: unknown, rule: FieldRule, key: string, changes: Changes): unknown {
  if (Array.isArray(value)) return value.map((v) => (v === null ? null : transform(v, rule, key, changes)));
  const entry = changes.get(rule.coordinate) ?? { classification: rule.classification, action: rule.action, count: 0 };
  entry.count += 1;
  changes.set(rule.coordinate, entry);
  return applyRule(rule, value, key);
}
