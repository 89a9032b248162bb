import {
  getArgumentValues,
  getNamedType,
  isObjectType,
  Kind,
  type FieldNode,
  type GraphQLObjectType,
  type GraphQLResolveInfo,
  type SelectionSetNode,
} from 'graphql';
import type { ProfilePlan } from '../../profile/customer.loaders';
import { journeyQueryOf } from './journey-query';
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
  let nodes: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) nodes = nodes.flatMap((n) => fieldsOf(n.selectionSet, info).filter((f) => f.name.value === name));
  const fields = nodes.flatMap((n) => fieldsOf(n.selectionSet, info));
  const customerType = getNamedType(info.returnType);
  const journeyNode = fields.find((f) => f.name.value === 'journey');
  const customer = customerTypeAt(customerType, path);
  return {
    withBundle: fields.some((f) => BUNDLE_FIELDS.has(f.name.value)),
    activityLimit: activityLimitOf(fields, customer, info),
    journey: journeyNode ? journeyPlan(journeyNode, customer, info) : null,
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
    for (const node of fieldsOf(marketing.selectionSet, info).filter((f) => f.name.value === 'activity')) {
      try {
        limit = Math.max(limit, pageSize(getArgumentValues(field, node, info.variableValues).first as number | undefined, 20));
      } catch {
        // an invalid page size: the activity resolver reports it
      }
    }
  }
  return limit;
}

function journeyPlan(node: FieldNode, customerType: GraphQLObjectType | null, info: GraphQLResolveInfo): ProfilePlan['journey'] {
  const field = customerType?.getFields().journey;
  if (!field) return null;
  try {
    return journeyQueryOf(getArgumentValues(field, node, info.variableValues));
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

/** The fields of a selection set, with inline fragments and fragment spreads flattened. */
function fieldsOf(selectionSet: SelectionSetNode | undefined, info: GraphQLResolveInfo): FieldNode[] {
  if (!selectionSet) return [];
  return selectionSet.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(s.selectionSet, info);
    const fragment = info.fragments[s.name.value];
    return fragment ? fieldsOf(fragment.selectionSet, info) : [];
  });
}
