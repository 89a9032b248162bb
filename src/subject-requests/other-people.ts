import type { ChainedEntry } from '../audit/access-entry';
import type { StoredLink } from '../identity/identity.repository';

/**
 * An export is the person's own data: where an entry also concerns other people, their ids are withheld.
 * An access-log entry keeps the person's own ids and says how many other customers the same request named;
 * its hash is the stored entry's, so an auditor can still find the whole entry by position.
 */
export function ownAccessEntry(entry: ChainedEntry, own: ReadonlySet<string>): ChainedEntry & { otherCustomers: number } {
  const customerIds = entry.customerIds.filter((id) => own.has(id));
  return { ...entry, customerIds, otherCustomers: entry.customerIds.length - customerIds.length };
}

/** A scored pair as exported: the side that is another customer's record is left blank (record and customer null). */
export type ExportedLink = Omit<StoredLink, 'recordA' | 'recordB'> & { recordA: string | null; recordB: string | null };

/** The pair with the side that is not the person's record left blank. */
export function ownLink(link: StoredLink, own: ReadonlySet<string>): ExportedLink {
  const mine = (customer: string | null) => customer !== null && own.has(customer);
  if (mine(link.customerA) && !mine(link.customerB)) return { ...link, recordB: null, customerB: null };
  if (mine(link.customerB) && !mine(link.customerA)) return { ...link, recordA: null, customerA: null };
  return link;
}
