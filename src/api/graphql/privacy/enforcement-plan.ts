import {
  getNamedType,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { CallerRules, FieldRule } from '../../../privacy/policy';

/** What to do to a response: only the branches that lead to a masked, pseudonymised or redacted field. */
export interface PlanNode {
  /** Set on a field whose value changes. */
  rule?: FieldRule;
  /** Response keys (aliases) below this field that lead to changes. */
  children?: Map<string, PlanNode>;
}

/** What the policy decided for each field of an operation, as the access log records it. */
export type FieldDecision = 'allowed' | 'masked' | 'pseudonymised' | 'redacted' | 'denied';
const DECISION: Record<FieldRule['action'], FieldDecision> = {
  allow: 'allowed',
  mask: 'masked',
  pseudonymise: 'pseudonymised',
  redact: 'redacted',
  deny: 'denied',
};

export interface EnforcementPlan {
  /** Fields and arguments the caller may not use at all: the operation fails before it runs. */
  denied: string[];
  /** Every field (and filtering argument) the operation asks for, with the decision taken. */
  fields: Record<string, FieldDecision>;
  /** null when the response goes out as executed (nothing to change). */
  root: Map<string, PlanNode> | null;
  /**
   * Refused filtering arguments given by a variable: refused only when the request sets the variable (a
   * null or missing one filters by nothing, and generic clients declare every argument).
   */
  deniedIfSet: { variable: string; refusal: string; field: string }[];
}

/** The refusals of a plan for one request's variables, and its field decisions with them. */
export function refusalsFor(plan: EnforcementPlan, variables: Record<string, unknown> | undefined): { denied: string[]; fields: Record<string, FieldDecision> } {
  const set = plan.deniedIfSet.filter((d) => variables?.[d.variable] !== undefined && variables[d.variable] !== null);
  if (set.length === 0) return { denied: plan.denied, fields: plan.fields };
  return {
    denied: [...plan.denied, ...set.map((d) => d.refusal)],
    fields: Object.freeze({ ...plan.fields, ...Object.fromEntries(set.map((d) => [d.field, 'denied' as const])) }),
  };
}

/**
 * Walks the operation once, field by field with its type, and asks the caller's rules about each field
 * and each filtering argument. Runs once per distinct operation and caller kind (the result is cached),
 * never per field at execution time.
 */
export function buildEnforcementPlan(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  rules: CallerRules,
): EnforcementPlan {
  const denied = new Set<string>();
  const deniedIfSet: EnforcementPlan['deniedIfSet'] = [];
  const fields: Record<string, FieldDecision> = {};
  if (rules.refusal) return { denied: [rules.refusal], fields: Object.freeze(fields), root: null, deniedIfSet };
  // a variable with a default other than null is always set
  const optional = new Set(
    (operation.variableDefinitions ?? []).filter((v) => !v.defaultValue || v.defaultValue.kind === Kind.NULL).map((v) => v.variable.name.value),
  );
  const rootType = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  if (!rootType) return { denied: [], fields: Object.freeze(fields), root: null, deniedIfSet };

  const walk = (selectionSet: SelectionSetNode, type: GraphQLObjectType, into: Map<string, PlanNode>, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const target = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (isObjectType(target)) walk(selection.selectionSet, target, into, seen);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments[selection.name.value];
        if (!fragment || seen.has(fragment.name.value)) continue;
        const target = schema.getType(fragment.typeCondition.name.value);
        if (isObjectType(target)) walk(fragment.selectionSet, target, into, new Set([...seen, fragment.name.value]));
        continue;
      }
      const name = selection.name.value;
      if (name.startsWith('__')) continue; // introspection and __typename: governed by the endpoint settings
      const coordinate = `${type.name}.${name}`;
      const rule = rules.field(coordinate);
      fields[coordinate] = DECISION[rule.action];
      if (rule.action === 'deny') {
        denied.add(coordinate);
        continue;
      }
      for (const arg of selection.arguments ?? []) {
        if (arg.value.kind === Kind.NULL) continue; // filters by nothing
        for (const argRule of rules.argument(`${coordinate}.${arg.name.value}`) ?? []) {
          if (argRule.action === 'allow') continue;
          const refusal = `${coordinate}(${arg.name.value}:) filters by ${argRule.classification}`;
          const field = `${coordinate}(${arg.name.value}:)`;
          if (arg.value.kind === Kind.VARIABLE && optional.has(arg.value.name.value)) {
            deniedIfSet.push({ variable: arg.value.name.value, refusal, field });
            continue;
          }
          denied.add(refusal);
          fields[field] = 'denied';
        }
      }
      const key = selection.alias?.value ?? name;
      const node: PlanNode = into.get(key) ?? {};
      if (rule.action !== 'allow') node.rule = rule;
      const fieldType = getNamedType(type.getFields()[name]?.type);
      if (selection.selectionSet && isObjectType(fieldType)) {
        const children = node.children ?? new Map<string, PlanNode>();
        walk(selection.selectionSet, fieldType, children, seen);
        if (children.size > 0) node.children = children;
      }
      if (node.rule || node.children) into.set(key, node);
    }
  };
  const root = new Map<string, PlanNode>();
  walk(operation.selectionSet, rootType, root, new Set());
  // frozen: the plan is shared by every request of its kind, and the access log keys its field set by this object
  return { denied: [...denied], fields: Object.freeze(fields), root: root.size > 0 ? root : null, deniedIfSet };
}
