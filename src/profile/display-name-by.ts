import type { ListNames, NamedRecord } from '../identity/display-name';
import { goldenName, type PersonRecord } from './golden-profile';
import type { Survivorship } from './survivorship';

/** The list name identity stores on `customer`, chosen by the profile's name rules (so both agree). */
export function displayNameBy(rules: Survivorship): ListNames {
  // every rule, not only the name's: a list name re-chosen once too often costs one full run's summaries
  return { nameOf: (records) => goldenName(records.map(asPersonRecord), rules), rules: JSON.stringify(rules) };
}

function asPersonRecord({ firstName, lastName, fullName, ...lineage }: NamedRecord): PersonRecord {
  const person: Record<string, unknown> = { emails: [], phones: [], addresses: [], identifiers: [] };
  if (firstName !== null) person.firstName = firstName;
  if (lastName !== null) person.lastName = lastName;
  if (fullName !== null) person.fullName = fullName;
  return { ...lineage, person };
}
