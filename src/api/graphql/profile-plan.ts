import {
  getArgumentValues,
  getNamedType,
  isObjectType,
  visit,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import type { ProfilePlan } from '../../profile/customer.loaders';
import { journeyDetailsAsked, journeyQueryOf } from './journey-query';
import { fieldsOf, selected } from './selections';
import { pageSize } from './paging';

/** Customer fields answered from the bundle (records, activity, accounts). */
const BUNDLE_FIELDS = new Set(['profile', 'sourceRecords', 'crm', 'support', 'marketing']);

/**
 * What a `customer`/`customers` query will read under each customer, so the customers and those parts load
 * in one statement and the nested resolvers find them in their loaders. `path` leads from the resolved field
 * to the Customer selections (['edges', 'node'] for a connection). Only a read-ahead: whatever it misses,
 * the nested resolvers still load themselves.
 */
export function profilePlanOf(info: GraphQLResolveInfo, path: string[] = []): ProfilePlan {
  // The same operation (its parsed document is cached) with the same variables always plans the same: walking
  // the selections again on every request showed in the profile. Plans are shared, so never changed by callers.
  const first = info.fieldNodes[0];
  if (!first) return planOf(info, path);
  let plans = remembered.get(first);
  if (!plans) remembered.set(first, (plans = new Map()));
  const key = `${path.join('.')}\u0000${variablesKey(info, first)}`;
  let plan = plans.get(key);
  if (!plan) {
    if (plans.size >= PLANS_PER_FIELD) plans.delete(plans.keys().next().value!);
    plans.set(key, (plan = Object.freeze(planOf(info, path))));
  }
  return plan;
}

/** Plans remembered per field node of a parsed operation (gone with the document), and per path and variables. */
const remembered = new WeakMap<FieldNode, Map<string, ProfilePlan>>();
/** Distinct variable values remembered per field (page sizes given as variables, say); the oldest goes first. */
const PLANS_PER_FIELD = 64;
/** The variables used below a field (its own arguments, such as the customer id, do not change the plan). */
const variablesBelow = new WeakMap<FieldNode, string[]>();

function variablesKey(info: GraphQLResolveInfo, field: FieldNode): string {
  let names = variablesBelow.get(field);
  if (!names) {
    const found = new Set<string>();
    const followed = new Set<string>();
    const pending: (SelectionSetNode | undefined)[] = [field.selectionSet];
    while (pending.length > 0) {
      const selectionSet = pending.pop();
      if (!selectionSet) continue;
      visit(selectionSet, {
        Variable: (v) => void found.add(v.name.value),
        FragmentSpread: (s) => {
          if (followed.has(s.name.value)) return;
          followed.add(s.name.value);
          pending.push(info.fragments[s.name.value]?.selectionSet);
        },
      });
    }
    names = [...found].sort();
    variablesBelow.set(field, names);
  }
  return names.length === 0 ? '' : JSON.stringify(names.map((name) => info.variableValues?.[name] ?? null));
}

function planOf(info: GraphQLResolveInfo, path: string[]): ProfilePlan {
  let nodes: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) nodes = selected(nodes, name, info.fragments);
  const fields = nodes.flatMap((n) => fieldsOf(n.selectionSet, info.fragments));
  const customerType = getNamedType(info.returnType);
  const journeyNode = fields.find((f) => f.name.value === 'journey');
  const customer = customerTypeAt(customerType, path);
  return {
    withBundle: fields.some((f) => BUNDLE_FIELDS.has(f.name.value)),
    activityLimit: activityLimitOf(fields, customer, info),
    journey: journeyNode ? journeyPlan(journeyNode, fields, customer, info) : null,
    withMetrics: fields.some((f) => f.name.value === 'metrics'),
  };
}

/** The longest `marketing { activity(first:) }` page asked for (0 when none is). */
function activityLimitOf(customerFields: FieldNode[], customerType: GraphQLObjectType | null, info: GraphQLResolveInfo): number {
  const marketingType = getNamedType(customerType?.getFields().marketing?.type);
  const field = isObjectType(marketingType) ? marketingType.getFields().activity : undefined;
  if (!field) return 0;
  let limit = 0;
  for (const marketing of customerFields.filter((f) => f.name.value === 'marketing')) {
    for (const node of selected([marketing], 'activity', info.fragments)) {
      try {
        limit = Math.max(limit, pageSize(getArgumentValues(field, node, info.variableValues).first as number | undefined, 20));
      } catch {
        // an invalid page size: the activity resolver reports it
      }
    }
  }
  return limit;
}

function journeyPlan(node: FieldNode, customerFields: FieldNode[], customerType: GraphQLObjectType | null, info: GraphQLResolveInfo): ProfilePlan['journey'] {
  const field = customerType?.getFields().journey;
  if (!field) return null;
  // the nodes the journey resolver of this response key will see (a field repeated in fragments is merged)
  const key = (f: FieldNode) => f.alias?.value ?? f.name.value;
  const sameKey = customerFields.filter((f) => f.name.value === 'journey' && key(f) === key(node));
  try {
    return journeyQueryOf(getArgumentValues(field, node, info.variableValues), journeyDetailsAsked(sameKey, info.fragments));
  } catch {
    return null; // invalid arguments: the journey resolver reports them
  }
}

/** The object type reached from `type` by following `path` through its fields. */
function customerTypeAt(type: unknown, path: string[]): GraphQLObjectType | null {
  let current = type;
  for (const name of path) {
    if (!isObjectType(current)) return null;
    current = getNamedType(current.getFields()[name]?.type);
  }
  return isObjectType(current) ? current : null;
}
