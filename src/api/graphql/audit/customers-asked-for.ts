import {
  getArgumentValues,
  getNamedType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import type { RequestContext } from '../../context';
import { isUuid } from '../paging';

/** The operation as the audit plugin sees it when the response is sent. */
export interface AskedOperation {
  schema: GraphQLSchema;
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
  variables?: Record<string, unknown>;
}

/**
 * The customers an operation names in its root fields' arguments: `customerId` (dataSubjectExport,
 * eraseCustomer), `id` of a field answering a Customer (customer), and the customer of the source record
 * `customerBySourceRecord` names (one statement, only for this field). For refused operations, which never
 * run: "who tried to reach this person" must find them. An id that is not a uuid names no one; a uuid is
 * recorded as asked, whether such a customer exists or not.
 */
export async function customersAskedFor(asked: AskedOperation, ctx: RequestContext): Promise<string[]> {
  const { schema, document, operation } = asked;
  const root = operation ? schema.getRootType(operation.operation) : undefined;
  if (!operation || !root) return [];
  const ids = new Set<string>();
  for (const node of rootFields(operation.selectionSet, document)) {
    const field = root.getFields()[node.name.value];
    if (!field) continue;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(field, node, asked.variables ?? {});
    } catch {
      continue; // invalid arguments: nobody is named
    }
    const answersCustomer = getNamedType(field.type).name === 'Customer';
    for (const arg of field.args) {
      const value = args[arg.name];
      if (typeof value === 'string' && (arg.name === 'customerId' || (arg.name === 'id' && answersCustomer)) && isUuid(value)) ids.add(value.toLowerCase());
    }
    if (root.name === 'Query' && field.name === 'customerBySourceRecord' && typeof args.source === 'string' && typeof args.externalId === 'string') {
      const id = await ctx.customers
        .findIdBySourceRecord(args.source, args.externalId, typeof args.entity === 'string' ? args.entity : undefined)
        .catch(() => null);
      if (id) ids.add(id);
    }
  }
  return [...ids];
}

/** The operation's root fields, through fragments and inline fragments. */
function rootFields(selectionSet: SelectionSetNode, document: DocumentNode | undefined, followed = new Set<string>()): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) fields.push(...rootFields(selection.selectionSet, document, followed));
    else if (!followed.has(selection.name.value)) {
      followed.add(selection.name.value);
      const fragment = document?.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === selection.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) fields.push(...rootFields(fragment.selectionSet, document, followed));
    }
  }
  return fields;
}
