import type { PersonAttributes } from '../record';

/** Person attributes with the lists always present, so consumers never check for missing arrays. */
export function person(fields: Partial<PersonAttributes>): PersonAttributes {
  const result: PersonAttributes = { emails: [], phones: [], addresses: [], identifiers: [] };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) (result as unknown as Record<string, unknown>)[key] = value;
  }
  return result;
}

/** Splits a single name field: first word / the rest, only when there are at least two words. */
export function splitFullName(fullName: string | undefined): Pick<PersonAttributes, 'firstName' | 'lastName'> {
  const words = fullName?.split(/\s+/) ?? [];
  return words.length >= 2 ? { firstName: words[0], lastName: words.slice(1).join(' ') } : {};
}
