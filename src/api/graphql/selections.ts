import { Kind, type FieldNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/** The fields of a selection set, with inline fragments and fragment spreads flattened. */
export function fieldsOf(selectionSet: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>): FieldNode[] {
  if (!selectionSet) return [];
  return selectionSet.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s];
    if (s.kind === Kind.INLINE_FRAGMENT) return fieldsOf(s.selectionSet, fragments);
    const fragment = fragments[s.name.value];
    return fragment ? fieldsOf(fragment.selectionSet, fragments) : [];
  });
}

/** The fields named `name` directly under the given nodes (fragments flattened). */
export function selected(nodes: readonly FieldNode[], name: string, fragments: Record<string, FragmentDefinitionNode>): FieldNode[] {
  return nodes.flatMap((n) => fieldsOf(n.selectionSet, fragments).filter((f) => f.name.value === name));
}
