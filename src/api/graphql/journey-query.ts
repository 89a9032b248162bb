import type { FieldNode, FragmentDefinitionNode } from 'graphql';
import type { JourneyQuery } from '../../journey/journey.repository';
import { decodeCursorOf } from '../../shared/cursor';
import { badInput } from '../errors';
import { pageSize } from './paging';
import { fieldsOf, selected } from './selections';

export interface JourneyArgsInput {
  first?: number | null;
  after?: string | null;
  channels?: string[] | null;
  from?: Date | null;
  to?: Date | null;
}

/**
 * The journey page asked for by a field's arguments. The resolver and the prefetch plan both build it here,
 * so a page read ahead is found under the same loader key.
 */
export function journeyQueryOf(args: JourneyArgsInput, details = true): JourneyQuery {
  const first = pageSize(args.first ?? undefined, 20);
  if (args.from && args.to && args.from >= args.to) throw badInput('from must be before to');
  const before = args.after ? decodeCursorOf(args.after, ['timestamp', 'id']) : undefined;
  return {
    first,
    channels: args.channels ?? undefined,
    from: args.from ?? undefined,
    to: args.to ?? undefined,
    before: before && { occurredAt: before[0], id: before[1] },
    details,
  };
}

/** Entry fields read only when a query selects them (JourneyQuery.details). */
const DETAIL_FIELDS = new Set(['summary', 'attributes']);
const detailsAskedOf = new WeakMap<FieldNode, boolean>();

/**
 * Whether the `journey` field nodes (one response key) select an entry's summary or attributes. The resolver and
 * the prefetch plan both decide it here, so a page read ahead is found under the same loader key. Remembered
 * per node: which nodes a request executes can depend on @include/@skip, what one node selects cannot.
 */
export function journeyDetailsAsked(nodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>): boolean {
  return nodes.some((node) => {
    let asked = detailsAskedOf.get(node);
    if (asked === undefined) {
      const entries = selected(selected([node], 'edges', fragments), 'node', fragments);
      asked = entries.some((entry) => fieldsOf(entry.selectionSet, fragments).some((f) => DETAIL_FIELDS.has(f.name.value)));
      detailsAskedOf.set(node, asked);
    }
    return asked;
  });
}
