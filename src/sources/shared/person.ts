import { splitFullName as splitName } from '../../shared/person-name';
import type { PersonAttributes } from '../record';
import { compact } from './result';

/** Person attributes with the lists always present, so consumers never check for missing arrays. */
export function person(fields: Partial<PersonAttributes>): PersonAttributes {
  const result: PersonAttributes = { emails: [], phones: [], addresses: [], identifiers: [] };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) (result as unknown as Record<string, unknown>)[key] = value;
  }
  return result;
}

/**
 * A single name field split as identity resolution splits it (src/shared/person-name.ts): "Dr. Jane Smithers"
 * → Jane / Smithers, "Hartley, Bill" → Bill / Hartley; titles and suffixes dropped, middle names left to the
 * full name. Before, the first word was the first name, so "Dr." and "Hartley," vetoed merges on one email.
 */
export function splitFullName(fullName: string | undefined): Pick<PersonAttributes, 'firstName' | 'lastName'> {
  if (fullName === undefined) return {};
  const { first, last } = splitName(fullName);
  return compact({ firstName: first, lastName: last });
}
