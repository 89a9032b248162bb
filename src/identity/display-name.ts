// The name a customer list shows and sorts by. Identity keeps it on `customer`, but does not choose it: the
// profile's survivorship rules do (SURVIVORSHIP_FILE), so the list and the profile name agree.

/** A live person record's names and change times. */
export interface NamedRecord {
  id: string;
  source: string;
  entity: string;
  externalId: string;
  firstName: string | null;
  lastName: string | null;
  fullName: string | null;
  sourceChangedAt: Date | null;
  lastChangedAt: Date;
}

/** The customer's name from its records (undefined: none holds one). */
export type DisplayNameOf = (records: NamedRecord[]) => string | undefined;

/**
 * The list-name rule, and a text that changes whenever the names it chooses could (the rules it applies):
 * stored after a full run refreshes every summary, so the next full run knows whether it must again.
 */
export interface ListNames {
  nameOf: DisplayNameOf;
  rules: string;
}
