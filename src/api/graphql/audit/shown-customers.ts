import type { RequestContext } from '../../context';

/**
 * Customers a response shows (a row of a list, an id in a pair or a history): the request's access-log entry
 * names them whatever was selected, as an id, a name or only a cursor already reveals whose data it is. The
 * customer loaders note the customers they read; this is for rows read any other way. No statement.
 */
export function noteShown(ctx: RequestContext, ids: Iterable<string | null | undefined>): void {
  for (const id of ids) if (id) ctx.loaders.touched.add(id.toLowerCase());
}
