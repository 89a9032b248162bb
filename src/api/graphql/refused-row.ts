import type { RequestContext } from '../context';

/**
 * A read by id that a row-limited caller (a customer asking for someone else, marketing without consent) got
 * nothing for: the caller only sees null, whether the customer exists or not, but the access log records the
 * attempt as denied with the id asked for, so auditors find refused attempts per customer.
 */
export function recordRefusedRow(ctx: RequestContext, requestedId: string): void {
  if (!ctx.loaders.restricted) return;
  ctx.access.denied = true;
  ctx.loaders.touched.add(requestedId.toLowerCase());
}
