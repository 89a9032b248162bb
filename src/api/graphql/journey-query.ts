import type { JourneyQuery } from '../../journey/journey.repository';
import { decodeCursor } from '../../shared/cursor';
import { badInput } from '../errors';
import { pageSize } from './paging';

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
export function journeyQueryOf(args: JourneyArgsInput): JourneyQuery {
  const first = pageSize(args.first ?? undefined, 20);
  if (args.from && args.to && args.from >= args.to) throw badInput('from must be before to');
  const before = args.after ? decodeCursor(args.after, 2) : undefined;
  return {
    first,
    channels: args.channels ?? undefined,
    from: args.from ?? undefined,
    to: args.to ?? undefined,
    before: before && { occurredAt: before[0], id: before[1] },
  };
}
