import {
  getNamedType,
  getNullableType,
  GraphQLInt,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface CostRules {
  /** `first` when the operation does not give one. */
  defaultPageSize: number;
  /** Items a list without `first` is assumed to hold. */
  unpagedListSize: number;
}

/** What the limits look at, for one operation and its variables. */
export interface OperationMeasure {
  /** Deepest field nesting; root fields are depth 1. */
  depth: number;
  /** Aliased fields, counted each time a fragment that holds them is spread. */
  aliases: number;
  rootFields: number;
  /** Each field costs 1; a field's subtree counts once per item of its list or page. */
  cost: number;
  /** Largest `first` asked for; 0 when none. */
  largestPage: number;
  /** Some `first` came from a variable: the measure may differ with other variables. */
  dependsOnVariables: boolean;
}

interface Part {
  depth: number;
  aliases: number;
  cost: number;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  variableDefaults: Map<string, unknown>;
  rules: CostRules;
  largestPage: number;
  dependsOnVariables: boolean;
  /** Fragments measured once per operation: a fragment spread many times is not walked again. */
  fragmentParts: Map<string, Part>;
}

const EMPTY: Part = { depth: 0, aliases: 0, cost: 0 };

/**
 * Depth, aliases, root fields and estimated cost of the operation that will run, in one walk of its AST
 * with fragments expanded (each fragment is measured once). Introspection fields other than __typename
 * are not counted: production refuses them, and development's explorer needs them.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown> | undefined,
  rules: CostRules,
): OperationMeasure {
  const walk: Walk = {
    schema,
    fragments,
    variables: variables ?? {},
    variableDefaults: defaultsOf(operation),
    rules,
    largestPage: 0,
    dependsOnVariables: false,
    fragmentParts: new Map(),
  };
  const rootType = schema.getRootType(operation.operation);
  const root = rootType ? measureSelections(operation.selectionSet, rootType, walk) : EMPTY;
  return {
    depth: root.depth,
    aliases: root.aliases,
    rootFields: rootType ? countRootFields(operation.selectionSet, fragments, new Set()) : 0,
    cost: root.cost,
    largestPage: walk.largestPage,
    dependsOnVariables: walk.dependsOnVariables,
  };
}

function measureSelections(selectionSet: SelectionSetNode, parentType: GraphQLNamedType, walk: Walk): Part {
  const total: Part = { depth: 0, aliases: 0, cost: 0 };
  for (const selection of selectionSet.selections) {
    let part: Part;
    if (selection.kind === Kind.FIELD) part = measureField(selection, parentType, walk);
    else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parentType;
      part = type ? measureSelections(selection.selectionSet, type, walk) : EMPTY;
    } else part = measureFragment(selection.name.value, walk);
    total.depth = Math.max(total.depth, part.depth);
    total.aliases += part.aliases;
    total.cost += part.cost;
  }
  return total;
}

function measureFragment(name: string, walk: Walk): Part {
  const known = walk.fragmentParts.get(name);
  if (known) return known;
  const fragment = walk.fragments[name];
  const type = fragment && walk.schema.getType(fragment.typeCondition.name.value);
  // Validation refuses fragment cycles before this runs; the placeholder keeps a bad document finite anyway.
  walk.fragmentParts.set(name, EMPTY);
  const part = type ? measureSelections(fragment.selectionSet, type, walk) : EMPTY;
  walk.fragmentParts.set(name, part);
  return part;
}

function measureField(node: FieldNode, parentType: GraphQLNamedType, walk: Walk): Part {
  const name = node.name.value;
  if (name.startsWith('__') && name !== '__typename') return EMPTY;
  const alias = node.alias ? 1 : 0;
  const field = isObjectType(parentType) || isInterfaceType(parentType) ? parentType.getFields()[name] : undefined;
  if (!node.selectionSet || !field) return { depth: 1, aliases: alias, cost: 1 };
  const inner = measureSelections(node.selectionSet, getNamedType(field.type), walk);
  return {
    depth: 1 + inner.depth,
    aliases: alias + inner.aliases,
    cost: 1 + itemsOf(node, field, parentType, walk) * inner.cost,
  };
}

/** How many times a field's subtree is resolved: its page size, or the assumed size of an unpaged list. */
function itemsOf(node: FieldNode, field: GraphQLField<unknown, unknown>, parentType: GraphQLNamedType, walk: Walk): number {
  const first = field.args.find((arg) => arg.name === 'first');
  if (first) {
    const n = pageSizeOf(node, first.defaultValue, walk);
    walk.largestPage = Math.max(walk.largestPage, n);
    return Math.max(0, n);
  }
  if (!isListType(getNullableType(field.type))) return 1;
  // The edges of a connection are already counted by the connection's `first`.
  if (parentType.name.endsWith('Connection') && node.name.value === 'edges') return 1;
  return walk.rules.unpagedListSize;
}

function pageSizeOf(node: FieldNode, schemaDefault: unknown, walk: Walk): number {
  const arg = node.arguments?.find((a) => a.name.value === 'first');
  let value: unknown;
  if (arg?.value.kind === Kind.VARIABLE) {
    const variable = arg.value.name.value;
    walk.dependsOnVariables = true;
    value = variable in walk.variables ? walk.variables[variable] : walk.variableDefaults.get(variable);
  } else if (arg) {
    value = valueFromAST(arg.value, GraphQLInt);
  } else {
    value = schemaDefault;
  }
  // A missing or null `first` means the resolver's default page; a non-integer fails at execution.
  return typeof value === 'number' && Number.isFinite(value) ? value : walk.rules.defaultPageSize;
}

function defaultsOf(operation: OperationDefinitionNode): Map<string, unknown> {
  const defaults = new Map<string, unknown>();
  for (const definition of operation.variableDefinitions ?? []) {
    if (definition.defaultValue) defaults.set(definition.variable.name.value, valueFromAST(definition.defaultValue, GraphQLInt));
  }
  return defaults;
}

function countRootFields(selectionSet: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, seen: Set<string>): number {
  let count = 0;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) count += 1;
    else if (selection.kind === Kind.INLINE_FRAGMENT) count += countRootFields(selection.selectionSet, fragments, seen);
    else {
      const fragment = fragments[selection.name.value];
      if (!fragment || seen.has(fragment.name.value)) continue;
      seen.add(fragment.name.value);
      count += countRootFields(fragment.selectionSet, fragments, seen);
    }
  }
  return count;
}
